-- Tables in other schemas, FKs across schemas, indexes and enums there.
CREATE SCHEMA app;
CREATE SCHEMA "Audit";
CREATE TYPE app.state AS ENUM ('new', 'done');
CREATE TABLE app.users (id bigint PRIMARY KEY, email text UNIQUE, state app.state DEFAULT 'new');
CREATE TABLE "Audit"."Log" (
    id bigserial PRIMARY KEY,
    user_id bigint REFERENCES app.users (id),
    at timestamptz DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE public.plain (id int);
CREATE INDEX log_at ON "Audit"."Log" (at);
CREATE UNIQUE INDEX IF NOT EXISTS users_lower_email ON app.users (lower(email));
