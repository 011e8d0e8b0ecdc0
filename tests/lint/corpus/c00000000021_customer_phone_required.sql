-- revision: c00000000021
-- revises: ba5e00000000
-- message: customer phone required
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE customer ALTER COLUMN phone SET NOT NULL; -- expect: set-not-null

-- migrate:down
ALTER TABLE customer ALTER COLUMN phone DROP NOT NULL;
