-- Defaults in the spellings SQLite migrations use.
CREATE TABLE defaults_zoo (
    a TEXT DEFAULT CURRENT_TIMESTAMP,
    b TEXT DEFAULT (datetime('now')),
    c INTEGER DEFAULT -5,
    d REAL DEFAULT 1.5,
    e TEXT DEFAULT 'it''s',
    f BOOLEAN DEFAULT FALSE,
    g INTEGER DEFAULT (1 + 2),
    h TEXT DEFAULT NULL,
    i BLOB DEFAULT x'00ff',
    j TEXT DEFAULT (lower(hex(randomblob(16))))
);
