-- revision: 7a4b0f710b91
-- revises: 4bd195a67550, f1baf2943011
-- message: merge billing into main
-- created: 2026-11-12T17:30:00Z

-- migrate:up

-- migrate:down
