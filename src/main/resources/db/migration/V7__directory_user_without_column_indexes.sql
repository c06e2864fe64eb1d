-- No query reads users by principal name, mail, display name or employee id: reads go by id, and
-- matching reads the target's links. The four indexes cost every user write four random-key inserts,
-- and a bulk load of 1M users on H2 two full scans of the table each to build them again (H2 counts
-- the rows with a scan, then reads them: 4 of the 5 deferred indexes, most of a 35-60 s phase).
-- A search by one of these columns brings its index back with the query that needs it.
DROP INDEX IF EXISTS directory_user_upn;
DROP INDEX IF EXISTS directory_user_mail;
DROP INDEX IF EXISTS directory_user_display_name;
DROP INDEX IF EXISTS directory_user_employee_id;
