-- Partial and expression indexes.
CREATE TABLE jobs (id INTEGER PRIMARY KEY, state TEXT, run_at TEXT, email TEXT, attempts INT);
CREATE INDEX jobs_pending ON jobs (run_at) WHERE state = 'pending';
CREATE INDEX jobs_retry ON jobs (run_at, attempts) WHERE attempts > 0 AND state IN ('failed', 'retry');
CREATE UNIQUE INDEX jobs_email ON jobs (lower(email));
CREATE INDEX jobs_mixed ON jobs (state, attempts + 1 DESC, substr(email, 1, 3));
