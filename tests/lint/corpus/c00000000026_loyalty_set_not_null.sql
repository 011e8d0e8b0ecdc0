-- revision: c00000000026
-- revises: c00000000025
-- message: loyalty set not null
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
-- The check was never validated: PostgreSQL still scans the table.
ALTER TABLE customer ALTER COLUMN loyalty_points SET NOT NULL; -- expect: set-not-null

-- migrate:down
ALTER TABLE customer ALTER COLUMN loyalty_points DROP NOT NULL;
