-- revision: c00000000049
-- revises: ba5e00000000
-- message: gift options
-- created: 2026-11-21T10:30:00Z

-- migrate:up
ALTER TABLE orders ADD COLUMN gift_message text; -- expect: missing-lock-timeout
-- Reported once per revision, at the first statement that needs it.
ALTER TABLE orders ADD COLUMN gift_wrap boolean NOT NULL DEFAULT false;

-- migrate:down
ALTER TABLE orders DROP COLUMN gift_wrap, DROP COLUMN gift_message;
