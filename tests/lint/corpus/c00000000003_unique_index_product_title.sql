-- revision: c00000000003
-- revises: ba5e00000000
-- message: unique index product title
-- created: 2026-11-21T10:30:00Z

-- migrate:up
-- A SHARE lock, not ACCESS EXCLUSIVE: no lock_timeout needed for this one.
CREATE UNIQUE INDEX product_title_lower_key ON product (lower(title)); -- expect: index-not-concurrent

-- migrate:down
DROP INDEX product_title_lower_key;
