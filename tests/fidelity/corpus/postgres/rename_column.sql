-- RENAME COLUMN: keys, indexes and checks follow; names of constraints
-- and indexes stay.
CREATE TABLE people (
    id int PRIMARY KEY,
    full_name text NOT NULL CHECK (length(full_name) > 1),
    mail text UNIQUE
);
CREATE INDEX people_full_name_lower ON people (lower(full_name));
CREATE INDEX people_mail_partial ON people (mail) WHERE mail IS NOT NULL;
CREATE TABLE notes (id int, person_id int REFERENCES people (id));
-- next revision
ALTER TABLE people RENAME COLUMN full_name TO name;
ALTER TABLE people RENAME mail TO email;
ALTER TABLE people RENAME COLUMN id TO person_id;
