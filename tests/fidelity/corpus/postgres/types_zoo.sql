-- Column types in their many spellings.
CREATE TABLE types_zoo (
    a int2, b int4, c int8, d smallint, e integer, f bigint, g int,
    h real, i float4, j double precision, k float8, l float,
    m numeric, n numeric(10), o numeric(10, 2), p decimal(6, 3),
    q boolean, r bool,
    s text, t varchar, u varchar(30), v character varying(40), w char(3), x character, y bpchar,
    z bytea,
    aa date, ab time, ac timetz, ad time with time zone, ae timestamp, af timestamptz,
    ag timestamp with time zone, ah timestamp(3), ai timestamp(6) with time zone, aj interval,
    ak uuid, al json, am jsonb,
    an int[], ao text[], ap varchar(10)[], aq integer[][],
    ar inet, as_ cidr, at_ money, au bit(3), av tsvector, aw xml, ax point
);
