-- ALTER TABLE … RENAME TO: constraint and index names stay as they were;
-- foreign keys follow the table.
CREATE TABLE customers (id int PRIMARY KEY, email text UNIQUE);
CREATE INDEX customers_email_lower ON customers (lower(email));
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers);
-- next revision
ALTER TABLE customers RENAME TO clients;
ALTER TABLE IF EXISTS orders RENAME TO purchases;
