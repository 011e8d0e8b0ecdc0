//! Replay: migration SQL parsed with sqlparser and applied to the schema IR
//! (being written; see issue 4).
