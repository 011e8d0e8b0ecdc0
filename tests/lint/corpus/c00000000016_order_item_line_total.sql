-- revision: c00000000016
-- revises: ba5e00000000
-- message: order item line total
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE order_item -- expect: volatile-default
    ADD COLUMN line_total numeric(12,2) GENERATED ALWAYS AS (quantity * unit_price) STORED;

-- migrate:down
ALTER TABLE order_item DROP COLUMN line_total;
