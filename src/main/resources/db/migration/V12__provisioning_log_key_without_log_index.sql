-- provisioning_log_key_log (log_id) gave every search key a second index entry, four per record written, for
-- one reader: the retention purge, which deleted a batch of old records' keys by record id. The purge now derives
-- each old record's keys again from the identities in its document and deletes them through the search index.
DROP INDEX IF EXISTS provisioning_log_key_log;
