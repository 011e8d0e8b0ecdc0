-- DROP SCHEMA … CASCADE takes its tables and types with it.
CREATE SCHEMA scratch;
CREATE TYPE scratch.kind AS ENUM ('a');
CREATE TABLE scratch.t (id int, k scratch.kind);
CREATE TABLE keep (id int);
-- next revision
DROP SCHEMA scratch CASCADE;
