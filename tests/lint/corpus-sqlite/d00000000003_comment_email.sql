-- revision: d00000000003
-- revises: ba5e00000001
-- message: comment email
-- created: 2026-11-21T10:30:00Z

-- migrate:up
ALTER TABLE comment ADD COLUMN email VARCHAR(120) NOT NULL; -- expect: sqlite-needs-rebuild

-- migrate:down
ALTER TABLE comment DROP COLUMN email;
