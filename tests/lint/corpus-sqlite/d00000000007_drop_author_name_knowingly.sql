-- revision: d00000000007
-- revises: ba5e00000001
-- message: drop author name knowingly
-- created: 2026-11-21T10:30:00Z

-- migrate:up
-- lint: allow drop-column
ALTER TABLE comment DROP COLUMN author_name; -- expect-allowed: drop-column

-- migrate:down
ALTER TABLE comment ADD COLUMN author_name VARCHAR(80);
