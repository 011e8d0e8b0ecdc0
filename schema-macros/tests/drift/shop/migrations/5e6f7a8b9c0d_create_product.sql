-- revision: 5e6f7a8b9c0d
-- revises: base
-- message: create product

-- migrate:up
CREATE TABLE product (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    price NUMERIC(10, 2) NOT NULL,
    tags TEXT
);

-- migrate:down
DROP TABLE product;
