-- revision: c00000000044
-- revises: ba5e00000000
-- message: drop weight
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE product DROP COLUMN weight_grams; -- expect: drop-column

-- migrate:down
ALTER TABLE product ADD COLUMN weight_grams integer;
