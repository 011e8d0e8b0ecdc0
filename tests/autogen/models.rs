//! The models the cases start from, and their test data.
//!
//! `user` (a reserved word, so always quoted) is the parent the cases
//! change; `post` is its child with an `ON DELETE CASCADE` key, so that on
//! SQLite every rebuild of `user` also proves the child's rows survive
//! (the runner turns foreign keys off around a revision; were it not to,
//! dropping the old `user` would cascade into `post`).

/// `user` and `post`. Cases derive their versions with
/// [`crate::harness::edit`].
pub const BASE: &str = r#"use schema_macros::Model;

#[derive(Model)]
#[schema(table = "user")]
pub struct User {
    #[schema(primary_key, auto)]
    pub id: i64,
    pub name: String,
    pub email: String,
    pub bio: Option<String>,
    pub age: i32,
    #[schema(default = "'member'")]
    pub role: String,
}

#[derive(Model)]
pub struct Post {
    #[schema(primary_key, auto)]
    pub id: i64,
    #[schema(references = "user(id)", on_delete = "cascade")]
    pub user_id: i64,
    pub reviewer_id: Option<i64>,
    pub title: String,
}
"#;

/// Rows for [`BASE`]: NULLs, quotes and non-ASCII text, and children for
/// every parent.
pub const BASE_ROWS: &str = r#"
INSERT INTO "user" (id, name, email, bio, age, role) VALUES
    (1, 'ann', 'ann@example.com', 'likes ''quotes''', 30, 'admin'),
    (2, 'bob', 'bob@example.com', NULL, 41, 'member'),
    (3, 'Zoë', 'zoe@example.com', 'ünïcödé', 7, 'member');
INSERT INTO post (id, user_id, reviewer_id, title) VALUES
    (1, 1, 2, 'hello'),
    (2, 1, NULL, 'again'),
    (3, 2, 1, 'bob''s'),
    (4, 3, NULL, 'zed');
"#;
