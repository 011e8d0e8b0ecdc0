-- revision: 4bd195a67550
-- revises: aebf743bac79
-- message: create tphoto table
-- created: 2026-11-09T11:25:00Z

-- migrate:up
CREATE TABLE tphoto (
    id BIGINT PRIMARY KEY,
    log_id BIGINT NOT NULL REFERENCES tlog(id) ON DELETE CASCADE,
    caption VARCHAR(100) NOT NULL,
    url TEXT NOT NULL,
    width INTEGER,
    height INTEGER,
    is_public BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE INDEX ix_tphoto_log_id ON tphoto (log_id);

-- migrate:down
DROP INDEX ix_tphoto_log_id;
DROP TABLE tphoto;
