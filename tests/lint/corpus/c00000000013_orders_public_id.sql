-- revision: c00000000013
-- revises: ba5e00000000
-- message: orders public id
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE orders ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid(); -- expect: volatile-default

-- migrate:down
ALTER TABLE orders DROP COLUMN public_id;
