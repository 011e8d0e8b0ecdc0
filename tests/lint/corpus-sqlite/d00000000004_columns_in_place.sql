-- revision: d00000000004
-- revises: ba5e00000001
-- message: columns in place
-- created: 2026-11-21T10:30:00Z

-- migrate:up
-- What SQLite's ALTER TABLE can do in place.
ALTER TABLE comment ADD COLUMN approved INTEGER NOT NULL DEFAULT 0;
ALTER TABLE author ADD COLUMN website VARCHAR(200);
ALTER TABLE post ADD COLUMN views INTEGER DEFAULT -1;
ALTER TABLE post ADD COLUMN editor_id INTEGER REFERENCES author (id);
ALTER TABLE tag ADD COLUMN color TEXT DEFAULT 'grey';
CREATE INDEX comment_post_id_idx ON comment (post_id);

-- migrate:down
DROP INDEX comment_post_id_idx;
ALTER TABLE tag DROP COLUMN color;
ALTER TABLE post DROP COLUMN editor_id;
ALTER TABLE post DROP COLUMN views;
ALTER TABLE author DROP COLUMN website;
ALTER TABLE comment DROP COLUMN approved;
