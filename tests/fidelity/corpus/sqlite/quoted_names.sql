-- Quoted names in SQLite's quoting styles keep their case.
CREATE TABLE "Mixed Case" ("Id" INTEGER PRIMARY KEY, "firstName" TEXT, [last name] TEXT, `order` INT);
CREATE INDEX "Mixed_idx" ON "Mixed Case" ("firstName", [last name]);
CREATE TABLE Upper (Id INTEGER, Ref INTEGER REFERENCES "Mixed Case" ("Id"));
