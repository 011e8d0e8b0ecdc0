//! A SQLite model: `auto` is INTEGER PRIMARY KEY AUTOINCREMENT.

use schema_core::{Dialect, Model};

mod rust_decimal {
    pub struct Decimal;
}

#[derive(schema_macros::Model)]
#[allow(dead_code)]
struct Product {
    #[schema(primary_key, auto)]
    id: i64,
    name: String,
    #[schema(sql_type = "numeric(10, 2)")]
    price: rust_decimal::Decimal,
    tags: Option<String>,
}

fn main() {
    assert_eq!(Product::table(Dialect::Sqlite).columns.len(), 4);
}
