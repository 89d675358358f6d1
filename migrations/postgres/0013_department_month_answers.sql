-- The department view of the benchmarks (issue #17): the answers per department of the people
-- answering, month and question, every course and value summed. The check that no department
-- is the remainder of the others reads these (a few thousand rows) instead of summing the
-- department month totals (180,000 rows on a million responses) at every department view.
-- Kept with the other totals: in the transaction storing the answers, or folded from the
-- journal with them; rebuilt with the month totals when a session moves. Filled here from the
-- department month totals.
CREATE TABLE feedback_department_month_answers (
    department TEXT NOT NULL,
    month TEXT NOT NULL,
    question_key TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (department, question_key, month)
);
INSERT INTO feedback_department_month_answers (department, month, question_key, n)
    SELECT department, month, question_key, CAST(SUM(n) AS BIGINT)
    FROM feedback_department_month_tallies GROUP BY department, month, question_key;
