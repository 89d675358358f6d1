-- One meaning of "department" (issue #16): the free text people carried since the first issue
-- (`users.department`) becomes a department record, and `users.department_code` is the only
-- link from a person to their department. Mirrored in migrations/sqlite/0010_one_department.sql.

-- 1. A person without a department code whose text names a department gets it: by name first
--    (what they were shown stays the same; the lowest id when names repeat), else by code.
--    People the roster already placed keep their code: the HR roster is the authority.
UPDATE users SET department_code = COALESCE(
        (SELECT d.code FROM departments d WHERE d.name = TRIM(users.department)
         ORDER BY d.id LIMIT 1),
        (SELECT d.code FROM departments d WHERE d.code = TRIM(users.department)))
    WHERE department_code IS NULL AND TRIM(department) <> '';

-- 2. Every other text becomes a department of that name. Its code is spelled from the name as
--    `departments::rules::code_from_name` spells it ("311 Call Center" → 311-CALL-CENTER).
CREATE TEMP TABLE free_departments (
    name TEXT COLLATE "C" PRIMARY KEY,
    slug TEXT NOT NULL,
    code TEXT
);
INSERT INTO free_departments (name, slug)
    SELECT name, LEFT(TRIM(BOTH '-' FROM regexp_replace(UPPER(name), '[^A-Z0-9]+', '-', 'g')), 32)
    FROM (SELECT DISTINCT TRIM(department) AS name FROM users
          WHERE department_code IS NULL AND TRIM(department) <> '') texts;
-- The spelled code when no department has it and no other text spells the same (the first
-- text, in byte order, gets it)…
UPDATE free_departments SET code = slug
    WHERE slug <> ''
    AND NOT EXISTS (SELECT 1 FROM departments d WHERE d.code = free_departments.slug)
    AND name = (SELECT MIN(f.name) FROM free_departments f WHERE f.slug = free_departments.slug);
-- …else it followed by the text's rank ("PARKS-2"; DEPT-n when nothing could be spelled):
-- unique, because the rank after the last '-' differs…
UPDATE free_departments SET code = SUBSTR(CASE WHEN slug = '' THEN 'DEPT' ELSE slug END, 1,
        31 - LENGTH(CAST((SELECT COUNT(*) FROM free_departments f
                          WHERE f.name <= free_departments.name) AS TEXT)))
        || '-' || CAST((SELECT COUNT(*) FROM free_departments f
                        WHERE f.name <= free_departments.name) AS TEXT)
    WHERE code IS NULL;
-- …unless a department or an earlier text has that code already: then the text itself,
-- which no department's code equals (step 1 would have matched it).
UPDATE free_departments SET code = name
    WHERE EXISTS (SELECT 1 FROM departments d WHERE d.code = free_departments.code)
    OR EXISTS (SELECT 1 FROM free_departments f
               WHERE f.code = free_departments.code AND f.name < free_departments.name);
INSERT INTO departments (code, name, parent_id, created_at, updated_at)
    SELECT code, name, NULL, CAST(EXTRACT(EPOCH FROM now()) AS BIGINT),
        CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)
    FROM free_departments ORDER BY name;
UPDATE users SET department_code =
        (SELECT f.code FROM free_departments f WHERE f.name = TRIM(users.department))
    WHERE department_code IS NULL AND TRIM(department) <> '';

-- 3. The benchmark tallies keyed by department name follow: a text that now shows as another
--    name (a code that matched, a roster department renamed since the import wrote its name)
--    moves to that name, when everyone who had the text now shows the same name.
CREATE TEMP TABLE department_renames AS
    SELECT u.department AS old_name, MIN(d.name) AS new_name FROM users u
    JOIN departments d ON d.code = u.department_code
    WHERE u.department <> ''
    GROUP BY u.department
    HAVING COUNT(DISTINCT d.name) = 1 AND MIN(d.name) <> u.department;
CREATE TEMP TABLE moved_tallies AS
    SELECT COALESCE(r.new_name, t.department) AS department, t.session_id, t.question_key, t.value,
        CAST(SUM(t.n) AS BIGINT) AS n
    FROM feedback_department_tallies t LEFT JOIN department_renames r ON r.old_name = t.department
    WHERE t.department IN (SELECT old_name FROM department_renames)
        OR t.department IN (SELECT new_name FROM department_renames)
    GROUP BY COALESCE(r.new_name, t.department), t.session_id, t.question_key, t.value;
DELETE FROM feedback_department_tallies
    WHERE department IN (SELECT old_name FROM department_renames)
        OR department IN (SELECT new_name FROM department_renames);
INSERT INTO feedback_department_tallies (department, session_id, question_key, value, n)
    SELECT department, session_id, question_key, value, n FROM moved_tallies;
-- Attendance per department is a recount of the registrations (as every attendance change
-- makes it), under the departments' names.
DELETE FROM session_department_attendance;
INSERT INTO session_department_attendance (session_id, department, attended)
    SELECT r.session_id, d.name, COUNT(*) FROM registrations r
    JOIN users u ON u.id = r.user_id
    JOIN departments d ON d.code = u.department_code
    WHERE r.state IN ('attended', 'late')
    GROUP BY r.session_id, d.name;

DROP TABLE moved_tallies;
DROP TABLE department_renames;
DROP TABLE free_departments;

-- 4. The free text goes.
DROP INDEX users_department;
ALTER TABLE users DROP COLUMN department;
