-- CREATE TABLE with the common column forms: types, NOT NULL, NULL, defaults.
CREATE TABLE accounts (
    id bigint NOT NULL,
    name varchar(100) NOT NULL,
    note text NULL,
    balance numeric(12, 2) NOT NULL DEFAULT 0,
    active boolean DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);
