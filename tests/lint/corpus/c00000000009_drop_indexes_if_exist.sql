-- revision: c00000000009
-- revises: ba5e00000000
-- message: drop indexes if exist
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
DROP INDEX IF EXISTS orders_customer_email_idx;
DROP INDEX IF EXISTS order_item_product_id_idx; -- expect: drop-index-not-concurrent

-- migrate:down
CREATE INDEX order_item_product_id_idx ON order_item (product_id);
