-- Partial indexes.
CREATE TABLE jobs (id int, state varchar(10), run_at timestamptz, attempts int, tenant text);
CREATE INDEX jobs_pending ON jobs (run_at) WHERE state = 'pending';
CREATE INDEX jobs_retry ON jobs (run_at, attempts) WHERE attempts > 0 AND state IN ('failed', 'retry');
CREATE UNIQUE INDEX jobs_one_running ON jobs (tenant) WHERE state = 'running' AND tenant IS NOT NULL;
CREATE INDEX jobs_not_done ON jobs (id) WHERE NOT (state = 'done');
