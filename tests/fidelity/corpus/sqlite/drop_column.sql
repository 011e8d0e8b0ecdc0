-- ALTER TABLE … DROP COLUMN (SQLite 3.35+).
CREATE TABLE widgets (id INTEGER PRIMARY KEY, name TEXT, color TEXT, weight INT);
CREATE INDEX widgets_color ON widgets (color);
-- next revision
DROP INDEX widgets_color;
ALTER TABLE widgets DROP COLUMN color;
ALTER TABLE widgets DROP weight;
