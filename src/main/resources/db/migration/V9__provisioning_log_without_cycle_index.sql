-- Records of a cycle are read through provisioning_log_source (app, cycle_id, source_id), whose first two
-- columns are this index's: it served no query the other does not, and cost every record one more index
-- entry to write.
DROP INDEX IF EXISTS provisioning_log_cycle;
