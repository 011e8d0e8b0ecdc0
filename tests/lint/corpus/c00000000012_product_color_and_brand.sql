-- revision: c00000000012
-- revises: ba5e00000000
-- message: product color and brand
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE product -- expect: add-column-not-null
    ADD COLUMN color varchar(30),
    ADD COLUMN brand varchar(60) NOT NULL;

-- migrate:down
ALTER TABLE product DROP COLUMN brand, DROP COLUMN color;
