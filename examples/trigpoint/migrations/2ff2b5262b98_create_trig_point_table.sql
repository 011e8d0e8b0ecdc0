-- revision: 2ff2b5262b98
-- revises: f7d44bd0a94e
-- message: create trig_point table
-- created: 2026-11-03T10:02:00Z

-- migrate:up
CREATE TABLE trig_point (
    id BIGINT PRIMARY KEY,
    waypoint VARCHAR(8) NOT NULL,
    name VARCHAR(50) NOT NULL,
    latitude DOUBLE PRECISION NOT NULL,
    longitude DOUBLE PRECISION NOT NULL,
    height_m DOUBLE PRECISION,
    physical_type VARCHAR(20) NOT NULL DEFAULT 'pillar'
);
CREATE UNIQUE INDEX ix_trig_point_waypoint ON trig_point (waypoint);

-- migrate:down
DROP INDEX ix_trig_point_waypoint;
DROP TABLE trig_point;
