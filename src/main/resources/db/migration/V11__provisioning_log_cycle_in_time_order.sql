-- provisioning_log_source (app, cycle_id, source_id) gave every record an entry at a random place, since
-- source ids are random: each record rewrote a page of a large index at the next commit. A cycle's records
-- arrive in time order, so an index on (app, cycle_id, activity_at, id) takes them at the end of the cycle's
-- range instead, and serves a log search filtered by cycle newest first. The other question the old index
-- answered, whether an object already has a record in a cycle (asked only when a cycle resumes), goes
-- through the record's search key for its source id.
DROP INDEX IF EXISTS provisioning_log_source;
CREATE INDEX provisioning_log_cycle_time ON provisioning_log (app, cycle_id, activity_at, id);
