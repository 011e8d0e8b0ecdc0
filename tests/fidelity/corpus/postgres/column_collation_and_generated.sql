-- COLLATE on a column and in a type change, and a stored generated
-- column (its expression is not a default).
CREATE TABLE names (
    id int,
    name text COLLATE "C",
    code varchar(5),
    total int GENERATED ALWAYS AS (id * 2) STORED
);
-- next revision
ALTER TABLE names ALTER COLUMN code TYPE varchar(10) COLLATE "C";
