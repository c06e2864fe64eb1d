-- Provisioning jobs: their state, the links between source and target objects, failed objects
-- waiting for a retry (escrows), deletions held by the accidental-deletion threshold, and the
-- journal of target writes in flight (so a crash between the write and its record is repaired).

CREATE TABLE app_job (
    app                     VARCHAR(128) PRIMARY KEY,
    state                   VARCHAR(16)              NOT NULL,
    watermark               BIGINT,
    revision                VARCHAR(64),
    cycle_id                VARCHAR(64),
    cycle_kind              VARCHAR(16),
    cycle_cursor            VARCHAR(64),
    cycle_started_at        TIMESTAMP WITH TIME ZONE,
    quarantine_reason       VARCHAR(64),
    quarantine_error        VARCHAR(2048),
    quarantine_series_began TIMESTAMP WITH TIME ZONE,
    quarantine_current_began TIMESTAMP WITH TIME ZONE,
    quarantine_next_attempt TIMESTAMP WITH TIME ZONE,
    quarantine_series_count INTEGER                  NOT NULL DEFAULT 0,
    last_cycle              VARCHAR,
    updated_at              TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE app_link (
    app          VARCHAR(128)             NOT NULL,
    object_type  VARCHAR(8)               NOT NULL,
    source_id    VARCHAR(64)              NOT NULL,
    target_id    VARCHAR(256)             NOT NULL,
    display_name VARCHAR(1024),
    linked_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    cycle_id     VARCHAR(64),
    PRIMARY KEY (app, object_type, source_id)
);
CREATE INDEX app_link_target ON app_link (app, target_id);

-- Group members provisor added to a target group (source ids), so a later cycle knows what to remove.
CREATE TABLE app_group_member (
    app       VARCHAR(128) NOT NULL,
    group_id  VARCHAR(64)  NOT NULL,
    member_id VARCHAR(64)  NOT NULL,
    PRIMARY KEY (app, group_id, member_id)
);

CREATE TABLE app_escrow (
    app             VARCHAR(128)             NOT NULL,
    object_type     VARCHAR(8)               NOT NULL,
    source_id       VARCHAR(64)              NOT NULL,
    attempts        INTEGER                  NOT NULL,
    first_failed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
    error_code      VARCHAR(128),
    reason          VARCHAR(2048),
    PRIMARY KEY (app, object_type, source_id)
);
CREATE INDEX app_escrow_due ON app_escrow (app, next_attempt_at);

CREATE TABLE app_staged (
    app          VARCHAR(128)             NOT NULL,
    object_type  VARCHAR(8)               NOT NULL,
    source_id    VARCHAR(64)              NOT NULL,
    action       VARCHAR(16)              NOT NULL,
    display_name VARCHAR(1024),
    code         VARCHAR(64),
    rule_id      VARCHAR(256),
    cause        VARCHAR(2048),
    cycle_id     VARCHAR(64)              NOT NULL,
    staged_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (app, object_type, source_id)
);

CREATE TABLE app_journal (
    app         VARCHAR(128)             NOT NULL,
    object_type VARCHAR(8)               NOT NULL,
    source_id   VARCHAR(64)              NOT NULL,
    action      VARCHAR(16)              NOT NULL,
    cycle_id    VARCHAR(64),
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (app, object_type, source_id)
);

-- Connector settings saved through the API (after a successful test), and secrets set through it.
CREATE TABLE app_connector (
    app        VARCHAR(128)             PRIMARY KEY,
    settings   VARCHAR                  NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE app_secret (
    app        VARCHAR(128)             NOT NULL,
    name       VARCHAR(128)             NOT NULL,
    secret     VARCHAR(4096)            NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (app, name)
);

CREATE INDEX provisioning_log_source ON provisioning_log (app, cycle_id, source_id);
