-- Table constraints, composite keys, named and unnamed.
CREATE TABLE regions (
    country char(2),
    code varchar(10),
    name text NOT NULL,
    PRIMARY KEY (country, code),
    UNIQUE (name, country),
    CHECK (char_length(code) > 0)
);
CREATE TABLE offices (
    id serial,
    country char(2) NOT NULL,
    region varchar(10) NOT NULL,
    CONSTRAINT offices_pkey PRIMARY KEY (id),
    CONSTRAINT offices_region_fk FOREIGN KEY (country, region) REFERENCES regions (country, code),
    CONSTRAINT offices_country_upper CHECK (country = upper(country))
);
