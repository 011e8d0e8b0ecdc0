-- revision: fc4447d965b8
-- revises: f7d44bd0a94e
-- message: create billing_plan table
-- created: 2026-11-06T14:10:00Z
-- branch-labels: billing

-- migrate:up
CREATE TABLE billing_plan (
    id INTEGER PRIMARY KEY,
    code VARCHAR(20) NOT NULL,
    name VARCHAR(50) NOT NULL,
    price_pence INTEGER NOT NULL,
    is_active BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE UNIQUE INDEX ix_billing_plan_code ON billing_plan (code);

-- migrate:down
DROP INDEX ix_billing_plan_code;
DROP TABLE billing_plan;
