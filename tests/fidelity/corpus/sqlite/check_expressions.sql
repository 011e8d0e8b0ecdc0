-- Check constraints in the spellings migrations use.
CREATE TABLE rules (
    status TEXT CHECK (status IN ('open', 'closed')),
    n INT CHECK (n BETWEEN 1 AND 10),
    email TEXT CHECK (email LIKE '%@%'),
    code TEXT CHECK (code GLOB '[A-Z]*'),
    a INT, b INT,
    CHECK (a IS NOT NULL OR b IS NOT NULL),
    CONSTRAINT sum_small CHECK (coalesce(a, 0) + coalesce(b, 0) < 100),
    CHECK (typeof(a) = 'integer')
);
