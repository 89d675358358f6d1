-- Departments (issue #7): first-class records with a code (the HR export's key) and an
-- optional parent for divisions; people carry what the HR roster says about them.
CREATE TABLE departments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    parent_id INTEGER REFERENCES departments (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- NULL: the person was not created or updated by a roster import.
ALTER TABLE users ADD COLUMN department_code TEXT;
ALTER TABLE users ADD COLUMN job_title TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN manager_employee_id TEXT;
CREATE INDEX users_department_code ON users (department_code);

-- Every import, dry run or not, with its counts: who changed the roster, when, and how.
CREATE TABLE roster_imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    file_name TEXT NOT NULL,
    dry_run INTEGER NOT NULL,
    full_roster INTEGER NOT NULL,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    deactivated INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    problems INTEGER NOT NULL,
    applied INTEGER NOT NULL,
    imported_by TEXT NOT NULL,
    at INTEGER NOT NULL
);
