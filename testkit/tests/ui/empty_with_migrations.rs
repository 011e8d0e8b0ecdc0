use schema_testkit::TestDatabase;

#[schema_testkit::test(empty, migrations = "tests/migrations")]
async fn empty_with_migrations(db: TestDatabase) {
    let _ = db;
}

fn main() {}
