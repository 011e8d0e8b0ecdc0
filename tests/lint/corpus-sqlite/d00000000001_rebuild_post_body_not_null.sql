-- revision: d00000000001
-- revises: ba5e00000001
-- message: rebuild post body not null
-- created: 2026-11-21T10:30:00Z

-- migrate:up
-- The table-rebuild recipe (what autogenerate writes): no rows are lost,
-- so the DROP TABLE is not a drop-table.
CREATE TABLE post_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    author_id INTEGER NOT NULL REFERENCES author (id) ON DELETE CASCADE,
    title VARCHAR(200) NOT NULL,
    slug VARCHAR(200) NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    status VARCHAR(20) NOT NULL DEFAULT 'draft',
    published_at TEXT,
    CONSTRAINT post_status_check CHECK (status IN ('draft', 'published', 'archived'))
);
INSERT INTO post_new (id, author_id, title, slug, body, status, published_at)
SELECT id, author_id, title, slug, coalesce(body, ''), status, published_at FROM post;
DROP TABLE post;
ALTER TABLE post_new RENAME TO post;
CREATE UNIQUE INDEX post_slug_idx ON post (slug);
CREATE INDEX post_author_id_idx ON post (author_id);

-- migrate:down
SELECT 1;
