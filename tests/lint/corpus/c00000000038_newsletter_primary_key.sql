-- revision: c00000000038
-- revises: ba5e00000000
-- message: newsletter primary key
-- created: 2026-11-21T10:30:00Z
-- lock-timeout: 2s

-- migrate:up
ALTER TABLE newsletter_signup ADD PRIMARY KEY (email); -- expect: unique-without-index

-- migrate:down
ALTER TABLE newsletter_signup DROP CONSTRAINT newsletter_signup_pkey;
