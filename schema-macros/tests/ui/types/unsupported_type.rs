use schema_core::{Dialect, Model};

#[derive(schema_macros::Model)]
struct Host {
    #[schema(primary_key)]
    id: i64,
    address: Option<std::net::IpAddr>,
}

fn main() {
    // No follow-up error here: the derive still implements `Model`.
    let _ = Host::table(Dialect::Postgres);
}
