-- One ALTER TABLE with several actions.
CREATE TABLE invoices (id int, total int, memo text, old text);
-- next revision
ALTER TABLE invoices
    ADD COLUMN paid boolean NOT NULL DEFAULT false,
    ALTER COLUMN total TYPE numeric(10, 2),
    ALTER COLUMN total SET NOT NULL,
    ALTER COLUMN memo SET DEFAULT '',
    DROP COLUMN old,
    ADD CONSTRAINT invoices_pkey PRIMARY KEY (id),
    ADD CONSTRAINT total_positive CHECK (total >= 0);
