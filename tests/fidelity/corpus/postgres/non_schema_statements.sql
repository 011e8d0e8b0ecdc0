-- Statements that do not change the schema IR are passed over: data,
-- DO blocks, functions, triggers, views, grants, sequences.
CREATE TABLE audit (id serial PRIMARY KEY, msg text, at timestamptz DEFAULT now());
INSERT INTO audit (msg) VALUES ('created'), ('again; with a semicolon');
UPDATE audit SET msg = upper(msg) WHERE id > 0;
DELETE FROM audit WHERE msg IS NULL;
DO $$
BEGIN
    RAISE NOTICE 'hello';
END
$$;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    NEW.at := now();
    RETURN NEW;
END;
$fn$;
CREATE TRIGGER audit_touch BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION touch();
CREATE VIEW recent AS SELECT * FROM audit WHERE at > now() - interval '1 day';
CREATE SEQUENCE standalone_seq;
GRANT SELECT ON audit TO PUBLIC;
ANALYZE audit;
CREATE TABLE after_all (id int);
