-- revision: c00000000027
-- revises: ba5e00000000
-- message: payment order fk
-- created: 2026-11-21T10:30:00Z

-- migrate:up
ALTER TABLE payment ADD CONSTRAINT payment_order_id_fkey -- expect: add-foreign-key
    FOREIGN KEY (order_id) REFERENCES orders (id);

-- migrate:down
ALTER TABLE payment DROP CONSTRAINT payment_order_id_fkey;
