-- revision: c00000000061
-- revises: ba5e00000000
-- message: payment customer column
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
-- A new column with REFERENCES: all NULL, nothing to check.
ALTER TABLE payment ADD COLUMN customer_id bigint REFERENCES customer (id);

-- migrate:down
ALTER TABLE payment DROP COLUMN customer_id;
