-- revision: c00000000043
-- revises: ba5e00000000
-- message: rename audit columns
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE audit_log RENAME COLUMN at TO logged_at; -- expect: rename-column
ALTER TABLE audit_log RENAME TO activity_log; -- expect: rename-table

-- migrate:down
ALTER TABLE activity_log RENAME TO audit_log;
ALTER TABLE audit_log RENAME COLUMN logged_at TO at;
