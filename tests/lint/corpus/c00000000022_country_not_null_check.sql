-- revision: c00000000022
-- revises: ba5e00000000
-- message: country not null check
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
-- Step 1 of SET NOT NULL without a scan under ACCESS EXCLUSIVE.
ALTER TABLE customer ADD CONSTRAINT customer_country_not_null
    CHECK (country IS NOT NULL) NOT VALID;

-- migrate:down
ALTER TABLE customer DROP CONSTRAINT customer_country_not_null;
