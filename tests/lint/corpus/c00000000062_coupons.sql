-- revision: c00000000062
-- revises: ba5e00000000
-- message: coupons
-- created: 2026-11-21T10:30:00Z
-- transactional: false

-- migrate:up
CREATE TABLE coupon (
    code varchar(20) PRIMARY KEY,
    percent_off integer NOT NULL CHECK (percent_off BETWEEN 1 AND 100),
    valid_until date
);
CREATE INDEX CONCURRENTLY coupon_valid_until_idx ON coupon (valid_until);

-- migrate:down
DROP TABLE coupon;
