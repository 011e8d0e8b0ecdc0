-- Column constraints: PRIMARY KEY, UNIQUE, CHECK, REFERENCES, named and not.
CREATE TABLE authors (
    id integer PRIMARY KEY,
    email text UNIQUE NOT NULL,
    age integer CHECK (age >= 0),
    handle text CONSTRAINT handle_unique UNIQUE
);
CREATE TABLE books (
    id integer CONSTRAINT books_pk PRIMARY KEY,
    author_id integer NOT NULL REFERENCES authors (id),
    editor_id integer CONSTRAINT books_editor_fk REFERENCES authors,
    pages integer CONSTRAINT positive_pages CHECK (pages > 0)
);
