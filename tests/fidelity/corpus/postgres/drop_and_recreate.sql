-- A table dropped and created again under the same name starts afresh.
CREATE TABLE cache (k text PRIMARY KEY, v text, hits int DEFAULT 0);
CREATE INDEX cache_hits ON cache (hits);
-- next revision
DROP TABLE cache;
CREATE TABLE cache (k varchar(64) NOT NULL, v jsonb);
-- next revision
CREATE INDEX cache_k ON cache (k);
