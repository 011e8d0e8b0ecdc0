-- DROP INDEX, IF EXISTS, several, CONCURRENTLY (outside a transaction).
CREATE TABLE things (id int, a int, b int, c int, d int);
CREATE INDEX things_a ON things (a);
CREATE INDEX things_b ON things (b);
CREATE INDEX things_c ON things (c);
CREATE INDEX things_d ON things (d);
-- next revision
DROP INDEX things_a;
DROP INDEX IF EXISTS no_such_index;
DROP INDEX IF EXISTS things_b, things_c;
-- next revision (transactional: false)
DROP INDEX CONCURRENTLY IF EXISTS things_d;
