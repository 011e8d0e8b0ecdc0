-- revision: c00000000051
-- revises: ba5e00000000
-- message: lock timeout set too late
-- created: 2026-11-21T10:30:00Z

-- migrate:up
ALTER TABLE product ADD COLUMN upc varchar(12); -- expect: missing-lock-timeout
SET lock_timeout = '2s';
ALTER TABLE product ADD COLUMN gtin varchar(14);

-- migrate:down
ALTER TABLE product DROP COLUMN gtin, DROP COLUMN upc;
