-- revision: d00000000006
-- revises: ba5e00000001
-- message: drop legacy score
-- created: 2026-11-21T10:30:00Z

-- migrate:up
ALTER TABLE comment DROP COLUMN legacy_score; -- expect: drop-column

-- migrate:down
ALTER TABLE comment ADD COLUMN legacy_score INTEGER;
