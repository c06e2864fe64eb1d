-- Facts for a batch of users read their memberships by member id. With the group id in the index,
-- PostgreSQL answers from the index alone (an index-only scan once the table is vacuumed) instead of
-- fetching one heap row per membership from all over the table; H2 reads the index alone too.
DROP INDEX IF EXISTS group_member_member; -- a killed bulk load may have left it missing
CREATE INDEX group_member_member ON group_member (member_id, group_id);
