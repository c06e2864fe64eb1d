-- Users an impact preview left out because neither rule set can provision them (scope "assigned",
-- not assigned to the app and not linked).
ALTER TABLE rule_preview ADD COLUMN not_assigned BIGINT DEFAULT 0 NOT NULL;
