-- revision: 2b3c4d5e6f7a
-- revises: 1a2b3c4d5e6f
-- message: rename nick and widen columns

-- migrate:up
ALTER TABLE "user" RENAME COLUMN nick TO nickname;
ALTER TABLE "user" ALTER COLUMN score TYPE BIGINT;
ALTER TABLE "user" ALTER COLUMN name TYPE VARCHAR(60);
ALTER TABLE "user" ADD COLUMN legacy_note TEXT;

-- migrate:down
ALTER TABLE "user" DROP COLUMN legacy_note;
ALTER TABLE "user" ALTER COLUMN name TYPE VARCHAR(30);
ALTER TABLE "user" ALTER COLUMN score TYPE INTEGER;
ALTER TABLE "user" RENAME COLUMN nickname TO nick;
