-- Access methods, INCLUDE columns and operator classes.
CREATE TABLE docs (id int PRIMARY KEY, tags text[], body jsonb, title text, created timestamptz, code text);
CREATE INDEX docs_tags ON docs USING gin (tags);
CREATE INDEX docs_body ON docs USING gin (body jsonb_path_ops);
CREATE INDEX docs_code_hash ON docs USING hash (code);
CREATE INDEX docs_created_brin ON docs USING brin (created);
CREATE INDEX docs_title_pattern ON docs (title text_pattern_ops);
CREATE UNIQUE INDEX docs_code_cover ON docs (code) INCLUDE (title, created);
