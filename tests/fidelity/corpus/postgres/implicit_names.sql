-- PostgreSQL's names for unnamed constraints and indexes, collisions
-- (`_key1`), multi-column checks (`_check`), and truncation to 63 bytes.
CREATE TABLE items (
    id integer PRIMARY KEY,
    sku text UNIQUE,
    code text,
    lo int, hi int,
    CHECK (lo < hi),
    CHECK (lo > 0),
    UNIQUE (sku),
    UNIQUE (code, sku)
);
CREATE INDEX ON items (code);
CREATE INDEX ON items (code);
CREATE INDEX ON items (lo, hi);
CREATE TABLE a_table_with_a_really_quite_remarkably_long_name_for_testing (
    a_column_with_an_equally_long_and_descriptive_name_for_tests int UNIQUE,
    other int CHECK (other > 0)
);
CREATE INDEX ON a_table_with_a_really_quite_remarkably_long_name_for_testing (other);
