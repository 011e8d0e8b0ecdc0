-- CREATE INDEX: named, unnamed, unique, multi-column, ONLY, on a
-- schema-qualified table.
CREATE TABLE posts (id int PRIMARY KEY, author int, slug text, created date, title text);
CREATE INDEX posts_author ON posts (author);
CREATE INDEX ON posts (author, created);
CREATE UNIQUE INDEX posts_slug ON posts (slug);
CREATE INDEX posts_title ON ONLY posts (title);
CREATE INDEX posts_created_using ON posts USING btree (created);
CREATE UNIQUE INDEX ON public.posts (slug, created);
