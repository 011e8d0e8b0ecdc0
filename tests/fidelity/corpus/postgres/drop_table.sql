-- DROP TABLE, IF EXISTS, several at once, and CASCADE dropping the
-- foreign keys that point at the table.
CREATE TABLE a (id int PRIMARY KEY);
CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);
CREATE TABLE c (id int);
CREATE TABLE d (id int);
CREATE TABLE e (id int);
-- next revision
DROP TABLE c;
DROP TABLE IF EXISTS never_existed;
DROP TABLE IF EXISTS d, e;
DROP TABLE a CASCADE;
