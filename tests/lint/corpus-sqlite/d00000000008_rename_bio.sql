-- revision: d00000000008
-- revises: ba5e00000001
-- message: rename bio
-- created: 2026-11-21T10:30:00Z

-- migrate:up
ALTER TABLE author RENAME COLUMN bio TO about; -- expect: rename-column

-- migrate:down
ALTER TABLE author RENAME COLUMN about TO bio;
