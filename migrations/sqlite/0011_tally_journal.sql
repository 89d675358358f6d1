-- The feedback wave (issue #17): while submissions queue up, the feedback writer no longer adds
-- every batch to the running totals (dozens of rows scattered over three tables, each page
-- written again at every commit); it appends the batch's counts here, in the transaction that
-- stores the answers, and folds everything here into the totals at the first idle moment or
-- after a few hundred milliseconds, deleting it in the same transaction. A crash between the
-- two leaves the counts here, and start-up folds them: stored answers and totals never part.
-- PostgreSQL keeps adding to the totals at once (several app nodes share it), so there it stays
-- empty. Rows: department '' holds a session's counts (totals per session, and per month through the
-- session); any other department its per-department counts. A batch's rows are written in key
-- order, never in arrival order, and hold nothing the totals themselves do not. No foreign key:
-- the rows live a few hundred milliseconds, and the fold joins the sessions anyway. The id only
-- gives the table a key (on SQLite the row's own number): appending stays one write at the end.
CREATE TABLE feedback_tally_journal (
    id INTEGER PRIMARY KEY,
    department TEXT NOT NULL,
    session_id INTEGER NOT NULL,
    question_key TEXT NOT NULL,
    value INTEGER NOT NULL,
    n INTEGER NOT NULL
);
