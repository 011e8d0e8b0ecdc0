-- revision: c00000000010
-- revises: ba5e00000000
-- message: customer tier
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE customer ADD COLUMN tier varchar(20) NOT NULL; -- expect: add-column-not-null

-- migrate:down
ALTER TABLE customer DROP COLUMN tier;
