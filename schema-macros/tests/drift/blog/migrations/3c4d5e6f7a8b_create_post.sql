-- revision: 3c4d5e6f7a8b
-- revises: 2b3c4d5e6f7a
-- message: create post

-- migrate:up
CREATE TABLE post (
    id BIGSERIAL PRIMARY KEY,
    author_id BIGINT NOT NULL REFERENCES "user" (id),
    title TEXT NOT NULL,
    body TEXT,
    tenant_id BIGINT NOT NULL
);

-- migrate:down
DROP TABLE post;
