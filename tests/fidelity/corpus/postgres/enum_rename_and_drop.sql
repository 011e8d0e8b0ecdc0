-- ALTER TYPE … RENAME VALUE, RENAME TO (columns follow), DROP TYPE.
CREATE TYPE color AS ENUM ('red', 'grn');
CREATE TYPE unused AS ENUM ('x');
CREATE TABLE paints (id int, color color);
-- next revision
ALTER TYPE color RENAME VALUE 'grn' TO 'green';
ALTER TYPE color RENAME TO colour;
DROP TYPE unused;
DROP TYPE IF EXISTS never_was;
