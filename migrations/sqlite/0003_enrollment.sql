-- Enrolment, lesson progress, knowledge-check attempts and certificates.
-- Nothing here is deleted: unenrolling clears `active` and leaves an event; a revoked certificate
-- keeps its row so its verification page can say it was revoked.
CREATE TABLE enrollments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    course_id INTEGER NOT NULL REFERENCES courses (id),
    active INTEGER NOT NULL DEFAULT 1,
    enrolled_at INTEGER NOT NULL,
    enrolled_by INTEGER REFERENCES users (id),
    -- An ISO date (YYYY-MM-DD) in the academy's time zone, or NULL.
    due_on TEXT,
    completed_at INTEGER,
    completed_version INTEGER,
    updated_at INTEGER NOT NULL,
    UNIQUE (user_id, course_id)
);
CREATE INDEX enrollments_course ON enrollments (course_id, active);
CREATE INDEX enrollments_due ON enrollments (due_on);

CREATE TABLE enrollment_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    enrollment_id INTEGER NOT NULL REFERENCES enrollments (id),
    kind TEXT NOT NULL CHECK (kind IN ('enrolled', 're-enrolled', 'unenrolled', 'due-changed', 'completed')),
    actor_id INTEGER REFERENCES users (id),
    detail TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL
);
CREATE INDEX enrollment_events_enrollment ON enrollment_events (enrollment_id, at);

CREATE TABLE lesson_progress (
    user_id INTEGER NOT NULL REFERENCES users (id),
    lesson_id INTEGER NOT NULL REFERENCES lessons (id),
    course_id INTEGER NOT NULL REFERENCES courses (id),
    opened_at INTEGER NOT NULL,
    done_at INTEGER,
    PRIMARY KEY (user_id, lesson_id)
);
CREATE INDEX lesson_progress_course ON lesson_progress (user_id, course_id);

CREATE TABLE check_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    course_id INTEGER NOT NULL REFERENCES courses (id),
    course_version INTEGER NOT NULL,
    -- The one-use token of the form the answers came from: a replayed submission collides here.
    token TEXT NOT NULL UNIQUE,
    correct INTEGER NOT NULL,
    total INTEGER NOT NULL,
    percent INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    -- JSON: {"q1": ["a"], "q2": ["b", "c"]}
    answers TEXT NOT NULL,
    submitted_at INTEGER NOT NULL
);
CREATE INDEX check_attempts_user ON check_attempts (user_id, course_id, submitted_at);

CREATE TABLE certificates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    course_id INTEGER NOT NULL REFERENCES courses (id),
    course_version INTEGER NOT NULL,
    learner_name TEXT NOT NULL,
    course_title TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    revoked_at INTEGER,
    revoked_by INTEGER REFERENCES users (id),
    revoked_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX certificates_user ON certificates (user_id, course_id);

-- Whether a course has a knowledge check to pass, kept in step by the course sync.
ALTER TABLE courses ADD COLUMN has_check INTEGER NOT NULL DEFAULT 0;
