-- revision: c00000000001
-- revises: ba5e00000000
-- message: index orders status
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
CREATE INDEX orders_status_idx ON orders (status); -- expect: index-not-concurrent

-- migrate:down
DROP INDEX orders_status_idx;
