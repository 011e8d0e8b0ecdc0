-- A table's life over many revisions.
CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);
-- next revision
ALTER TABLE users ADD COLUMN email TEXT;
CREATE UNIQUE INDEX users_email ON users (email);
-- next revision
ALTER TABLE users RENAME COLUMN name TO display_name;
CREATE TABLE sessions (id TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users ON DELETE CASCADE);
-- next revision
DROP INDEX users_email;
ALTER TABLE users RENAME TO accounts;
-- next revision
ALTER TABLE accounts DROP COLUMN email;
