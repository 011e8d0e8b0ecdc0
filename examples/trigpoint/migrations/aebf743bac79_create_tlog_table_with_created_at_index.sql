-- revision: aebf743bac79
-- revises: 2ff2b5262b98
-- message: create tlog table with created_at index
-- created: 2026-11-05T16:40:00Z

-- migrate:up
CREATE TABLE tlog (
    id BIGINT PRIMARY KEY,
    trig_id BIGINT NOT NULL REFERENCES trig_point(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
    visited_at TIMESTAMP NOT NULL,
    condition_code VARCHAR(1) NOT NULL DEFAULT 'G',
    comment TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX ix_tlog_trig_id ON tlog (trig_id);
CREATE INDEX ix_tlog_created_at ON tlog (created_at);

-- migrate:down
DROP INDEX ix_tlog_created_at;
DROP INDEX ix_tlog_trig_id;
DROP TABLE tlog;
