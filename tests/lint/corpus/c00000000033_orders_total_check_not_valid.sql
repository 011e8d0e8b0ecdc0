-- revision: c00000000033
-- revises: ba5e00000000
-- message: orders total check not valid
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE orders ADD CONSTRAINT orders_total_nonneg CHECK (total >= 0) NOT VALID;

-- migrate:down
ALTER TABLE orders DROP CONSTRAINT orders_total_nonneg;
