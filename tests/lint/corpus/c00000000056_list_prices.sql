-- revision: c00000000056
-- revises: ba5e00000000
-- message: list prices
-- created: 2026-11-21T10:30:00Z

-- migrate:up
-- Release 2.5: list prices beside the selling price.
ALTER TABLE product ADD COLUMN list_price numeric(10,2); -- expect: missing-lock-timeout
UPDATE product SET list_price = price WHERE list_price IS NULL;
ALTER TABLE product ADD CONSTRAINT product_list_price_nonneg
    CHECK (list_price >= 0) NOT VALID;
ALTER TABLE product ADD CONSTRAINT product_stock_nonneg CHECK (stock >= 0); -- expect: add-check
CREATE INDEX product_active_idx ON product (id) WHERE NOT discontinued; -- expect: index-not-concurrent

-- migrate:down
DROP INDEX product_active_idx;
ALTER TABLE product DROP CONSTRAINT product_stock_nonneg;
ALTER TABLE product DROP COLUMN list_price;
