-- Source of sqlite_schema.sql: a database built from this file, then its
-- `.schema` (the table SQL SQLite keeps, rewritten by every ALTER), must
-- replay to the same schema.
PRAGMA foreign_keys = ON;
CREATE TABLE Users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    Name TEXT NOT NULL UNIQUE,
    email VARCHAR(30) COLLATE NOCASE,
    created DATETIME DEFAULT CURRENT_TIMESTAMP,
    big UNSIGNED BIG INT,
    CONSTRAINT name_len CHECK (length(Name) > 0),
    CHECK (email LIKE '%@%')
);
CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL, n ANY) STRICT, WITHOUT ROWID;
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES posts,
    title TEXT NOT NULL DEFAULT '',
    body TEXT
);
CREATE INDEX posts_user ON posts (user_id, id DESC);
CREATE UNIQUE INDEX posts_title ON posts (lower(title)) WHERE title <> '';
ALTER TABLE users ADD COLUMN age INTEGER DEFAULT (0) CHECK (age >= 0);
ALTER TABLE users RENAME COLUMN Name TO full_name;
ALTER TABLE posts RENAME COLUMN body TO content;
CREATE TRIGGER IF NOT EXISTS posts_touch AFTER UPDATE ON posts BEGIN UPDATE posts SET title = title WHERE id = NEW.id; END;
CREATE VIEW recent AS SELECT * FROM posts ORDER BY id DESC LIMIT 10;
-- The rebuild recipe: make users.email NOT NULL.
PRAGMA foreign_keys = OFF;
CREATE TABLE _users_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    full_name TEXT NOT NULL UNIQUE,
    email VARCHAR(30) NOT NULL DEFAULT '' COLLATE NOCASE,
    created DATETIME DEFAULT CURRENT_TIMESTAMP,
    big UNSIGNED BIG INT,
    age INTEGER DEFAULT (0) CHECK (age >= 0),
    CONSTRAINT name_len CHECK (length(full_name) > 0)
);
INSERT INTO _users_new SELECT id, full_name, coalesce(email, ''), created, big, age FROM users;
DROP TABLE users;
ALTER TABLE _users_new RENAME TO users;
CREATE INDEX users_email ON users (email);
PRAGMA foreign_key_check;
PRAGMA foreign_keys = ON;
ALTER TABLE kv RENAME TO settings;
ALTER TABLE posts DROP COLUMN content;
