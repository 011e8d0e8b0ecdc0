-- revision: c00000000007
-- revises: ba5e00000000
-- message: index payment paid at
-- created: 2026-11-21T10:30:00Z

-- migrate:up
CREATE INDEX CONCURRENTLY payment_paid_at_idx ON payment (paid_at); -- expect: concurrently-in-transaction

-- migrate:down
DROP INDEX payment_paid_at_idx;
