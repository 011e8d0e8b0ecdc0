-- revision: c00000000031
-- revises: ba5e00000000
-- message: legacy session customer fk
-- created: 2026-11-21T10:30:00Z

-- migrate:up
ALTER TABLE legacy_session -- expect: add-foreign-key
    ADD CONSTRAINT legacy_session_customer_fk
    FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE;

-- migrate:down
ALTER TABLE legacy_session DROP CONSTRAINT legacy_session_customer_fk;
