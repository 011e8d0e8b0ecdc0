use schema_testkit::TestDatabase;

#[schema_testkit::test]
async fn two_parameters(db: TestDatabase, other: TestDatabase) {
    let _ = (db, other);
}

fn main() {}
