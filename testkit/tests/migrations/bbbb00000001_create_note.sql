-- revision: bbbb00000001
-- revises: base
-- message: create note
-- created: 2026-01-01T00:00:00Z

-- migrate:up
CREATE TABLE note (
    id bigint PRIMARY KEY,
    body text NOT NULL
);

-- migrate:down
DROP TABLE note;
