-- serial / bigserial / smallserial: integer columns with an owned
-- sequence, NOT NULL and no default of their own.
CREATE TABLE counters (
    id serial PRIMARY KEY,
    big bigserial,
    small smallserial,
    serial4_col serial4,
    serial8_col serial8
);
