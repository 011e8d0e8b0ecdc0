-- CREATE TABLE … (LIKE … INCLUDING ALL) copies columns, defaults,
-- checks and indexes (named the PostgreSQL way).
CREATE TABLE template_t (id int PRIMARY KEY, name text NOT NULL DEFAULT 'x' CHECK (name <> ''), code text UNIQUE);
CREATE INDEX template_t_name ON template_t (name);
CREATE TABLE copy_t (LIKE template_t INCLUDING ALL, extra int);
CREATE TABLE bare_copy (LIKE template_t);
