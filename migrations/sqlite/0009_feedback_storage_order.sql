-- Answers kept in the order of their random response id, not the order they arrived in (issue
-- #15): a rowid table stores rows as they come, and that order beside anything else that says
-- who answered when (a completion, a check-in, a log line) could tell whose answers are whose.
-- Receipts are already WITHOUT ROWID (key order) and responses keyed by their random id.
CREATE TABLE feedback_answers_by_response (
    response_id INTEGER NOT NULL REFERENCES feedback_responses (id),
    session_id INTEGER NOT NULL REFERENCES training_sessions (id),
    question_key TEXT NOT NULL,
    -- Scale answers and choice indexes; text answers in `comment`.
    value INTEGER,
    comment TEXT,
    -- A trainer hid this comment from instructors; kept for audit.
    hidden_at INTEGER,
    hidden_by INTEGER REFERENCES users (id),
    hidden_reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (response_id, question_key)
) WITHOUT ROWID;
INSERT INTO feedback_answers_by_response (response_id, session_id, question_key, value, comment,
    hidden_at, hidden_by, hidden_reason)
    SELECT response_id, session_id, question_key, value, comment, hidden_at, hidden_by,
        hidden_reason FROM feedback_answers ORDER BY response_id, question_key;
DROP TABLE feedback_answers;
ALTER TABLE feedback_answers_by_response RENAME TO feedback_answers;
CREATE INDEX feedback_answers_session ON feedback_answers (session_id, question_key, value);
CREATE INDEX feedback_answers_comments ON feedback_answers (session_id)
    WHERE comment IS NOT NULL;
