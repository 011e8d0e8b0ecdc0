use schema_testkit::TestDatabase;

#[schema_testkit::test]
fn not_async(db: TestDatabase) {
    let _ = db;
}

fn main() {}
