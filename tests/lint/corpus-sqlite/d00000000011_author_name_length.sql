-- revision: d00000000011
-- revises: ba5e00000001
-- message: author name length
-- created: 2026-11-21T10:30:00Z

-- migrate:up
ALTER TABLE author ADD CONSTRAINT author_name_len CHECK (length(name) <= 80); -- expect: sqlite-needs-rebuild

-- migrate:down
SELECT 1;
