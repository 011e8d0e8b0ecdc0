-- revision: c00000000046
-- revises: ba5e00000000
-- message: drop legacy session
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
DROP TABLE legacy_session; -- expect: drop-table

-- migrate:down
CREATE TABLE legacy_session (token varchar(64) PRIMARY KEY, customer_id bigint, expires_at timestamptz);
