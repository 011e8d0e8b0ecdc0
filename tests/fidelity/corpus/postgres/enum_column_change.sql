-- A text column turned into an enum column with USING, and a check on it.
CREATE TABLE orders (id int, state text DEFAULT 'new');
-- next revision
CREATE TYPE order_state AS ENUM ('new', 'paid', 'shipped');
ALTER TABLE orders ALTER COLUMN state DROP DEFAULT;
ALTER TABLE orders ALTER COLUMN state TYPE order_state USING state::order_state;
ALTER TABLE orders ALTER COLUMN state SET DEFAULT 'new';
ALTER TABLE orders ADD CONSTRAINT not_shipped CHECK (state <> 'shipped');
