-- Courses and lessons as synced from courses/ on start: stable ids for enrolments and progress.
-- A course or lesson that disappears from disk is retired (retired = 1), never deleted.
CREATE TABLE courses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    session_required INTEGER NOT NULL DEFAULT 0,
    pass_mark INTEGER NOT NULL DEFAULT 80,
    retired INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);

CREATE TABLE lessons (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id INTEGER NOT NULL REFERENCES courses (id),
    slug TEXT NOT NULL,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    minutes INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    retired INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    UNIQUE (course_id, slug)
);
CREATE INDEX lessons_course ON lessons (course_id, position);
