//! The snapshot the build script wrote (`schema_core::build::track()`),
//! found through `CARGO_SCHEMA_SCHEMA`, read once per compilation.
//!
//! A proc-macro runs inside rustc, whose environment holds the
//! `cargo::rustc-env` variables of the crate being compiled: that is how the
//! build script's path reaches the macros. The file is parsed once per
//! rustc process however many models the crate has (a crate's macros run in
//! one process), and again only when it changes (rust-analyzer keeps its
//! proc-macro server running).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use proc_macro2::TokenStream;
use quote::quote;
use schema_core::build::{BUILD_DEPENDENCY, CHECK_ENV, OFF, SCHEMA_ENV, Snapshot};

/// What the macros find.
#[derive(Debug, Clone)]
pub(crate) enum Found {
    /// `CARGO_SCHEMA_CHECK=off`: no check.
    Off,
    /// No build script ran `track()` for this crate.
    Missing,
    /// The snapshot could not be read.
    Broken(String),
    Snapshot {
        path: PathBuf,
        snapshot: Arc<Snapshot>,
    },
}

/// The parsed file, by path, size and modification time.
type Cached = (PathBuf, u64, Option<SystemTime>, Arc<Snapshot>);

static CACHE: Mutex<Option<Cached>> = Mutex::new(None);

/// What the derive checks against: nothing with `CARGO_SCHEMA_CHECK=off`,
/// else the snapshot.
pub(crate) fn for_check() -> Found {
    if std::env::var_os(CHECK_ENV).is_some_and(|v| v == OFF) {
        Found::Off
    } else {
        from_env()
    }
}

/// Reads `CARGO_SCHEMA_SCHEMA` and the snapshot it names.
pub(crate) fn from_env() -> Found {
    let Some(value) = std::env::var_os(SCHEMA_ENV) else {
        return Found::Missing;
    };
    let path = PathBuf::from(value);
    let meta = match std::fs::metadata(&path) {
        Ok(meta) => meta,
        Err(e) => {
            return Found::Broken(format!(
                "cannot read the schema the build script wrote to {}: {e}",
                path.display()
            ));
        }
    };
    let (len, modified) = (meta.len(), meta.modified().ok());
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((p, l, m, snapshot)) = cache.as_ref()
        && *p == path
        && *l == len
        && *m == modified
    {
        return Found::Snapshot {
            path,
            snapshot: snapshot.clone(),
        };
    }
    match Snapshot::read(&path) {
        Ok(snapshot) => {
            let snapshot = Arc::new(snapshot);
            *cache = Some((path.clone(), len, modified, snapshot.clone()));
            Found::Snapshot { path, snapshot }
        }
        Err(e) => Found::Broken(e.to_string()),
    }
}

/// The help that says which lines to add, for a crate without the build
/// script.
pub(crate) fn build_script_help() -> String {
    format!(
        "add a build.rs beside Cargo.toml (`cargo schema init` writes it):\n\n    fn main() {{ schema_core::build::track(); }}\n\nand to Cargo.toml:\n\n    [build-dependencies]\n    {BUILD_DEPENDENCY}\n\n(to build without the check, set {CHECK_ENV}={OFF})"
    )
}

/// Crates (and snapshot files) already reported or tracked in this rustc
/// process: a crate with many models gets one "no build script" error, and
/// one `include_bytes!` of the snapshot.
static SEEN: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// Whether `what` is new for the crate being compiled (recording it).
pub(crate) fn first_in_crate(what: &str) -> bool {
    let key = format!(
        "{}\0{}\0{what}",
        std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default(),
        std::env::var("CARGO_CRATE_NAME").unwrap_or_default(),
    );
    SEEN.lock().unwrap_or_else(|e| e.into_inner()).insert(key)
}

/// `const _: &[u8] = include_bytes!("…/schema.json");` once per crate: the
/// file becomes an input of the crate in cargo's dependency info, so a new
/// snapshot recompiles the crate even where no build script reruns (the UI
/// tests, which point the variable at fixture snapshots).
pub(crate) fn track(path: &std::path::Path) -> TokenStream {
    let text = path.display().to_string();
    if !first_in_crate(&format!("track {text}")) {
        return TokenStream::new();
    }
    quote! {
        const _: &[u8] = ::core::include_bytes!(#text);
    }
}

/// `const _: Option<&str> = option_env!("CARGO_SCHEMA_CHECK");` once per
/// crate: rustc records the variable in the dependency info, so cargo
/// rebuilds the crate when the check is switched off or on.
pub(crate) fn track_switch() -> TokenStream {
    if !first_in_crate("track the switch") {
        return TokenStream::new();
    }
    quote! {
        const _: ::core::option::Option<&str> = ::core::option_env!(#CHECK_ENV);
    }
}
