-- revision: fe98439c07ed
-- revises: 7a4b0f710b91
-- message: add last_login to user
-- created: 2026-11-16T09:05:00Z

-- migrate:up
ALTER TABLE "user" ADD COLUMN last_login TIMESTAMP;

-- migrate:down
ALTER TABLE "user" DROP COLUMN last_login;
