-- CREATE INDEX: unique, multi-column, DESC, IF NOT EXISTS, COLLATE.
CREATE TABLE posts (id INTEGER PRIMARY KEY, author INT, slug TEXT, created DATE, title TEXT);
CREATE INDEX posts_author ON posts (author);
CREATE INDEX posts_author_created ON posts (author, created DESC);
CREATE UNIQUE INDEX posts_slug ON posts (slug);
CREATE INDEX IF NOT EXISTS posts_author ON posts (title);
CREATE INDEX IF NOT EXISTS posts_title ON posts (title COLLATE NOCASE ASC);
