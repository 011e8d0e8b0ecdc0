-- revision: c00000000036
-- revises: ba5e00000000
-- message: payment provider ref index
-- created: 2026-11-21T10:30:00Z
-- transactional: false

-- migrate:up
CREATE UNIQUE INDEX CONCURRENTLY payment_provider_ref_key ON payment (provider, provider_ref);

-- migrate:down
DROP INDEX CONCURRENTLY IF EXISTS payment_provider_ref_key;
