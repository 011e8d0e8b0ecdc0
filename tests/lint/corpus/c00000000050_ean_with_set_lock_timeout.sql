-- revision: c00000000050
-- revises: ba5e00000000
-- message: ean with set lock timeout
-- created: 2026-11-21T10:30:00Z

-- migrate:up
SET lock_timeout = '2s';
ALTER TABLE product ADD COLUMN ean varchar(13);

-- migrate:down
ALTER TABLE product DROP COLUMN ean;
