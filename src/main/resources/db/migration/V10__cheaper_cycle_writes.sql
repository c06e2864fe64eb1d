-- Two costs every user a cycle processes paid for with no use.
--
-- app_link_target (app, target_id) served no query: links are read by source id only. Its key, the target's
-- id, lands at a random place in a large index, so each new link rewrote a page of it at the next commit.
DROP INDEX IF EXISTS app_link_target;

-- provisioning_log_key's primary key made every insert look its key up first to prove it unique, though
-- log_id, one of its columns, already makes it so (a record is inserted once, under provisioning_log's own
-- primary key). A plain index over the same columns serves the same searches without that lookup.
CREATE TABLE provisioning_log_search_key (
    app         VARCHAR(128)             NOT NULL,
    search_key  VARCHAR(1024)            NOT NULL,
    activity_at TIMESTAMP WITH TIME ZONE NOT NULL,
    log_id      VARCHAR(36)              NOT NULL
);
INSERT INTO provisioning_log_search_key (app, search_key, activity_at, log_id)
    SELECT app, search_key, activity_at, log_id FROM provisioning_log_key;
DROP TABLE provisioning_log_key;
ALTER TABLE provisioning_log_search_key RENAME TO provisioning_log_key;
CREATE INDEX provisioning_log_key_search ON provisioning_log_key (app, search_key, activity_at, log_id);
CREATE INDEX provisioning_log_key_log ON provisioning_log_key (log_id);
