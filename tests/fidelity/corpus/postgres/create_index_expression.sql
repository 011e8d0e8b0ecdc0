-- Expression indexes, unnamed ones too (named after the function).
CREATE TABLE contacts (id int, email varchar(200), first text, last text, data jsonb, born date);
CREATE UNIQUE INDEX contacts_email_lower ON contacts (lower(email));
CREATE INDEX ON contacts (lower(first), last);
CREATE INDEX contacts_full ON contacts ((first || ' ' || last));
CREATE INDEX contacts_city ON contacts ((data ->> 'city'));
CREATE INDEX contacts_year ON contacts (date_part('year', born));
CREATE INDEX contacts_coalesce ON contacts (coalesce(last, first) DESC);
