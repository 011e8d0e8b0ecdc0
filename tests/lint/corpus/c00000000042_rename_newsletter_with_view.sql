-- revision: c00000000042
-- revises: ba5e00000000
-- message: rename newsletter with view
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
-- The recipe: the old name lives on as an updatable view for the old code.
ALTER TABLE newsletter_signup RENAME TO subscriber;
CREATE VIEW newsletter_signup AS SELECT * FROM subscriber;

-- migrate:down
DROP VIEW newsletter_signup;
ALTER TABLE subscriber RENAME TO newsletter_signup;
