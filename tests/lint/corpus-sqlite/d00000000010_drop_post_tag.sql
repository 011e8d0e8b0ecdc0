-- revision: d00000000010
-- revises: ba5e00000001
-- message: drop post tag
-- created: 2026-11-21T10:30:00Z

-- migrate:up
DROP TABLE post_tag; -- expect: drop-table

-- migrate:down
CREATE TABLE post_tag (
    post_id INTEGER NOT NULL,
    tag_id INTEGER NOT NULL,
    PRIMARY KEY (post_id, tag_id),
    FOREIGN KEY (post_id) REFERENCES post (id) ON DELETE CASCADE,
    FOREIGN KEY (tag_id) REFERENCES tag (id)
);
