-- Checks and indexes where PostgreSQL inserts casts to a common type
-- (integer column against a numeric literal, varchar against text, char).
CREATE TABLE measures (
    qty int CHECK (qty > 1.5),
    small smallint CHECK (small BETWEEN 0 AND 100),
    code varchar(10) CHECK (code = upper(code)),
    tag char(3) CHECK (tag <> 'abc'),
    ratio real CHECK (ratio IN (0.5, 1.5)),
    day date CHECK (day > '2020-01-01')
);
CREATE INDEX measures_code_qty ON measures ((code || qty));
CREATE INDEX measures_big_qty ON measures (qty) WHERE qty > 2.5;
