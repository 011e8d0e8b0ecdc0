-- revision: c00000000048
-- revises: ba5e00000000
-- message: archive then drop sessions
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
CREATE TABLE legacy_session_archive (
    token varchar(64) PRIMARY KEY,
    customer_id bigint,
    expires_at timestamptz
);
INSERT INTO legacy_session_archive SELECT * FROM legacy_session;
-- lint: allow drop-table
DROP TABLE legacy_session; -- expect-allowed: drop-table

-- migrate:down
CREATE TABLE legacy_session (token varchar(64) PRIMARY KEY, customer_id bigint, expires_at timestamptz);
INSERT INTO legacy_session SELECT * FROM legacy_session_archive;
DROP TABLE legacy_session_archive;
