-- Every ON DELETE / ON UPDATE action, FKs to the primary key without a
-- column list, and a multi-column FK whose referenced columns are in
-- another order than the key.
CREATE TABLE parents (id integer PRIMARY KEY, a int, b int, UNIQUE (b, a));
CREATE TABLE children (
    id integer PRIMARY KEY,
    p1 integer REFERENCES parents ON DELETE CASCADE,
    p2 integer REFERENCES parents ON DELETE SET NULL ON UPDATE CASCADE,
    p3 integer DEFAULT 0 REFERENCES parents ON DELETE SET DEFAULT,
    p4 integer REFERENCES parents ON DELETE RESTRICT ON UPDATE RESTRICT,
    p5 integer REFERENCES parents ON DELETE NO ACTION,
    x int, y int,
    FOREIGN KEY (x, y) REFERENCES parents (b, a) ON UPDATE SET NULL
);
