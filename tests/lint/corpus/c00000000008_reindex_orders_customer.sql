-- revision: c00000000008
-- revises: ba5e00000000
-- message: reindex orders customer
-- created: 2026-11-21T10:30:00Z

-- migrate:up
REINDEX INDEX CONCURRENTLY orders_customer_id_idx; -- expect: concurrently-in-transaction

-- migrate:down
SELECT 1;
