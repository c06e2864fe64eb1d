-- Rule sets as they were activated (so any revision can be restored), the facts behind logged
-- decisions (so a decision can be replayed under another revision), and impact previews.

CREATE TABLE rule_revision (
    app        VARCHAR(128)             NOT NULL,
    revision   VARCHAR(64)              NOT NULL,
    files      VARCHAR                  NOT NULL,
    rule_count INTEGER                  NOT NULL,
    created_by VARCHAR(128)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (app, revision)
);

CREATE TABLE rule_activation (
    id                VARCHAR(36)              PRIMARY KEY,
    app               VARCHAR(128)             NOT NULL,
    revision          VARCHAR(64)              NOT NULL,
    previous_revision VARCHAR(64),
    actor             VARCHAR(128)             NOT NULL,
    activated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX rule_activation_app ON rule_activation (app, activated_at);

CREATE TABLE decision_facts (
    id          VARCHAR(64)              PRIMARY KEY,
    app         VARCHAR(128)             NOT NULL,
    revision    VARCHAR(64),
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    facts       VARCHAR                  NOT NULL
);
CREATE INDEX decision_facts_time ON decision_facts (recorded_at);

CREATE TABLE rule_preview (
    id                VARCHAR(36)              PRIMARY KEY,
    app               VARCHAR(128)             NOT NULL,
    active_revision   VARCHAR(64),
    proposed_revision VARCHAR(64)              NOT NULL,
    files_hash        VARCHAR(64)              NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    evaluated         BIGINT                   NOT NULL,
    changed           BIGINT                   NOT NULL,
    disables_deletes  BIGINT                   NOT NULL,
    transitions       VARCHAR                  NOT NULL
);

CREATE TABLE rule_preview_change (
    preview_id   VARCHAR(36)   NOT NULL,
    user_id      VARCHAR(64)   NOT NULL,
    display_name VARCHAR(1024),
    old_action   VARCHAR(16)   NOT NULL,
    old_code     VARCHAR(64),
    new_action   VARCHAR(16)   NOT NULL,
    new_code     VARCHAR(64),
    rule_id      VARCHAR(256),
    PRIMARY KEY (preview_id, user_id)
);
