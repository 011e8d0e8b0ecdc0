-- SET NOT NULL / DROP NOT NULL.
CREATE TABLE tasks (id int, title text, done boolean NOT NULL);
-- next revision
ALTER TABLE tasks ALTER COLUMN title SET NOT NULL;
ALTER TABLE tasks ALTER COLUMN done DROP NOT NULL;
ALTER TABLE tasks ALTER id SET NOT NULL;
