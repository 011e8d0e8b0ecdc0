-- pg_dump --schema-only (PostgreSQL 15.20) of a database built from pg_source.sql.
--
-- PostgreSQL database dump
--

\restrict tNoZiLpounvwrcOavknS8agczkkgkz55tsi54vLY9Cd7qlusz8oke90bOK1zl9q

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: Audit; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA "Audit";


ALTER SCHEMA "Audit" OWNER TO postgres;

--
-- Name: app; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA app;


ALTER SCHEMA app OWNER TO postgres;

--
-- Name: archive; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA archive;


ALTER SCHEMA archive OWNER TO postgres;

--
-- Name: billing; Type: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA billing;


ALTER SCHEMA billing OWNER TO postgres;

--
-- Name: state; Type: TYPE; Schema: app; Owner: postgres
--

CREATE TYPE app.state AS ENUM (
);


ALTER TYPE app.state OWNER TO postgres;

--
-- Name: mood; Type: TYPE; Schema: public; Owner: postgres
--

CREATE TYPE public.mood AS ENUM (
    'sad',
    'glad',
    'meh',
    'fine',
    'happy'
);


ALTER TYPE public.mood OWNER TO postgres;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: Log; Type: TABLE; Schema: Audit; Owner: postgres
--

CREATE TABLE "Audit"."Log" (
    a integer NOT NULL
);


ALTER TABLE "Audit"."Log" OWNER TO postgres;

--
-- Name: u; Type: TABLE; Schema: app; Owner: postgres
--

CREATE TABLE app.u (
    a integer
);


ALTER TABLE app.u OWNER TO postgres;

--
-- Name: sp; Type: TABLE; Schema: archive; Owner: postgres
--

CREATE TABLE archive.sp (
    id integer NOT NULL
);


ALTER TABLE archive.sp OWNER TO postgres;

--
-- Name: invoices; Type: TABLE; Schema: billing; Owner: postgres
--

CREATE TABLE billing.invoices (
    id integer NOT NULL,
    user_id integer
);


ALTER TABLE billing.invoices OWNER TO postgres;

--
-- Name: aa; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.aa (
    id integer NOT NULL
);


ALTER TABLE public.aa OWNER TO postgres;

--
-- Name: ac; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.ac (
    id integer NOT NULL,
    p_id integer,
    code text
);


ALTER TABLE public.ac OWNER TO postgres;

--
-- Name: al; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.al (
    a bigint NOT NULL,
    b public.mood,
    c text DEFAULT 'y'::text COLLATE pg_catalog."C",
    d text,
    e integer NOT NULL,
    f integer
);


ALTER TABLE public.al OWNER TO postgres;

--
-- Name: al_e_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.al_e_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.al_e_seq OWNER TO postgres;

--
-- Name: al_e_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public.al_e_seq OWNED BY public.al.e;


--
-- Name: b; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.b (
    a_id integer
);


ALTER TABLE public.b OWNER TO postgres;

--
-- Name: c; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.c (
    pid integer,
    p_code text,
    CONSTRAINT c_code_check CHECK ((length(p_code) > 1))
);


ALTER TABLE public.c OWNER TO postgres;

--
-- Name: src; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.src (
    id integer NOT NULL,
    a text DEFAULT 'x'::text NOT NULL,
    b integer,
    CONSTRAINT src_a_check CHECK ((a <> ''::text))
);


ALTER TABLE public.src OWNER TO postgres;

--
-- Name: COLUMN src.a; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON COLUMN public.src.a IS 'the a';


--
-- Name: src_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.src_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.src_id_seq OWNER TO postgres;

--
-- Name: src_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public.src_id_seq OWNED BY public.src.id;


--
-- Name: copy; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.copy (
    id integer DEFAULT nextval('public.src_id_seq'::regclass) NOT NULL,
    a text DEFAULT 'x'::text NOT NULL,
    b integer,
    extra integer,
    CONSTRAINT src_a_check CHECK ((a <> ''::text))
);


ALTER TABLE public.copy OWNER TO postgres;

--
-- Name: COLUMN copy.a; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON COLUMN public.copy.a IS 'the a';


--
-- Name: dc; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.dc (
    pid integer,
    pcode text
);


ALTER TABLE public.dc OWNER TO postgres;

--
-- Name: dp; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.dp (
    id integer NOT NULL,
    other integer,
    CONSTRAINT dp_other_check CHECK ((other > 0))
);


ALTER TABLE public.dp OWNER TO postgres;

--
-- Name: et; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.et (
    m public.mood DEFAULT 'fine'::public.mood NOT NULL,
    ms public.mood[],
    s app.state
);


ALTER TABLE public.et OWNER TO postgres;

--
-- Name: idt; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.idt (
    a integer NOT NULL,
    b integer NOT NULL,
    c integer NOT NULL
);


ALTER TABLE public.idt OWNER TO postgres;

--
-- Name: idt_a_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.idt ALTER COLUMN a ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.idt_a_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: idt_b_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.idt ALTER COLUMN b ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.idt_b_seq
    START WITH 1
    INCREMENT BY 2
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: mm; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.mm (
    a integer,
    b integer,
    c integer,
    CONSTRAINT mm_a_check CHECK (
CASE
    WHEN (a > 0) THEN true
    ELSE NULL::boolean
END),
    CONSTRAINT mm_a_check1 CHECK ((NOT (a > 0))),
    CONSTRAINT mm_a_check2 CHECK (((- a) < 0)),
    CONSTRAINT mm_a_check3 CHECK (((a)::text <> ''::text)),
    CONSTRAINT mm_check CHECK (((a > 0) AND ((b > 0) AND (c > 0)))),
    CONSTRAINT mm_check1 CHECK (((a > 0) AND (b > 0) AND (c > 0))),
    CONSTRAINT mm_check2 CHECK (((a = ANY (ARRAY[1, 2])) OR (a = b))),
    CONSTRAINT mm_check3 CHECK (((a = b) OR (a = 1)))
);


ALTER TABLE public.mm OWNER TO postgres;

--
-- Name: TABLE mm; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON TABLE public.mm IS 'It''s a table';


--
-- Name: COLUMN mm.a; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON COLUMN public.mm.a IS 'dollar ''quoted''';


--
-- Name: COLUMN mm.b; Type: COMMENT; Schema: public; Owner: postgres
--

COMMENT ON COLUMN public.mm.b IS 'line
break';


--
-- Name: p; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.p (
    "Key" integer NOT NULL,
    label text
);


ALTER TABLE public.p OWNER TO postgres;

--
-- Name: part; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.part (
    pre integer,
    id integer DEFAULT nextval('public.src_id_seq'::regclass) NOT NULL,
    a text DEFAULT 'x'::text NOT NULL,
    b integer
);


ALTER TABLE public.part OWNER TO postgres;

--
-- Name: pd; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.pd (
    id integer NOT NULL,
    name text
);


ALTER TABLE public.pd OWNER TO postgres;

--
-- Name: pd_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.pd_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.pd_id_seq OWNER TO postgres;

--
-- Name: pd_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public.pd_id_seq OWNED BY public.pd.id;


--
-- Name: plain; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.plain (
    id integer NOT NULL,
    a text NOT NULL,
    b integer
);


ALTER TABLE public.plain OWNER TO postgres;

--
-- Name: serials; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.serials (
    a integer NOT NULL,
    b bigint NOT NULL,
    c smallint NOT NULL,
    d bigint NOT NULL,
    e integer NOT NULL
);


ALTER TABLE public.serials OWNER TO postgres;

--
-- Name: serials_a_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.serials_a_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.serials_a_seq OWNER TO postgres;

--
-- Name: serials_a_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public.serials_a_seq OWNED BY public.serials.a;


--
-- Name: serials_b_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.serials_b_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.serials_b_seq OWNER TO postgres;

--
-- Name: serials_b_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public.serials_b_seq OWNED BY public.serials.b;


--
-- Name: serials_c_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

CREATE SEQUENCE public.serials_c_seq
    AS smallint
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE public.serials_c_seq OWNER TO postgres;

--
-- Name: serials_c_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
--

ALTER SEQUENCE public.serials_c_seq OWNED BY public.serials.c;


--
-- Name: serials_d_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.serials ALTER COLUMN d ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.serials_d_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: serials_e_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.serials ALTER COLUMN e ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.serials_e_seq
    START WITH 10
    INCREMENT BY 5
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: sr; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.sr (
    t_id integer,
    x integer
);


ALTER TABLE public.sr OWNER TO postgres;

--
-- Name: t; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.t (
    a integer NOT NULL,
    b character varying(30) DEFAULT 'x'::text,
    c numeric(10,2) DEFAULT 0,
    d timestamp(3) with time zone DEFAULT now(),
    e text[] DEFAULT '{}'::text[],
    f double precision,
    g boolean DEFAULT true,
    h jsonb DEFAULT '{}'::jsonb,
    i uuid DEFAULT gen_random_uuid(),
    j timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    k integer,
    l integer[],
    n integer DEFAULT '-1'::integer,
    o character varying(10) DEFAULT 'a'::character varying,
    p text,
    q numeric DEFAULT 1.5,
    r timestamp with time zone DEFAULT (now() AT TIME ZONE 'utc'::text),
    s interval DEFAULT '1 day'::interval,
    u date DEFAULT CURRENT_DATE,
    v text DEFAULT 'It''s'::text,
    w integer,
    x text,
    y bigint DEFAULT (0)::bigint,
    z text DEFAULT ''::character varying,
    CONSTRAINT t_check CHECK (((w IS NOT NULL) OR ((v IS NULL) AND (u IS NULL)))),
    CONSTRAINT t_o_check CHECK (((o)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))),
    CONSTRAINT t_p_check CHECK (((p ~ '^[a-z]+$'::text) AND ((length(p) >= 1) AND (length(p) <= 10)))),
    CONSTRAINT t_q_check CHECK ((q > (0)::numeric)),
    CONSTRAINT t_x_check CHECK ((x !~~ '%y%'::text))
);


ALTER TABLE public.t OWNER TO postgres;

--
-- Name: users; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.users (
    id integer NOT NULL,
    "Name" text,
    "select" integer
);


ALTER TABLE public.users OWNER TO postgres;

--
-- Name: v; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.v (
    a integer
);


ALTER TABLE public.v OWNER TO postgres;

--
-- Name: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx (
    a integer NOT NULL,
    bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb integer
);


ALTER TABLE public.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx OWNER TO postgres;

--
-- Name: pd id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.pd ALTER COLUMN id SET DEFAULT nextval('public.pd_id_seq'::regclass);


--
-- Name: serials a; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.serials ALTER COLUMN a SET DEFAULT nextval('public.serials_a_seq'::regclass);


--
-- Name: serials b; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.serials ALTER COLUMN b SET DEFAULT nextval('public.serials_b_seq'::regclass);


--
-- Name: serials c; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.serials ALTER COLUMN c SET DEFAULT nextval('public.serials_c_seq'::regclass);


--
-- Name: src id; Type: DEFAULT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.src ALTER COLUMN id SET DEFAULT nextval('public.src_id_seq'::regclass);


--
-- Name: Log Log_pkey; Type: CONSTRAINT; Schema: Audit; Owner: postgres
--

ALTER TABLE ONLY "Audit"."Log"
    ADD CONSTRAINT "Log_pkey" PRIMARY KEY (a);


--
-- Name: sp sp_pkey; Type: CONSTRAINT; Schema: archive; Owner: postgres
--

ALTER TABLE ONLY archive.sp
    ADD CONSTRAINT sp_pkey PRIMARY KEY (id);


--
-- Name: invoices invoices_pkey; Type: CONSTRAINT; Schema: billing; Owner: postgres
--

ALTER TABLE ONLY billing.invoices
    ADD CONSTRAINT invoices_pkey PRIMARY KEY (id);


--
-- Name: aa a_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.aa
    ADD CONSTRAINT a_pkey PRIMARY KEY (id);


--
-- Name: aa aa_id_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.aa
    ADD CONSTRAINT aa_id_key UNIQUE (id);


--
-- Name: ac ac_code_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.ac
    ADD CONSTRAINT ac_code_key UNIQUE (code);


--
-- Name: ac ac_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.ac
    ADD CONSTRAINT ac_pkey PRIMARY KEY (id);


--
-- Name: copy copy_b_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.copy
    ADD CONSTRAINT copy_b_key UNIQUE (b);


--
-- Name: copy copy_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.copy
    ADD CONSTRAINT copy_pkey PRIMARY KEY (id);


--
-- Name: p p_code_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.p
    ADD CONSTRAINT p_code_key UNIQUE (label);


--
-- Name: p p_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.p
    ADD CONSTRAINT p_pkey PRIMARY KEY ("Key");


--
-- Name: pd pd_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.pd
    ADD CONSTRAINT pd_pkey PRIMARY KEY (id);


--
-- Name: serials serials_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.serials
    ADD CONSTRAINT serials_pkey PRIMARY KEY (a);


--
-- Name: src src_b_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.src
    ADD CONSTRAINT src_b_key UNIQUE (b);


--
-- Name: src src_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.src
    ADD CONSTRAINT src_pkey PRIMARY KEY (id);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxx_bbbbbbbbbbbbbbbbbbbbbbbbbbbbb_key; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
    ADD CONSTRAINT xxxxxxxxxxxxxxxxxxxxxxxxxxxxx_bbbbbbbbbbbbbbbbbbbbbbbbbbbbb_key UNIQUE (bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb);


--
-- Name: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
    ADD CONSTRAINT xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_pkey PRIMARY KEY (a);


--
-- Name: copy_lower_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX copy_lower_idx ON public.copy USING btree (lower(a));


--
-- Name: dp_other_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX dp_other_idx ON public.dp USING btree (other);


--
-- Name: p_code_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX p_code_idx ON public.p USING btree (label);


--
-- Name: p_code_lower; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX p_code_lower ON public.p USING btree (lower(label)) INCLUDE ("Key") WHERE (label <> ''::text);


--
-- Name: src_lower_idx; Type: INDEX; Schema: public; Owner: postgres
--

CREATE INDEX src_lower_idx ON public.src USING btree (lower(a));


--
-- Name: invoices invoices_user_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: postgres
--

ALTER TABLE ONLY billing.invoices
    ADD CONSTRAINT invoices_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);


--
-- Name: ac ac_p_fk; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.ac
    ADD CONSTRAINT ac_p_fk FOREIGN KEY (p_id) REFERENCES public.p("Key") ON DELETE RESTRICT;


--
-- Name: b b_a_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.b
    ADD CONSTRAINT b_a_id_fkey FOREIGN KEY (a_id) REFERENCES public.aa(id);


--
-- Name: c c_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.c
    ADD CONSTRAINT c_code_fkey FOREIGN KEY (p_code) REFERENCES public.p(label);


--
-- Name: c c_pid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.c
    ADD CONSTRAINT c_pid_fkey FOREIGN KEY (pid) REFERENCES public.p("Key");


--
-- Name: sr sr_t_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.sr
    ADD CONSTRAINT sr_t_id_fkey FOREIGN KEY (t_id) REFERENCES archive.sp(id);


--
-- PostgreSQL database dump complete
--

\unrestrict tNoZiLpounvwrcOavknS8agczkkgkz55tsi54vLY9Cd7qlusz8oke90bOK1zl9q

