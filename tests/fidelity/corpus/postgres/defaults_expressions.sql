-- Defaults in the spellings migrations use.
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TABLE defaults_zoo (
    a timestamptz DEFAULT CURRENT_TIMESTAMP,
    b timestamptz DEFAULT now(),
    c date DEFAULT CURRENT_DATE,
    d uuid DEFAULT gen_random_uuid(),
    e jsonb DEFAULT '{}'::jsonb,
    f jsonb NOT NULL DEFAULT '[]',
    g text DEFAULT 'it''s',
    h varchar(10) DEFAULT 'abc',
    i integer DEFAULT -5,
    j numeric(5, 2) DEFAULT 1.50,
    k boolean DEFAULT FALSE,
    l timestamptz DEFAULT now() + interval '1 day',
    m text[] DEFAULT ARRAY['a', 'b'],
    n bigint DEFAULT (1 + 2) * 3,
    o text DEFAULT lower('ABC'),
    p int DEFAULT NULL
);
