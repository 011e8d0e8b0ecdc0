-- ALTER TABLE … SET SCHEMA moves a table (and its indexes).
CREATE SCHEMA archive;
CREATE TABLE old_orders (id int PRIMARY KEY, total int);
CREATE INDEX old_orders_total ON old_orders (total);
-- next revision
ALTER TABLE old_orders SET SCHEMA archive;
