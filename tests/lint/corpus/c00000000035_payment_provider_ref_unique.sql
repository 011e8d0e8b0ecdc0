-- revision: c00000000035
-- revises: ba5e00000000
-- message: payment provider ref unique
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE payment -- expect: unique-without-index
    ADD CONSTRAINT payment_provider_ref_key UNIQUE (provider, provider_ref);

-- migrate:down
ALTER TABLE payment DROP CONSTRAINT payment_provider_ref_key;
