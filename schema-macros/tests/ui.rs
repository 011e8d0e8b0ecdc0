//! Compile-fail (and compile-pass) cases of `#[derive(Model)]`: one mistake
//! per case, grouped by theme, each with the compiler's output checked in
//! beside it (`TRYBUILD=overwrite cargo test -p schema-macros --test ui`
//! rewrites them). They need no database.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    for theme in ["attributes", "columns", "references", "shape", "types"] {
        t.compile_fail(format!("tests/ui/{theme}/*.rs"));
    }
}
