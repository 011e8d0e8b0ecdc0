//! Compile-fail cases of `#[schema_testkit::test]`: one mistake per case,
//! with the compiler's output checked in beside it
//! (`TRYBUILD=overwrite cargo test -p schema-testkit --test ui` rewrites
//! them). They need no database.

#[test]
fn ui() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
