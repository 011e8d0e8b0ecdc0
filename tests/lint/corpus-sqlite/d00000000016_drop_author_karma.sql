-- revision: d00000000016
-- revises: ba5e00000001
-- message: drop author karma
-- created: 2026-11-21T10:30:00Z

-- migrate:up
-- So does a column-level CHECK on the column itself.
ALTER TABLE author DROP COLUMN karma; -- expect: drop-column

-- migrate:down
ALTER TABLE author ADD COLUMN karma INTEGER NOT NULL DEFAULT 0 CHECK (karma >= 0);
