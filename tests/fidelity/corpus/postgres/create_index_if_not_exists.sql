-- IF NOT EXISTS on an existing name changes nothing.
CREATE TABLE files (id int, path text, size int);
CREATE INDEX IF NOT EXISTS files_path ON files (path);
CREATE INDEX IF NOT EXISTS files_path ON files (size);
