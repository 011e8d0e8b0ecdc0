-- revision: c00000000057
-- revises: ba5e00000000
-- message: trailing allow comment
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
-- An allow after the semicolon belongs to the statement on its line, not
-- to the next one.
ALTER TABLE customer DROP COLUMN phone; -- lint: allow drop-column -- expect-allowed: drop-column
ALTER TABLE product DROP COLUMN description; -- expect: drop-column

-- migrate:down
ALTER TABLE product ADD COLUMN description text;
ALTER TABLE customer ADD COLUMN phone varchar(30);
