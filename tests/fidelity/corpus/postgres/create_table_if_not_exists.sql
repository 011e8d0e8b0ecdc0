-- CREATE TABLE IF NOT EXISTS: the second statement changes nothing.
CREATE TABLE IF NOT EXISTS tags (id integer PRIMARY KEY, label text NOT NULL);
-- next revision
CREATE TABLE IF NOT EXISTS tags (id bigint, label varchar(5), extra int);
