-- CREATE TABLE with the common column forms.
CREATE TABLE accounts (
    id INTEGER NOT NULL,
    name VARCHAR(100) NOT NULL,
    note TEXT NULL,
    balance NUMERIC(12, 2) NOT NULL DEFAULT 0,
    active BOOLEAN DEFAULT TRUE,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE IF NOT EXISTS accounts (other INT);
