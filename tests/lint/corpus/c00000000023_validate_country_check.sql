-- revision: c00000000023
-- revises: c00000000022
-- message: validate country check
-- created: 2026-11-21T10:30:00Z

-- migrate:up
-- Step 2: VALIDATE takes SHARE UPDATE EXCLUSIVE: reads and writes go on.
ALTER TABLE customer VALIDATE CONSTRAINT customer_country_not_null;

-- migrate:down
SELECT 1;
