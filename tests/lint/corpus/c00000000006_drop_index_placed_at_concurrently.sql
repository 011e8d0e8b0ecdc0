-- revision: c00000000006
-- revises: ba5e00000000
-- message: drop index placed at concurrently
-- created: 2026-11-21T10:30:00Z
-- transactional: false

-- migrate:up
DROP INDEX CONCURRENTLY IF EXISTS orders_placed_at_idx;

-- migrate:down
CREATE INDEX CONCURRENTLY orders_placed_at_idx ON orders (placed_at);
