-- revision: c00000000005
-- revises: ba5e00000000
-- message: drop index placed at
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
DROP INDEX orders_placed_at_idx; -- expect: drop-index-not-concurrent

-- migrate:down
CREATE INDEX orders_placed_at_idx ON orders (placed_at);
