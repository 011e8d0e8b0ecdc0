-- Column constraints.
CREATE TABLE authors (
    id INTEGER PRIMARY KEY,
    email TEXT UNIQUE NOT NULL,
    age INTEGER CHECK (age >= 0),
    handle TEXT CONSTRAINT handle_unique UNIQUE,
    nick TEXT CONSTRAINT nick_len CHECK (length(nick) < 20)
);
CREATE TABLE books (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES authors (id),
    editor_id INTEGER REFERENCES authors,
    pages INTEGER CONSTRAINT positive_pages CHECK (pages > 0)
);
