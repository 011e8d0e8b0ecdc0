-- revision: d00000000018
-- revises: ba5e00000001
-- message: post status published at
-- created: 2026-11-21T10:30:00Z

-- migrate:up
-- A release: a rebuild of tag, then in-place changes and a rename.
CREATE TABLE tag_new (
    id INTEGER PRIMARY KEY,
    label VARCHAR(60) NOT NULL UNIQUE,
    description TEXT
);
INSERT INTO tag_new (id, label) SELECT id, label FROM tag;
DROP TABLE tag;
ALTER TABLE tag_new RENAME TO tag;
ALTER TABLE post ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE post RENAME COLUMN published_at TO published_on; -- expect: rename-column
DROP TABLE comment; -- expect: drop-table

-- migrate:down
SELECT 1;
