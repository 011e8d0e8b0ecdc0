-- Table constraints, composite keys, named and not.
CREATE TABLE regions (
    country TEXT,
    code TEXT,
    name TEXT NOT NULL,
    PRIMARY KEY (country, code),
    UNIQUE (name, country),
    CHECK (length(code) > 0)
);
CREATE TABLE offices (
    id INTEGER,
    country TEXT NOT NULL,
    region TEXT NOT NULL,
    CONSTRAINT offices_pk PRIMARY KEY (id),
    CONSTRAINT offices_region_fk FOREIGN KEY (country, region) REFERENCES regions (country, code),
    CONSTRAINT offices_country_upper CHECK (country = upper(country))
);
