//! The corpus itself: every file has its test, and there are enough.

use std::collections::BTreeSet;

use crate::support::corpus_dir;

fn files(dialect: &str) -> BTreeSet<String> {
    std::fs::read_dir(corpus_dir().join(dialect))
        .expect("the corpus directory")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "sql"))
        .map(|p| {
            p.file_stem()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn every_case_file_has_a_test() {
    for (dialect, cases) in [
        ("postgres", crate::postgres::CASES),
        ("sqlite", crate::sqlite::CASES),
    ] {
        let tested: BTreeSet<String> = cases.iter().map(|c| c.to_string()).collect();
        assert_eq!(files(dialect), tested, "{dialect}: corpus files vs tests");
    }
}

#[test]
fn the_corpus_has_at_least_sixty_cases() {
    let n = crate::postgres::CASES.len() + crate::sqlite::CASES.len();
    assert!(n >= 60, "only {n} cases");
}
