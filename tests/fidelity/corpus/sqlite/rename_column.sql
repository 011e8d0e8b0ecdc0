-- RENAME COLUMN: SQLite rewrites the column's name in the table's own
-- SQL, its indexes and the foreign keys that point at it.
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    full_name TEXT NOT NULL CHECK (length(full_name) > 1),
    mail TEXT UNIQUE
);
CREATE INDEX people_name ON people (full_name);
CREATE INDEX people_mail_lower ON people (lower(mail)) WHERE mail IS NOT NULL;
CREATE TABLE notes (id INTEGER, person_id INTEGER REFERENCES people (id));
-- next revision
ALTER TABLE people RENAME COLUMN full_name TO name;
ALTER TABLE people RENAME mail TO email;
ALTER TABLE people RENAME COLUMN id TO person_id;
