-- revision: ba5e00000001
-- revises: base
-- message: blog schema
-- created: 2026-11-21T10:30:00Z

-- migrate:up
CREATE TABLE author (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name VARCHAR(80) NOT NULL,
    email VARCHAR(120) NOT NULL UNIQUE,
    bio TEXT,
    karma INTEGER NOT NULL DEFAULT 0 CHECK (karma >= 0)
);

CREATE TABLE post (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    author_id INTEGER NOT NULL REFERENCES author (id) ON DELETE CASCADE,
    title VARCHAR(200) NOT NULL,
    slug VARCHAR(200) NOT NULL,
    body TEXT,
    status VARCHAR(20) NOT NULL DEFAULT 'draft',
    published_at TEXT,
    CONSTRAINT post_status_check CHECK (status IN ('draft', 'published', 'archived'))
);
CREATE UNIQUE INDEX post_slug_idx ON post (slug);
CREATE INDEX post_author_id_idx ON post (author_id);

CREATE TABLE tag (
    id INTEGER PRIMARY KEY,
    label VARCHAR(40) NOT NULL UNIQUE
);

CREATE TABLE post_tag (
    post_id INTEGER NOT NULL,
    tag_id INTEGER NOT NULL,
    PRIMARY KEY (post_id, tag_id),
    FOREIGN KEY (post_id) REFERENCES post (id) ON DELETE CASCADE,
    FOREIGN KEY (tag_id) REFERENCES tag (id)
);

CREATE TABLE comment (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES post (id),
    author_name VARCHAR(80),
    body TEXT NOT NULL,
    legacy_score INTEGER
);

-- Some rows, so that what SQLite refuses only on a table with rows is refused.
INSERT INTO author (id, name, email, bio) VALUES
    (1, 'Ada', 'ada@example.org', NULL),
    (2, 'Grace', 'grace@example.org', 'Rear admiral');
INSERT INTO post (id, author_id, title, slug, body, status) VALUES
    (1, 1, 'Notes', 'notes', 'On the engine', 'published'),
    (2, 2, 'Bugs', 'bugs', NULL, 'draft');
INSERT INTO tag (id, label) VALUES (1, 'history'), (2, 'computing');
INSERT INTO post_tag (post_id, tag_id) VALUES (1, 1), (1, 2), (2, 2);
INSERT INTO comment (id, post_id, author_name, body, legacy_score) VALUES
    (1, 1, 'Charles', 'Splendid', 5),
    (2, 2, NULL, 'Found one', NULL);

-- migrate:down
DROP TABLE comment;
DROP TABLE post_tag;
DROP TABLE tag;
DROP TABLE post;
DROP TABLE author;
