-- revision: c00000000002
-- revises: ba5e00000000
-- message: index orders status concurrently
-- created: 2026-11-21T10:30:00Z
-- transactional: false

-- migrate:up
CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);

-- migrate:down
DROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;
