-- Constraint attributes the IR does not keep (DEFERRABLE, MATCH FULL)
-- change nothing else.
CREATE TABLE nodes (
    id int PRIMARY KEY,
    parent int REFERENCES nodes DEFERRABLE INITIALLY DEFERRED,
    pos int,
    label text,
    UNIQUE (parent, pos) DEFERRABLE,
    CONSTRAINT nodes_label_fk FOREIGN KEY (id) REFERENCES nodes (id) MATCH FULL
);
