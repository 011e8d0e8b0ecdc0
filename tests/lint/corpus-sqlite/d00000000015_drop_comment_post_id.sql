-- revision: d00000000015
-- revises: ba5e00000001
-- message: drop comment post id
-- created: 2026-11-21T10:30:00Z

-- migrate:up
-- A column-level REFERENCES goes with the column's definition.
ALTER TABLE comment DROP COLUMN post_id; -- expect: drop-column

-- migrate:down
ALTER TABLE comment ADD COLUMN post_id INTEGER REFERENCES post (id);
