-- revision: c00000000020
-- revises: ba5e00000000
-- message: narrow phone and weight in kg
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE customer ALTER COLUMN phone TYPE varchar(20); -- expect: column-type-rewrite
ALTER TABLE product -- expect: column-type-rewrite
    ALTER COLUMN weight_grams TYPE numeric(10,3) USING weight_grams::numeric / 1000;
ALTER TABLE product RENAME COLUMN weight_grams TO weight_kg; -- expect: rename-column

-- migrate:down
ALTER TABLE product RENAME COLUMN weight_kg TO weight_grams;
ALTER TABLE product ALTER COLUMN weight_grams TYPE integer USING (weight_grams * 1000)::integer;
ALTER TABLE customer ALTER COLUMN phone TYPE varchar(30);
