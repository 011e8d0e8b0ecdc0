-- revision: d00000000017
-- revises: ba5e00000001
-- message: drop post tag tag id
-- created: 2026-11-21T10:30:00Z

-- migrate:up
ALTER TABLE post_tag DROP COLUMN tag_id; -- expect: sqlite-needs-rebuild, drop-column

-- migrate:down
SELECT 1;
