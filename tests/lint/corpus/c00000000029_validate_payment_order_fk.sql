-- revision: c00000000029
-- revises: c00000000028
-- message: validate payment order fk
-- created: 2026-11-21T10:30:00Z

-- migrate:up
ALTER TABLE payment VALIDATE CONSTRAINT payment_order_id_fkey;

-- migrate:down
SELECT 1;
