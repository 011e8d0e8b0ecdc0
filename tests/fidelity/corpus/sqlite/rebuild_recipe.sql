-- The table-rebuild recipe for what SQLite's ALTER TABLE cannot do
-- (change a type, add a constraint): create the new table, copy, drop,
-- rename, recreate the indexes.
CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price INT);
CREATE INDEX items_name ON items (name);
INSERT INTO items (name, price) VALUES ('a', 1), ('b', 2);
-- next revision
PRAGMA foreign_keys = OFF;
CREATE TABLE _items_new (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    price NUMERIC(10, 2) NOT NULL DEFAULT 0 CHECK (price >= 0)
);
INSERT INTO _items_new (id, name, price) SELECT id, name, price FROM items;
DROP TABLE items;
ALTER TABLE _items_new RENAME TO items;
CREATE INDEX items_name ON items (name);
PRAGMA foreign_key_check;
PRAGMA foreign_keys = ON;
