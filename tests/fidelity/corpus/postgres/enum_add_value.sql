-- ALTER TYPE … ADD VALUE at the end, BEFORE, AFTER, IF NOT EXISTS.
CREATE TYPE status AS ENUM ('new', 'done');
-- next revision
ALTER TYPE status ADD VALUE 'archived';
ALTER TYPE status ADD VALUE 'active' BEFORE 'done';
ALTER TYPE status ADD VALUE 'review' AFTER 'active';
ALTER TYPE status ADD VALUE IF NOT EXISTS 'new';
ALTER TYPE status ADD VALUE IF NOT EXISTS 'first' BEFORE 'new';
