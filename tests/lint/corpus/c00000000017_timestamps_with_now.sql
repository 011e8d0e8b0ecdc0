-- revision: c00000000017
-- revises: ba5e00000000
-- message: timestamps with now
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
-- now() and CURRENT_TIMESTAMP are stable: one value for the statement, no rewrite.
ALTER TABLE product ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE payment ADD COLUMN recorded_at timestamptz DEFAULT CURRENT_TIMESTAMP;

-- migrate:down
ALTER TABLE payment DROP COLUMN recorded_at;
ALTER TABLE product DROP COLUMN updated_at;
