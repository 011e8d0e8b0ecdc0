#[schema_testkit::test(empty)]
async fn option_without_parameter() {}

fn main() {}
