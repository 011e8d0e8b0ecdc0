-- revision: c00000000063
-- revises: ba5e00000000
-- message: scratch columns
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
-- Columns added and changed in the same revision are new: nothing to flag.
ALTER TABLE orders ADD COLUMN note_tmp text;
ALTER TABLE orders RENAME COLUMN note_tmp TO internal_note;
ALTER TABLE orders ALTER COLUMN internal_note SET DEFAULT '';
ALTER TABLE orders ADD COLUMN scratch integer;
ALTER TABLE orders DROP COLUMN scratch;

-- migrate:down
ALTER TABLE orders DROP COLUMN internal_note;
