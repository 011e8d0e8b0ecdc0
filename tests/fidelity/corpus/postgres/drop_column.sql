-- DROP COLUMN: indexes, unique and check constraints on the column go
-- with it; IF EXISTS; CASCADE.
CREATE TABLE widgets (
    id int PRIMARY KEY,
    name text,
    color text UNIQUE,
    weight int CHECK (weight > 0),
    size int,
    legacy text
);
CREATE INDEX widgets_name ON widgets (name);
CREATE INDEX widgets_name_size ON widgets (name, size);
-- next revision
ALTER TABLE widgets DROP COLUMN name;
ALTER TABLE widgets DROP COLUMN IF EXISTS nothing_here;
ALTER TABLE widgets DROP COLUMN color, DROP COLUMN weight;
ALTER TABLE widgets DROP legacy CASCADE;
