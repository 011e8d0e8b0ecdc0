-- revision: c00000000052
-- revises: ba5e00000000
-- message: set local lock timeout
-- created: 2026-11-21T10:30:00Z

-- migrate:up
SET LOCAL lock_timeout TO '3s';
ALTER TABLE orders ALTER COLUMN coupon_code SET DEFAULT NULL;
ALTER TABLE orders DROP CONSTRAINT orders_status_check;

-- migrate:down
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN ('new', 'paid', 'shipped', 'cancelled')) NOT VALID;
ALTER TABLE orders ALTER COLUMN coupon_code DROP DEFAULT;
