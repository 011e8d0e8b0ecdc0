-- DROP CONSTRAINT, IF EXISTS, the primary key, a unique constraint (its
-- index goes too), CASCADE to foreign keys that depended on it.
CREATE TABLE units (
    id int CONSTRAINT units_pk PRIMARY KEY,
    code text UNIQUE,
    qty int CONSTRAINT qty_positive CHECK (qty > 0),
    parent int REFERENCES units (id)
);
CREATE TABLE parts (id int, unit_code text REFERENCES units (code));
-- next revision
ALTER TABLE units DROP CONSTRAINT qty_positive;
ALTER TABLE units DROP CONSTRAINT IF EXISTS not_there;
ALTER TABLE units DROP CONSTRAINT units_parent_fkey;
ALTER TABLE units DROP CONSTRAINT units_code_key CASCADE;
ALTER TABLE units DROP CONSTRAINT units_pk;
