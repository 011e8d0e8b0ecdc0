-- revision: d00000000012
-- revises: ba5e00000001
-- message: tag code
-- created: 2026-11-21T10:30:00Z

-- migrate:up
ALTER TABLE tag ADD COLUMN code VARCHAR(20) UNIQUE; -- expect: sqlite-needs-rebuild

-- migrate:down
ALTER TABLE tag DROP COLUMN code;
