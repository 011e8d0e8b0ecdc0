-- revision: c00000000040
-- revises: ba5e00000000
-- message: rename product title
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE product RENAME COLUMN title TO name; -- expect: rename-column

-- migrate:down
ALTER TABLE product RENAME COLUMN name TO title;
