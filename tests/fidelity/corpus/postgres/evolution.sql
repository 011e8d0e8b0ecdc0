-- A table's life over many revisions.
CREATE TABLE users (id serial PRIMARY KEY, name text);
-- next revision
ALTER TABLE users ADD COLUMN email varchar(100);
CREATE UNIQUE INDEX users_email ON users (email);
-- next revision
ALTER TABLE users RENAME COLUMN name TO display_name;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- next revision
ALTER TABLE users ADD COLUMN last_login timestamptz;
CREATE TABLE sessions (id uuid PRIMARY KEY, user_id int NOT NULL REFERENCES users ON DELETE CASCADE);
-- next revision
DROP INDEX users_email;
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
ALTER TABLE users ALTER COLUMN email TYPE text;
-- next revision
ALTER TABLE users RENAME TO accounts;
ALTER TABLE accounts DROP COLUMN last_login;
