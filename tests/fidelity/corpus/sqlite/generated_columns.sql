-- Generated columns are columns; their expressions are not defaults.
CREATE TABLE boxes (
    w REAL NOT NULL,
    h REAL NOT NULL,
    area REAL GENERATED ALWAYS AS (w * h) STORED,
    label TEXT AS ('box ' || w) VIRTUAL
);
