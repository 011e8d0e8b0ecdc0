-- revision: d00000000002
-- revises: ba5e00000001
-- message: author bio not null
-- created: 2026-11-21T10:30:00Z

-- migrate:up
ALTER TABLE author ALTER COLUMN bio SET NOT NULL; -- expect: sqlite-needs-rebuild

-- migrate:down
SELECT 1;
