-- revision: c00000000053
-- revises: ba5e00000000
-- message: lock timeout switched off
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
SET lock_timeout = 0;
ALTER TABLE customer ALTER COLUMN name DROP NOT NULL; -- expect: missing-lock-timeout

-- migrate:down
ALTER TABLE customer ALTER COLUMN name SET NOT NULL;
