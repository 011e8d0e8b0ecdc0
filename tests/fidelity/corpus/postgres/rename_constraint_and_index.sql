-- RENAME CONSTRAINT (the backing index of a unique constraint is renamed
-- with it) and ALTER INDEX … RENAME.
CREATE TABLE seats (id int PRIMARY KEY, row_no int, seat int, UNIQUE (row_no, seat), CHECK (seat > 0));
CREATE INDEX seats_row ON seats (row_no);
-- next revision
ALTER TABLE seats RENAME CONSTRAINT seats_row_no_seat_key TO seats_position;
ALTER TABLE seats RENAME CONSTRAINT seats_seat_check TO seat_positive;
ALTER TABLE seats RENAME CONSTRAINT seats_pkey TO seats_pk;
ALTER INDEX seats_row RENAME TO seats_by_row;
ALTER INDEX IF EXISTS seats_missing RENAME TO seats_other;
