-- revision: d00000000014
-- revises: ba5e00000001
-- message: post title length
-- created: 2026-11-21T10:30:00Z

-- migrate:up
-- A VIRTUAL generated column is computed on read: SQLite adds it in place.
ALTER TABLE post ADD COLUMN title_length INTEGER GENERATED ALWAYS AS (length(title)) VIRTUAL;

-- migrate:down
ALTER TABLE post DROP COLUMN title_length;
