-- revision: bbbb00000002
-- revises: bbbb00000001
-- message: add note author, filled from the body's first word
-- created: 2026-01-02T00:00:00Z

-- migrate:up
ALTER TABLE note ADD COLUMN author text;
UPDATE note SET author = split_part(body, ' ', 1);
ALTER TABLE note ALTER COLUMN author SET NOT NULL;

-- migrate:down
ALTER TABLE note DROP COLUMN author;
