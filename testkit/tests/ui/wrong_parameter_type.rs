#[schema_testkit::test]
async fn wrong_parameter_type(url: String) {
    let _ = url;
}

fn main() {}
