-- revision: c00000000054
-- revises: ba5e00000000
-- message: truncate audit log
-- created: 2026-11-21T10:30:00Z

-- migrate:up
TRUNCATE audit_log; -- expect: missing-lock-timeout

-- migrate:down
SELECT 1;
