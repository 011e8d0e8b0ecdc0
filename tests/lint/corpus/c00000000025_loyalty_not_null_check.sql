-- revision: c00000000025
-- revises: ba5e00000000
-- message: loyalty not null check
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE customer ADD CONSTRAINT customer_loyalty_not_null
    CHECK (loyalty_points IS NOT NULL) NOT VALID;

-- migrate:down
ALTER TABLE customer DROP CONSTRAINT customer_loyalty_not_null;
