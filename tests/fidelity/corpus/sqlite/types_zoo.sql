-- Declared types in their many spellings (SQLite keeps them as written).
CREATE TABLE types_zoo (
    a INT, b INTEGER, c TINYINT, d SMALLINT, e BIGINT, f UNSIGNED BIG INT, g INT8,
    h REAL, i DOUBLE, j DOUBLE PRECISION, k FLOAT,
    l NUMERIC, m DECIMAL(10, 5), n BOOLEAN, o DATE, p DATETIME, q TIMESTAMP,
    r TEXT, s VARCHAR(255), t CHARACTER(20), u NCHAR(55), v NVARCHAR(100), w CLOB,
    x BLOB, y, z JSON, aa UUID
);
