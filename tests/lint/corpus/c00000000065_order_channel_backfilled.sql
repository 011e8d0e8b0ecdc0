-- revision: c00000000065
-- revises: ba5e00000000
-- message: order channel backfilled
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
-- A column added, backfilled and made NOT NULL in one revision: the SET NOT
-- NULL still scans the whole existing table under ACCESS EXCLUSIVE.
ALTER TABLE orders ADD COLUMN channel varchar(20);
UPDATE orders SET channel = 'web' WHERE channel IS NULL;
ALTER TABLE orders ALTER COLUMN channel SET NOT NULL; -- expect: set-not-null

-- migrate:down
ALTER TABLE orders DROP COLUMN channel;
