-- Instructor benchmarking (issue #6): running totals the dashboards read instead of the
-- million rows of answers. They are written in the same transaction as the answers, so a new
-- response is counted the moment it is stored.

-- People marked attended or late, kept in step by every attendance change.
ALTER TABLE training_sessions ADD COLUMN attended BIGINT NOT NULL DEFAULT 0;
-- The calendar month the session starts in, in its own time zone ("2026-03"); the app fills
-- it for sessions that predate this migration.
ALTER TABLE training_sessions ADD COLUMN month TEXT NOT NULL DEFAULT '';
UPDATE training_sessions SET attended = (
    SELECT COUNT(*) FROM registrations r
    WHERE r.session_id = training_sessions.id AND r.state IN ('attended', 'late'));
CREATE INDEX training_sessions_month ON training_sessions (month, course_id);

-- Answers per (session, question, value). The question key '' with value 0 counts responses.
CREATE TABLE feedback_tallies (
    session_id BIGINT NOT NULL REFERENCES training_sessions (id),
    question_key TEXT NOT NULL,
    value BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (session_id, question_key, value)
);

-- The same per month and course, for program-wide figures.
CREATE TABLE feedback_month_tallies (
    month TEXT NOT NULL,
    course_id BIGINT NOT NULL REFERENCES courses (id),
    question_key TEXT NOT NULL,
    value BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (month, course_id, question_key, value)
);

-- The same per department of the people answering (their department when they answered), for
-- the department filter. Responses from before this table have no department and are not here.
CREATE TABLE feedback_department_tallies (
    department TEXT NOT NULL,
    session_id BIGINT NOT NULL REFERENCES training_sessions (id),
    question_key TEXT NOT NULL,
    value BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (department, question_key, session_id, value)
);

INSERT INTO feedback_tallies (session_id, question_key, value, n)
    SELECT session_id, question_key, value, COUNT(*) FROM feedback_answers
    WHERE value IS NOT NULL GROUP BY session_id, question_key, value;
INSERT INTO feedback_tallies (session_id, question_key, value, n)
    SELECT session_id, '', 0, COUNT(*) FROM feedback_responses GROUP BY session_id;

-- Comments of an instructor's sessions, without reading every answer.
CREATE INDEX feedback_answers_comments ON feedback_answers (session_id)
    WHERE comment IS NOT NULL;

-- People marked attended or late per session and department, for response rates under the
-- department filter; kept in step with every attendance change.
CREATE TABLE session_department_attendance (
    session_id BIGINT NOT NULL REFERENCES training_sessions (id),
    department TEXT NOT NULL,
    attended BIGINT NOT NULL,
    PRIMARY KEY (session_id, department)
);
INSERT INTO session_department_attendance (session_id, department, attended)
    SELECT r.session_id, u.department, COUNT(*) FROM registrations r
    JOIN users u ON u.id = r.user_id
    WHERE r.state IN ('attended', 'late') AND u.department <> ''
    GROUP BY r.session_id, u.department;

-- Departments for filters (and department reports).
CREATE INDEX users_department ON users (department);
