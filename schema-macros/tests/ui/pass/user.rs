//! A model builds, and its table is there at run time for both dialects.

use schema_core::schema::{FkAction, Identity, SqlType, TableName};
use schema_core::{Dialect, Model};

// The mapping goes by the type's last path segment; these stand in for
// chrono's types so the case needs no more dependencies.
mod chrono {
    pub struct DateTime<Tz>(pub Tz);
    pub struct Utc;
}

#[derive(schema_macros::Model)]
#[schema(table = "user", index(columns("name", "email")))]
#[allow(dead_code)]
struct User {
    #[schema(primary_key, auto)]
    id: i64,
    #[schema(sql_type = "varchar(30)")]
    name: String,
    #[schema(unique)]
    email: String,
    last_login: Option<chrono::DateTime<chrono::Utc>>,
    #[schema(skip)]
    cache: Vec<std::net::IpAddr>,
}

#[derive(schema_macros::Model, Debug)]
#[allow(dead_code)]
struct Post<'a, T> {
    #[schema(primary_key, auto)]
    id: i64,
    #[schema(references = "user", on_delete = "cascade")]
    author_id: i64,
    title: &'a str,
    #[schema(sql_type = "jsonb")]
    extra: T,
    tags: Vec<String>,
}

fn main() {
    let user = <User as schema_core::Model>::table(Dialect::Postgres);
    assert_eq!(user.name, TableName::new("user"));
    let columns: Vec<_> = user.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(columns, ["id", "name", "email", "last_login"]);
    assert_eq!(user.columns[0].identity, Some(Identity::ByDefault));
    assert_eq!(user.columns[1].ty, SqlType::Varchar(Some(30)));
    assert_eq!(user.columns[3].ty, SqlType::TimestampTz);
    assert!(user.columns[3].nullable);
    assert_eq!(
        user.primary_key.as_ref().unwrap().name.as_deref(),
        Some("user_pkey")
    );
    assert_eq!(user.uniques[0].name.as_deref(), Some("user_email_key"));
    assert_eq!(user.indexes[0].name, "user_name_email_idx");

    let user = User::table(Dialect::Sqlite);
    assert_eq!(user.columns[0].ty, SqlType::Integer);
    assert_eq!(user.columns[0].identity, Some(Identity::Autoincrement));
    assert_eq!(user.uniques[0].name, None);

    let post = Post::<'static, ()>::table(Dialect::Postgres);
    assert_eq!(post.foreign_keys[0].on_delete, FkAction::Cascade);
    assert_eq!(post.foreign_keys[0].referenced_columns, ["id"]);
    assert_eq!(post.columns[4].ty, SqlType::Array(Box::new(SqlType::Text)));

    // An array is PostgreSQL's: the same model on SQLite says why not.
    std::panic::set_hook(Box::new(|_| {}));
    let panic = std::panic::catch_unwind(|| Post::<'static, ()>::table(Dialect::Sqlite))
        .expect_err("no arrays on SQLite");
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(
        message
            .starts_with("`Post` cannot be used with SQLite: `Vec<String>` is a PostgreSQL array"),
        "{message}"
    );
}
