-- revision: c00000000018
-- revises: ba5e00000000
-- message: widen columns
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
-- Widening varchar, varchar to text, more numeric precision: no rewrite.
ALTER TABLE customer ALTER COLUMN name TYPE varchar(160);
ALTER TABLE payment ALTER COLUMN provider_ref TYPE text;
ALTER TABLE product ALTER COLUMN price TYPE numeric(14,2);
ALTER TABLE "public"."orders" ALTER COLUMN "total" TYPE numeric(16,2);

-- migrate:down
ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);
ALTER TABLE product ALTER COLUMN price TYPE numeric(10,2);
ALTER TABLE payment ALTER COLUMN provider_ref TYPE varchar(64);
ALTER TABLE customer ALTER COLUMN name TYPE varchar(80);
