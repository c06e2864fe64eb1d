-- A user's JSON document moves to a table of its own, keyed by user_key: the number of the change that
-- created the user, which only grows, so new documents are appended at the end of their table's key.
-- The user rows left are narrow (ids, indexed attributes, hash), so a bulk load on H2 can leave out the
-- random user id key while it loads and build it again afterwards from a few hundred bytes a row, where
-- reading every document to build it cost most of what leaving it out saved (io.provisor.store.DeferredIndexes).
CREATE TABLE directory_user_document (
    user_key BIGINT  PRIMARY KEY,
    document VARCHAR NOT NULL
);
-- last_change is a change number, and a change belongs to one object: unique across users
ALTER TABLE directory_user ADD COLUMN user_key BIGINT;
UPDATE directory_user SET user_key = last_change;
INSERT INTO directory_user_document (user_key, document) SELECT user_key, document FROM directory_user;
ALTER TABLE directory_user DROP COLUMN document;
ALTER TABLE directory_user ALTER COLUMN user_key SET NOT NULL;
