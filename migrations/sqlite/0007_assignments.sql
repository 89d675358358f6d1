-- Departments at work (issue #7): customer service officers, course assignments that reach
-- people who join later, and running totals per department and course for the reports.

-- A customer service officer carries the academy into one department (and its divisions).
CREATE TABLE department_officers (
    department_id INTEGER NOT NULL REFERENCES departments (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    added_by INTEGER REFERENCES users (id),
    added_at INTEGER NOT NULL,
    PRIMARY KEY (department_id, user_id)
);
CREATE INDEX department_officers_user ON department_officers (user_id);

-- A course assigned to a department, a division (the department and every department under
-- it), a job title (city-wide, or within `department_id` when an officer assigned it), or a
-- list of people. Live assignments reach people who match later; withdrawn ones stop.
CREATE TABLE assignments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id INTEGER NOT NULL REFERENCES courses (id),
    kind TEXT NOT NULL CHECK (kind IN ('department', 'division', 'job-title', 'list')),
    department_id INTEGER REFERENCES departments (id),
    job_title TEXT NOT NULL DEFAULT '',
    -- ISO date in the academy's time zone.
    due_on TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    withdrawn_at INTEGER,
    withdrawn_by INTEGER REFERENCES users (id)
);
CREATE INDEX assignments_live ON assignments (withdrawn_at, course_id);

CREATE TABLE assignment_people (
    assignment_id INTEGER NOT NULL REFERENCES assignments (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (assignment_id, user_id)
);

ALTER TABLE enrollments ADD COLUMN assignment_id INTEGER REFERENCES assignments (id);
CREATE INDEX enrollments_assignment ON enrollments (assignment_id);
CREATE INDEX users_job_title ON users (job_title);
CREATE INDEX users_active_department ON users (active, department_code);

-- The uploaded file of a dry run, kept so the administrator can import exactly what they
-- reviewed; the report as the administrator saw it.
ALTER TABLE roster_imports ADD COLUMN report TEXT NOT NULL DEFAULT '';
ALTER TABLE roster_imports ADD COLUMN strict INTEGER NOT NULL DEFAULT 0;
ALTER TABLE roster_imports ADD COLUMN body TEXT;

-- One-time links with which people created without a password (by the roster) choose one.
-- Only the token's SHA-256 is stored; a link works once, until it expires.
CREATE TABLE password_links (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_by INTEGER REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX password_links_user ON password_links (user_id);

-- Active enrolments of active people by department, course and whether someone else assigned
-- them, with how many are completed; and the open ones with a due date by the due date's month.
-- The department reports read these instead of a million enrolments. Database triggers keep
-- them, so every way an enrolment or a person changes keeps them right. Overdue on a given day
-- is the open ones due in earlier months plus this month's, looked up by day in `enrollments`.
-- `department_code` '' is people without a department.
CREATE TABLE department_course_tallies (
    department_code TEXT NOT NULL,
    course_id INTEGER NOT NULL,
    assigned INTEGER NOT NULL,
    enrolled INTEGER NOT NULL DEFAULT 0,
    completed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (department_code, course_id, assigned)
);
CREATE TABLE department_due_tallies (
    department_code TEXT NOT NULL,
    course_id INTEGER NOT NULL,
    due_month TEXT NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (department_code, course_id, due_month)
);

INSERT INTO department_course_tallies (department_code, course_id, assigned, enrolled, completed)
SELECT COALESCE(u.department_code, ''), e.course_id, CASE WHEN e.enrolled_by IS NOT NULL OR e.assignment_id IS NOT NULL THEN 1 ELSE 0 END, COUNT(*), SUM(CASE WHEN e.completed_at IS NULL THEN 0 ELSE 1 END)
FROM enrollments e JOIN users u ON u.id = e.user_id
WHERE e.active = 1 AND u.active = 1
GROUP BY 1, 2, 3;
INSERT INTO department_due_tallies (department_code, course_id, due_month, pending)
SELECT COALESCE(u.department_code, ''), e.course_id, SUBSTR(e.due_on, 1, 7), COUNT(*)
FROM enrollments e JOIN users u ON u.id = e.user_id
WHERE e.active = 1 AND u.active = 1 AND e.due_on IS NOT NULL AND e.completed_at IS NULL
GROUP BY 1, 2, 3;

CREATE TRIGGER enrollments_tally_insert AFTER INSERT ON enrollments WHEN NEW.active = 1
BEGIN
    INSERT INTO department_course_tallies (department_code, course_id, assigned, enrolled, completed)
    SELECT COALESCE(u.department_code, ''), NEW.course_id, CASE WHEN NEW.enrolled_by IS NOT NULL OR NEW.assignment_id IS NOT NULL THEN 1 ELSE 0 END, 1, 1 * CASE WHEN NEW.completed_at IS NULL THEN 0 ELSE 1 END
    FROM users u WHERE u.id = NEW.user_id AND u.active = 1
    ON CONFLICT (department_code, course_id, assigned) DO UPDATE
    SET enrolled = enrolled + excluded.enrolled, completed = completed + excluded.completed;
    INSERT INTO department_due_tallies (department_code, course_id, due_month, pending)
    SELECT COALESCE(u.department_code, ''), NEW.course_id, SUBSTR(NEW.due_on, 1, 7), 1
    FROM users u WHERE u.id = NEW.user_id AND u.active = 1
        AND NEW.due_on IS NOT NULL AND NEW.completed_at IS NULL
    ON CONFLICT (department_code, course_id, due_month) DO UPDATE
    SET pending = pending + excluded.pending;
END;

CREATE TRIGGER enrollments_tally_update AFTER UPDATE OF active, due_on, completed_at, enrolled_by, assignment_id ON enrollments
BEGIN
    INSERT INTO department_course_tallies (department_code, course_id, assigned, enrolled, completed)
    SELECT COALESCE(u.department_code, ''), OLD.course_id, CASE WHEN OLD.enrolled_by IS NOT NULL OR OLD.assignment_id IS NOT NULL THEN 1 ELSE 0 END, -1, -1 * CASE WHEN OLD.completed_at IS NULL THEN 0 ELSE 1 END
    FROM users u WHERE u.id = OLD.user_id AND u.active = 1 AND OLD.active = 1
    ON CONFLICT (department_code, course_id, assigned) DO UPDATE
    SET enrolled = enrolled + excluded.enrolled, completed = completed + excluded.completed;
    INSERT INTO department_due_tallies (department_code, course_id, due_month, pending)
    SELECT COALESCE(u.department_code, ''), OLD.course_id, SUBSTR(OLD.due_on, 1, 7), -1
    FROM users u WHERE u.id = OLD.user_id AND u.active = 1 AND OLD.active = 1
        AND OLD.due_on IS NOT NULL AND OLD.completed_at IS NULL
    ON CONFLICT (department_code, course_id, due_month) DO UPDATE
    SET pending = pending + excluded.pending;
    INSERT INTO department_course_tallies (department_code, course_id, assigned, enrolled, completed)
    SELECT COALESCE(u.department_code, ''), NEW.course_id, CASE WHEN NEW.enrolled_by IS NOT NULL OR NEW.assignment_id IS NOT NULL THEN 1 ELSE 0 END, 1, 1 * CASE WHEN NEW.completed_at IS NULL THEN 0 ELSE 1 END
    FROM users u WHERE u.id = NEW.user_id AND u.active = 1 AND NEW.active = 1
    ON CONFLICT (department_code, course_id, assigned) DO UPDATE
    SET enrolled = enrolled + excluded.enrolled, completed = completed + excluded.completed;
    INSERT INTO department_due_tallies (department_code, course_id, due_month, pending)
    SELECT COALESCE(u.department_code, ''), NEW.course_id, SUBSTR(NEW.due_on, 1, 7), 1
    FROM users u WHERE u.id = NEW.user_id AND u.active = 1 AND NEW.active = 1
        AND NEW.due_on IS NOT NULL AND NEW.completed_at IS NULL
    ON CONFLICT (department_code, course_id, due_month) DO UPDATE
    SET pending = pending + excluded.pending;
END;

CREATE TRIGGER users_tally_move AFTER UPDATE OF department_code, active ON users
WHEN OLD.department_code IS NOT NEW.department_code OR OLD.active <> NEW.active
BEGIN
    INSERT INTO department_course_tallies (department_code, course_id, assigned, enrolled, completed)
    SELECT COALESCE(OLD.department_code, ''), e.course_id, CASE WHEN e.enrolled_by IS NOT NULL OR e.assignment_id IS NOT NULL THEN 1 ELSE 0 END, -1 * COUNT(*), -1 * SUM(CASE WHEN e.completed_at IS NULL THEN 0 ELSE 1 END)
    FROM enrollments e WHERE e.user_id = OLD.id AND e.active = 1 AND OLD.active = 1
    GROUP BY 1, 2, 3
    ON CONFLICT (department_code, course_id, assigned) DO UPDATE
    SET enrolled = enrolled + excluded.enrolled, completed = completed + excluded.completed;
    INSERT INTO department_due_tallies (department_code, course_id, due_month, pending)
    SELECT COALESCE(OLD.department_code, ''), e.course_id, SUBSTR(e.due_on, 1, 7), -1 * COUNT(*)
    FROM enrollments e WHERE e.user_id = OLD.id AND e.active = 1 AND OLD.active = 1
        AND e.due_on IS NOT NULL AND e.completed_at IS NULL
    GROUP BY 1, 2, 3
    ON CONFLICT (department_code, course_id, due_month) DO UPDATE
    SET pending = pending + excluded.pending;
    INSERT INTO department_course_tallies (department_code, course_id, assigned, enrolled, completed)
    SELECT COALESCE(NEW.department_code, ''), e.course_id, CASE WHEN e.enrolled_by IS NOT NULL OR e.assignment_id IS NOT NULL THEN 1 ELSE 0 END, 1 * COUNT(*), 1 * SUM(CASE WHEN e.completed_at IS NULL THEN 0 ELSE 1 END)
    FROM enrollments e WHERE e.user_id = NEW.id AND e.active = 1 AND NEW.active = 1
    GROUP BY 1, 2, 3
    ON CONFLICT (department_code, course_id, assigned) DO UPDATE
    SET enrolled = enrolled + excluded.enrolled, completed = completed + excluded.completed;
    INSERT INTO department_due_tallies (department_code, course_id, due_month, pending)
    SELECT COALESCE(NEW.department_code, ''), e.course_id, SUBSTR(e.due_on, 1, 7), 1 * COUNT(*)
    FROM enrollments e WHERE e.user_id = NEW.id AND e.active = 1 AND NEW.active = 1
        AND e.due_on IS NOT NULL AND e.completed_at IS NULL
    GROUP BY 1, 2, 3
    ON CONFLICT (department_code, course_id, due_month) DO UPDATE
    SET pending = pending + excluded.pending;
END;
