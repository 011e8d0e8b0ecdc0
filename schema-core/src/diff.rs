//! Diff of two schema IRs into operations (being written; see issue 4).
