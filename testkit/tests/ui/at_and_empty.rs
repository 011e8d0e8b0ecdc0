use schema_testkit::TestDatabase;

#[schema_testkit::test(at = "ae1f", empty)]
async fn at_and_empty(db: TestDatabase) {
    let _ = db;
}

fn main() {}
