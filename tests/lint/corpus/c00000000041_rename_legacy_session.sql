-- revision: c00000000041
-- revises: ba5e00000000
-- message: rename legacy session
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE legacy_session RENAME TO web_session; -- expect: rename-table

-- migrate:down
ALTER TABLE web_session RENAME TO legacy_session;
