-- ADD CONSTRAINT of every kind, named and unnamed, NOT VALID, VALIDATE,
-- and a unique constraint made from an existing index.
CREATE TABLE shops (id int NOT NULL, name text, owner_id int, rating int, code text);
CREATE TABLE owners (id int PRIMARY KEY);
CREATE UNIQUE INDEX shops_code_idx ON shops (code);
-- next revision
ALTER TABLE shops ADD PRIMARY KEY (id);
ALTER TABLE shops ADD UNIQUE (name);
ALTER TABLE shops ADD CONSTRAINT shops_owner_fk FOREIGN KEY (owner_id) REFERENCES owners (id) ON DELETE CASCADE NOT VALID;
ALTER TABLE shops ADD CHECK (rating BETWEEN 1 AND 5);
ALTER TABLE shops ADD CONSTRAINT shops_name_len CHECK (length(name) < 100) NOT VALID;
ALTER TABLE shops VALIDATE CONSTRAINT shops_owner_fk;
ALTER TABLE shops ADD FOREIGN KEY (rating) REFERENCES owners;
ALTER TABLE shops ADD CONSTRAINT shops_code_key UNIQUE USING INDEX shops_code_idx;
