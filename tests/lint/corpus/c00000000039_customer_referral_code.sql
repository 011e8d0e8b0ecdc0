-- revision: c00000000039
-- revises: ba5e00000000
-- message: customer referral code
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE customer ADD COLUMN referral_code varchar(16) UNIQUE; -- expect: unique-without-index

-- migrate:down
ALTER TABLE customer DROP COLUMN referral_code;
