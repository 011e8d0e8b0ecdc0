-- INTEGER PRIMARY KEY AUTOINCREMENT, and the sqlite_sequence table it
-- brings (an internal table, not part of the schema).
CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);
CREATE TABLE "Quoted" ("Id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT);
INSERT INTO events (name) VALUES ('first');
