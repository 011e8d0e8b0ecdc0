-- revision: c00000000030
-- revises: ba5e00000000
-- message: payment fk validated at once
-- created: 2026-11-21T10:30:00Z

-- migrate:up
-- NOT VALID, then VALIDATE in the same transaction: the rows are checked
-- while the SHARE ROW EXCLUSIVE locks of the ADD are still held.
ALTER TABLE payment ADD CONSTRAINT payment_order_id_fkey
    FOREIGN KEY (order_id) REFERENCES orders (id) NOT VALID;
ALTER TABLE payment VALIDATE CONSTRAINT payment_order_id_fkey; -- expect: add-foreign-key

-- migrate:down
ALTER TABLE payment DROP CONSTRAINT payment_order_id_fkey;
