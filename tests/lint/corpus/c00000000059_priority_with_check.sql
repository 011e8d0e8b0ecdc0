-- revision: c00000000059
-- revises: ba5e00000000
-- message: priority with check
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
-- The column's CHECK is verified against every row, under ACCESS EXCLUSIVE.
ALTER TABLE orders ADD COLUMN priority integer NOT NULL DEFAULT 0 -- expect: add-check
    CHECK (priority BETWEEN 0 AND 9);

-- migrate:down
ALTER TABLE orders DROP COLUMN priority;
