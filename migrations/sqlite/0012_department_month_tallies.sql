-- The department view of the benchmarks (issue #17): totals per department of the people
-- answering, month and course, so that a view of one department (and the program-wide check
-- that no department is the remainder of the others) sums a few rows per month instead of the
-- department's totals of every session. Kept with the other totals: in the transaction storing
-- the answers, or folded from the journal with them; rebuilt with the month totals when a
-- session moves. Filled here from the per-session department totals.
CREATE TABLE feedback_department_month_tallies (
    department TEXT NOT NULL,
    month TEXT NOT NULL,
    course_id INTEGER NOT NULL REFERENCES courses (id),
    question_key TEXT NOT NULL,
    value INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (department, question_key, month, course_id, value)
) WITHOUT ROWID;
INSERT INTO feedback_department_month_tallies (department, month, course_id, question_key, value, n)
    SELECT t.department, s.month, s.course_id, t.question_key, t.value, CAST(SUM(t.n) AS BIGINT)
    FROM feedback_department_tallies t JOIN training_sessions s ON s.id = t.session_id
    GROUP BY t.department, s.month, s.course_id, t.question_key, t.value;
