-- ADD COLUMN in its forms: plain, NOT NULL with a default, IF NOT EXISTS,
-- with inline constraints, without the COLUMN keyword.
CREATE TABLE profiles (id int PRIMARY KEY);
CREATE TABLE teams (id int PRIMARY KEY);
-- next revision
ALTER TABLE profiles ADD COLUMN bio text;
ALTER TABLE profiles ADD COLUMN score int NOT NULL DEFAULT 0;
ALTER TABLE profiles ADD COLUMN IF NOT EXISTS bio varchar(10);
ALTER TABLE profiles ADD COLUMN email text UNIQUE;
ALTER TABLE profiles ADD COLUMN team_id int REFERENCES teams ON DELETE SET NULL;
ALTER TABLE profiles ADD COLUMN age int CHECK (age > 0);
ALTER TABLE profiles ADD nickname text;
ALTER TABLE profiles ADD COLUMN uid serial;
