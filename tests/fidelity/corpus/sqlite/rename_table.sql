-- RENAME TO: foreign keys that point at the table follow it.
CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT UNIQUE);
CREATE INDEX customers_email ON customers (email);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (id));
-- next revision
ALTER TABLE customers RENAME TO clients;
ALTER TABLE orders RENAME TO "Purchases";
