-- revision: c00000000028
-- revises: ba5e00000000
-- message: payment order fk not valid
-- created: 2026-11-21T10:30:00Z

-- migrate:up
ALTER TABLE payment ADD CONSTRAINT payment_order_id_fkey
    FOREIGN KEY (order_id) REFERENCES orders (id) NOT VALID;

-- migrate:down
ALTER TABLE payment DROP CONSTRAINT payment_order_id_fkey;
