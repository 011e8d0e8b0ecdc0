use schema_testkit::TestDatabase;

#[schema_testkit::test(flavor = "multi_thread")]
async fn unknown_option(db: TestDatabase) {
    let _ = db;
}

fn main() {}
