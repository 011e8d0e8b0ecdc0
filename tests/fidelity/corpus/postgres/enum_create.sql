-- CREATE TYPE … AS ENUM used by columns, arrays and defaults.
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE "Weather" AS ENUM ('Sunny', 'rain');
CREATE TABLE diary (
    id int,
    mood mood NOT NULL DEFAULT 'ok',
    history mood[],
    weather "Weather"
);
