-- revision: c00000000014
-- revises: ba5e00000000
-- message: legacy session seq
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE legacy_session ADD COLUMN seq bigserial; -- expect: volatile-default

-- migrate:down
ALTER TABLE legacy_session DROP COLUMN seq;
