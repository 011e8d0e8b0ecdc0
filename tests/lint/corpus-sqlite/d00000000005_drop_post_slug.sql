-- revision: d00000000005
-- revises: ba5e00000001
-- message: drop post slug
-- created: 2026-11-21T10:30:00Z

-- migrate:up
ALTER TABLE post DROP COLUMN slug; -- expect: sqlite-needs-rebuild, drop-column

-- migrate:down
ALTER TABLE post ADD COLUMN slug VARCHAR(200);
