-- CREATE INDEX CONCURRENTLY (outside a transaction), also with IF NOT
-- EXISTS and unnamed.
CREATE TABLE logs (id bigint PRIMARY KEY, level int, msg text);
-- next revision (transactional: false)
CREATE INDEX CONCURRENTLY logs_level ON logs (level);
CREATE INDEX CONCURRENTLY IF NOT EXISTS logs_level ON logs (msg);
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS logs_msg ON logs (msg);
CREATE INDEX CONCURRENTLY ON logs (level, msg);
