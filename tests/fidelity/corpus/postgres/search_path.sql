-- SET search_path decides where unqualified names go.
CREATE SCHEMA tenant;
SET search_path TO tenant, public;
CREATE TABLE accounts (id int PRIMARY KEY);
CREATE INDEX accounts_id_idx2 ON accounts (id);
SET search_path TO public;
CREATE TABLE accounts (id int PRIMARY KEY, tenant_account int REFERENCES tenant.accounts);
