-- Quoted mixed-case and reserved names keep their case; unquoted fold.
CREATE TABLE "User" (
    "Id" integer PRIMARY KEY,
    "firstName" text NOT NULL,
    LastName text,
    "order" int CHECK ("order" >= 0),
    "select" text UNIQUE
);
CREATE INDEX "User_firstName_idx2" ON "User" ("firstName", LastName);
CREATE TABLE "Order Lines" ("Line No" int, "userId" int REFERENCES "User" ("Id"));
CREATE INDEX ON "Order Lines" ("Line No" DESC);
