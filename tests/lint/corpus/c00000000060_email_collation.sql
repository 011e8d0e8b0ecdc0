-- revision: c00000000060
-- revises: ba5e00000000
-- message: email collation
-- created: 2026-11-21T10:30:00Z

-- migrate:up
-- Not a rewrite of the table, but its unique index on email is rebuilt
-- under the ACCESS EXCLUSIVE lock, for the new collation.
ALTER TABLE customer ALTER COLUMN email TYPE varchar(160) COLLATE "C"; -- expect: column-type-rewrite, missing-lock-timeout

-- migrate:down
ALTER TABLE customer ALTER COLUMN email TYPE varchar(120) COLLATE "default";
