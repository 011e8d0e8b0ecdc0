-- revision: f1baf2943011
-- revises: fc4447d965b8
-- message: create subscription table
-- created: 2026-11-10T08:55:00Z

-- migrate:up
CREATE TABLE subscription (
    id BIGINT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
    plan_id INTEGER NOT NULL REFERENCES billing_plan(id),
    started_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP
);
CREATE INDEX ix_subscription_user_id ON subscription (user_id);

-- migrate:down
DROP INDEX ix_subscription_user_id;
DROP TABLE subscription;
