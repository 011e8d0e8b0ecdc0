-- revision: c00000000032
-- revises: ba5e00000000
-- message: orders total check
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE orders ADD CONSTRAINT orders_total_nonneg CHECK (total >= 0); -- expect: add-check

-- migrate:down
ALTER TABLE orders DROP CONSTRAINT orders_total_nonneg;
