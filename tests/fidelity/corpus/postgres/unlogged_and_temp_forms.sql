-- CREATE UNLOGGED TABLE is a table like any other; storage parameters and
-- tablespaces are not in the IR.
CREATE UNLOGGED TABLE scratch (id int PRIMARY KEY, payload text) WITH (fillfactor = 70);
CREATE TABLE tuned (id int, v text) WITH (autovacuum_enabled = false);
CREATE INDEX tuned_v ON tuned (v) WITH (fillfactor = 50);
