-- COMMENT ON TABLE / COLUMN, quotes inside, replaced, and removed with
-- IS NULL; comments on other objects change nothing in the IR.
CREATE TABLE products (id int PRIMARY KEY, name text, price numeric);
CREATE INDEX products_name ON products (name);
COMMENT ON TABLE products IS 'What we sell';
COMMENT ON COLUMN products.name IS 'The product''s name';
COMMENT ON COLUMN products.price IS 'temporary';
COMMENT ON COLUMN public.products.id IS 'Surrogate key';
COMMENT ON INDEX products_name IS 'for search';
COMMENT ON CONSTRAINT products_pkey ON products IS 'the key';
-- next revision
COMMENT ON COLUMN products.price IS NULL;
COMMENT ON TABLE products IS 'What we sell, in cents';
