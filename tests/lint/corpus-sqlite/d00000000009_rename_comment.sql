-- revision: d00000000009
-- revises: ba5e00000001
-- message: rename comment
-- created: 2026-11-21T10:30:00Z

-- migrate:up
ALTER TABLE comment RENAME TO reply; -- expect: rename-table

-- migrate:down
ALTER TABLE reply RENAME TO comment;
