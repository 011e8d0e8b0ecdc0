-- SET DEFAULT / DROP DEFAULT with expressions of several kinds.
CREATE TABLE settings (
    id int,
    name text DEFAULT 'x',
    created timestamptz,
    level int,
    tags text[],
    ratio numeric
);
-- next revision
ALTER TABLE settings ALTER COLUMN name DROP DEFAULT;
ALTER TABLE settings ALTER COLUMN created SET DEFAULT now();
ALTER TABLE settings ALTER COLUMN level SET DEFAULT -1;
ALTER TABLE settings ALTER tags SET DEFAULT '{}';
ALTER TABLE settings ALTER COLUMN ratio SET DEFAULT 0.5;
ALTER TABLE settings ALTER COLUMN id SET DEFAULT 42;
