-- revision: c00000000015
-- revises: ba5e00000000
-- message: order item surrogate id
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE order_item ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY; -- expect: volatile-default

-- migrate:down
ALTER TABLE order_item DROP COLUMN id;
