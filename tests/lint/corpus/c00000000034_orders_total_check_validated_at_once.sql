-- revision: c00000000034
-- revises: ba5e00000000
-- message: orders total check validated at once
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
-- NOT VALID, then VALIDATE in the same transaction: the scan runs under the
-- ACCESS EXCLUSIVE lock the ADD took.
ALTER TABLE orders ADD CONSTRAINT orders_total_nonneg CHECK (total >= 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_nonneg; -- expect: add-check

-- migrate:down
ALTER TABLE orders DROP CONSTRAINT orders_total_nonneg;
