-- revision: f7d44bd0a94e
-- revises: base
-- message: create user table
-- created: 2026-11-02T09:14:00Z

-- migrate:up
CREATE TABLE "user" (
    id BIGINT PRIMARY KEY,
    name VARCHAR(30) NOT NULL,
    email VARCHAR(255) NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX ix_user_email ON "user" (email);

-- migrate:down
DROP INDEX ix_user_email;
DROP TABLE "user";
