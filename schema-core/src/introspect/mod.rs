//! Introspection of a live PostgreSQL or SQLite database into the schema IR
//! (being written; see issue 4).
