-- revision: c00000000011
-- revises: ba5e00000000
-- message: customer tier with default
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
-- Constant defaults are stored in the catalog (PostgreSQL 11+): no rewrite.
ALTER TABLE customer ADD COLUMN tier varchar(20) NOT NULL DEFAULT 'standard';
ALTER TABLE orders ADD COLUMN currency varchar(3) NOT NULL DEFAULT 'EUR';
ALTER TABLE product ADD COLUMN tags jsonb NOT NULL DEFAULT '{}'::jsonb;

-- migrate:down
ALTER TABLE product DROP COLUMN tags;
ALTER TABLE orders DROP COLUMN currency;
ALTER TABLE customer DROP COLUMN tier;
