-- revision: 4d5e6f7a8b9c
-- revises: 3c4d5e6f7a8b
-- message: rename member to account

-- migrate:up
CREATE TABLE member (
    id BIGINT PRIMARY KEY,
    email TEXT NOT NULL
);
ALTER TABLE member RENAME TO account;

-- migrate:down
DROP TABLE account;
