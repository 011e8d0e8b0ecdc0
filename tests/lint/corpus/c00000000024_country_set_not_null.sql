-- revision: c00000000024
-- revises: c00000000023
-- message: country set not null
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
-- Step 3: the validated check proves there are no NULLs: no scan.
ALTER TABLE customer ALTER COLUMN country SET NOT NULL;
ALTER TABLE customer DROP CONSTRAINT customer_country_not_null;

-- migrate:down
ALTER TABLE customer ADD CONSTRAINT customer_country_not_null CHECK (country IS NOT NULL);
ALTER TABLE customer ALTER COLUMN country DROP NOT NULL;
