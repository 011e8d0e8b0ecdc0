-- sqlite3 .schema (SQLite 3.40) of a database built from sqlite_source.sql.
CREATE TABLE sqlite_sequence(name,seq);
CREATE TABLE IF NOT EXISTS "settings" (k TEXT PRIMARY KEY, v INTEGER NOT NULL, n ANY) STRICT, WITHOUT ROWID;
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES posts,
    title TEXT NOT NULL DEFAULT '');
CREATE INDEX posts_user ON posts (user_id, id DESC);
CREATE UNIQUE INDEX posts_title ON posts (lower(title)) WHERE title <> '';
CREATE TRIGGER posts_touch AFTER UPDATE ON posts BEGIN UPDATE posts SET title = title WHERE id = NEW.id; END;
CREATE VIEW recent AS SELECT * FROM posts ORDER BY id DESC LIMIT 10
/* recent(id,user_id,parent_id,title) */;
CREATE TABLE IF NOT EXISTS "users" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    full_name TEXT NOT NULL UNIQUE,
    email VARCHAR(30) NOT NULL DEFAULT '' COLLATE NOCASE,
    created DATETIME DEFAULT CURRENT_TIMESTAMP,
    big UNSIGNED BIG INT,
    age INTEGER DEFAULT (0) CHECK (age >= 0),
    CONSTRAINT name_len CHECK (length(full_name) > 0)
);
CREATE INDEX users_email ON users (email);
