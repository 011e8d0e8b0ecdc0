use schema_testkit::TestDatabase;

#[schema_testkit::test(at = ae1f)]
async fn at_not_a_string(db: TestDatabase) {
    let _ = db;
}

fn main() {}
