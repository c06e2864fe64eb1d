-- The source directory, its change feed, provisioning logs and the audit trail.
-- Standard SQL accepted by both H2 2.x and PostgreSQL 15; differences live in io.provisor.store.Dialect.

CREATE TABLE change_counter (
    name       VARCHAR(32) PRIMARY KEY,
    last_value BIGINT      NOT NULL
);
INSERT INTO change_counter (name, last_value) VALUES ('directory', 0);

-- Gap-free: a change takes the next number by updating change_counter in its own transaction,
-- so a rolled-back change gives its number back.
CREATE TABLE change_feed (
    seq         BIGINT                   PRIMARY KEY,
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    object_type VARCHAR(16)              NOT NULL,
    object_id   VARCHAR(64)              NOT NULL,
    change_type VARCHAR(32)              NOT NULL,
    app         VARCHAR(128),
    related_id  VARCHAR(64)
);
CREATE INDEX change_feed_object ON change_feed (object_id, seq);

CREATE TABLE directory_user (
    id                  VARCHAR(64)              PRIMARY KEY,
    user_principal_name VARCHAR(1024),
    mail                VARCHAR(1024),
    display_name        VARCHAR(1024),
    employee_id         VARCHAR(256),
    deleted_at          TIMESTAMP WITH TIME ZONE,
    document            VARCHAR                  NOT NULL,
    content_hash        VARCHAR(64)              NOT NULL,
    last_change         BIGINT                   NOT NULL
);
CREATE INDEX directory_user_upn ON directory_user (user_principal_name);
CREATE INDEX directory_user_mail ON directory_user (mail);
CREATE INDEX directory_user_display_name ON directory_user (display_name);
CREATE INDEX directory_user_employee_id ON directory_user (employee_id);

CREATE TABLE directory_group (
    id               VARCHAR(64)              PRIMARY KEY,
    display_name     VARCHAR(1024),
    mail             VARCHAR(1024),
    mail_nickname    VARCHAR(256),
    security_enabled BOOLEAN                  NOT NULL,
    deleted_at       TIMESTAMP WITH TIME ZONE,
    document         VARCHAR                  NOT NULL,
    content_hash     VARCHAR(64)              NOT NULL,
    last_change      BIGINT                   NOT NULL
);

CREATE TABLE group_member (
    group_id    VARCHAR(64) NOT NULL,
    member_id   VARCHAR(64) NOT NULL,
    member_type VARCHAR(8)  NOT NULL,
    PRIMARY KEY (group_id, member_id)
);
CREATE INDEX group_member_member ON group_member (member_id);

CREATE TABLE app_role_assignment (
    app            VARCHAR(128) NOT NULL,
    principal_id   VARCHAR(64)  NOT NULL,
    principal_type VARCHAR(8)   NOT NULL,
    app_role_id    VARCHAR(64)  NOT NULL,
    assignment_id  VARCHAR(64),
    PRIMARY KEY (app, principal_id, app_role_id)
);
CREATE INDEX app_role_assignment_principal ON app_role_assignment (principal_id);

CREATE TABLE provisioning_log (
    id                  VARCHAR(36)              PRIMARY KEY,
    app                 VARCHAR(128)             NOT NULL,
    activity_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    cycle_id            VARCHAR(64),
    change_id           VARCHAR(64),
    action              VARCHAR(16)              NOT NULL,
    status              VARCHAR(16)              NOT NULL,
    code                VARCHAR(64),
    source_id           VARCHAR(64),
    target_id           VARCHAR(256),
    revision            VARCHAR(64),
    document            VARCHAR                  NOT NULL
);
CREATE INDEX provisioning_log_time ON provisioning_log (app, activity_at, id);
CREATE INDEX provisioning_log_cycle ON provisioning_log (app, cycle_id);

-- One row per way an admin may look a record up (source id, target id, user principal name and
-- display name, lowercased), so a search by any of them is one index range scan.
CREATE TABLE provisioning_log_key (
    app         VARCHAR(128)             NOT NULL,
    search_key  VARCHAR(1024)            NOT NULL,
    activity_at TIMESTAMP WITH TIME ZONE NOT NULL,
    log_id      VARCHAR(36)              NOT NULL,
    PRIMARY KEY (app, search_key, activity_at, log_id)
);
CREATE INDEX provisioning_log_key_log ON provisioning_log_key (log_id);

CREATE TABLE audit_event (
    id        VARCHAR(36)              PRIMARY KEY,
    at        TIMESTAMP WITH TIME ZONE NOT NULL,
    actor     VARCHAR(128)             NOT NULL,
    app       VARCHAR(128),
    activity  VARCHAR(64)              NOT NULL,
    revision  VARCHAR(64),
    detail    VARCHAR
);
CREATE INDEX audit_event_at ON audit_event (at);
