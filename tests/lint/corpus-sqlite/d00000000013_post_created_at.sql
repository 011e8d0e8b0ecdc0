-- revision: d00000000013
-- revises: ba5e00000001
-- message: post created at
-- created: 2026-11-21T10:30:00Z

-- migrate:up
ALTER TABLE post ADD COLUMN created_at TEXT DEFAULT CURRENT_TIMESTAMP; -- expect: sqlite-needs-rebuild

-- migrate:down
ALTER TABLE post DROP COLUMN created_at;
