-- Check constraints in the spellings migrations use, on text and varchar
-- columns (which PostgreSQL casts).
CREATE TABLE rules (
    status varchar(20) CHECK (status IN ('open', 'closed')),
    kind text CHECK (kind NOT IN ('x', 'y')),
    n int CHECK (n BETWEEN 1 AND 10),
    m int CHECK (m NOT BETWEEN 5 AND 6),
    email text CHECK (email LIKE '%@%'),
    code varchar(5) CHECK (code ~ '^[A-Z]+$'),
    a int, b int,
    CHECK (a IS NOT NULL OR b IS NOT NULL),
    CHECK ((a > 0 AND b > 0) OR (a IS NULL)),
    CHECK (coalesce(a, 0) + coalesce(b, 0) < 100),
    CONSTRAINT single CHECK (status = 'open' OR kind <> 'x')
);
