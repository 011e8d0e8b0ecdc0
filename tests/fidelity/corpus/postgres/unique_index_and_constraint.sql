-- A unique index and a unique constraint are different things in the IR,
-- even on the same column; so are an index and a primary key.
CREATE TABLE emails (id int, address text, domain text);
CREATE UNIQUE INDEX emails_address_idx ON emails (address);
ALTER TABLE emails ADD CONSTRAINT emails_address_key UNIQUE (address);
ALTER TABLE emails ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX emails_id_idx ON emails (id);
CREATE UNIQUE INDEX emails_domain_nulls ON emails (domain) NULLS NOT DISTINCT;
