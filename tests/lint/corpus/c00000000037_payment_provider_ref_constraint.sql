-- revision: c00000000037
-- revises: c00000000036
-- message: payment provider ref constraint
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE payment ADD CONSTRAINT payment_provider_ref_key
    UNIQUE USING INDEX payment_provider_ref_key;

-- migrate:down
ALTER TABLE payment DROP CONSTRAINT payment_provider_ref_key;
CREATE UNIQUE INDEX payment_provider_ref_key ON payment (provider, provider_ref);
