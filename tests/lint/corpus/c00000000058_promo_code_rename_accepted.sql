-- revision: c00000000058
-- revises: ba5e00000000
-- message: promo code rename accepted
-- created: 2026-11-21T10:30:00Z

-- migrate:up
-- The old code never reads coupon_code (release 2.3).
-- lint: allow rename-column, missing-lock-timeout
ALTER TABLE orders RENAME COLUMN coupon_code TO promo_code; -- expect-allowed: rename-column, missing-lock-timeout

-- migrate:down
ALTER TABLE orders RENAME COLUMN promo_code TO coupon_code;
