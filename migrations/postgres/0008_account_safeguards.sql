-- Account safeguards (issue 15): who the HR roster manages, deactivations an administrator
-- made on purpose, and one-time passwords that expire.

-- 1 once the HR roster created or matched the account: only those may a full roster deactivate.
-- Accounts with a department code came from the roster (the account forms never set one).
ALTER TABLE users ADD COLUMN from_roster BIGINT NOT NULL DEFAULT 0;
UPDATE users SET from_roster = 1 WHERE department_code IS NOT NULL;
-- 1 while an administrator's deactivation holds: a roster import does not undo it.
ALTER TABLE users ADD COLUMN deactivated_by_admin BIGINT NOT NULL DEFAULT 0;
-- When a one-time password stops working (NULL: the password is the person's own).
ALTER TABLE users ADD COLUMN password_expires_at BIGINT;
