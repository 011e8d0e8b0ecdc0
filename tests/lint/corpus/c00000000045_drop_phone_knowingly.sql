-- revision: c00000000045
-- revises: ba5e00000000
-- message: drop phone knowingly
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
-- The phone numbers were exported to the CRM in release 41.
-- lint: allow drop-column
ALTER TABLE customer DROP COLUMN phone; -- expect-allowed: drop-column

-- migrate:down
ALTER TABLE customer ADD COLUMN phone varchar(30);
