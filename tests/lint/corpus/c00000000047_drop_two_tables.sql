-- revision: c00000000047
-- revises: ba5e00000000
-- message: drop two tables
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
DROP TABLE legacy_session, newsletter_signup; -- expect: drop-table, drop-table

-- migrate:down
CREATE TABLE newsletter_signup (email varchar(120) NOT NULL, signed_up_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE legacy_session (token varchar(64) PRIMARY KEY, customer_id bigint, expires_at timestamptz);
