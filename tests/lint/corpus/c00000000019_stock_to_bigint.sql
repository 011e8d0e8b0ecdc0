-- revision: c00000000019
-- revises: ba5e00000000
-- message: stock to bigint
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE product ALTER COLUMN stock TYPE bigint; -- expect: column-type-rewrite

-- migrate:down
ALTER TABLE product ALTER COLUMN stock TYPE integer;
