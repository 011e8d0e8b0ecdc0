-- ALTER COLUMN … TYPE, SET DATA TYPE, USING, and a change that keeps the
-- default.
CREATE TABLE metrics (
    id int PRIMARY KEY,
    label varchar(20),
    amount integer DEFAULT 0,
    ratio real,
    code text,
    at timestamp
);
-- next revision
ALTER TABLE metrics ALTER COLUMN label TYPE text;
ALTER TABLE metrics ALTER COLUMN amount TYPE bigint;
ALTER TABLE metrics ALTER COLUMN ratio SET DATA TYPE numeric(8, 3);
ALTER TABLE metrics ALTER COLUMN code TYPE integer USING code::integer;
ALTER TABLE metrics ALTER at TYPE timestamptz;
ALTER TABLE metrics ALTER COLUMN id TYPE bigint;
