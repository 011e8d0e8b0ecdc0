-- Comment text in every quoting: E'' escapes, dollar quotes, doubled
-- quotes, on quoted and schema-qualified names.
CREATE SCHEMA docs;
CREATE TABLE docs."Page" ("Title" text, body text);
COMMENT ON TABLE docs."Page" IS E'First line\nsecond line';
COMMENT ON COLUMN docs."Page"."Title" IS $$It's "quoted"$$;
COMMENT ON COLUMN docs."Page".body IS 'Tab:	end';
