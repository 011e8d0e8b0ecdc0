//! Models: `#[derive(Model)]` structs read with syn into the schema IR
//! (being written; see issue 4).
