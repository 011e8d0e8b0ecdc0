//! Support for the end-to-end tests: temporary projects and the real
//! `cargo-schema` binary, run the way cargo runs it (`cargo-schema schema …`).
//!
//! Modelled on cargo's and diesel_cli's test support: a builder writes a
//! throwaway package into a temp dir, the test runs the real binary in it, and
//! output is compared after [`TestProject::redact`] replaced what changes from
//! run to run (temp paths, revision ids, timestamps).
//!
//! ```no_run
//! use schema_e2e::{project, AssertExt};
//!
//! let p = project().build();
//! p.schema(["init"]).assert().success();
//! let id = p.new_revision(["-m", "create users"]);
//! let heads = p.schema(["heads", "--format", "json"]).assert().success().json();
//! assert_eq!(heads["heads"][0]["revision"], id.as_str());
//! ```

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use serde_json::Value;
use tempfile::TempDir;

/// Environment variable naming a prebuilt binary to test instead of the
/// workspace's `target/<profile>/cargo-schema`.
pub const BIN_ENV: &str = "CARGO_SCHEMA_BIN";

/// Where the migrations of a project built here live (the default of
/// `[package.metadata.schema] migrations`).
pub const MIGRATIONS: &str = "migrations";

// ---------------------------------------------------------------------------
// The binary
// ---------------------------------------------------------------------------

/// The `cargo-schema` binary under test.
///
/// `cargo test -p schema-e2e` does not build other packages' binaries (only a
/// package's own binaries get `CARGO_BIN_EXE_*`), so a binary lying in the
/// target directory may be missing or older than the sources. We therefore
/// run `$CARGO build -p cargo-schema` once per test process: a no-op taking
/// a fraction of a second when it is up to date, and the guarantee that the
/// tests never pass against a stale binary. `CARGO_SCHEMA_BIN` skips this
/// and tests a given binary instead.
pub fn bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(locate_or_build)
}

/// The directory holding the binary; put first on `PATH` so that `cargo
/// schema` finds it.
pub fn bin_dir() -> &'static Path {
    bin().parent().expect("the binary lies in a directory")
}

fn locate_or_build() -> PathBuf {
    if let Some(path) = std::env::var_os(BIN_ENV) {
        let path = PathBuf::from(path);
        assert!(
            path.is_file(),
            "{BIN_ENV}={} does not name a file",
            path.display()
        );
        return path;
    }
    let exe = std::env::current_exe().expect("the test executable has a path");
    let name = format!("cargo-schema{}", std::env::consts::EXE_SUFFIX);
    // target/<profile>/deps/cli-<hash>: the binary sits in target/<profile>/.
    let profile_dir = exe
        .ancestors()
        .skip(1)
        .find(|dir| dir.file_name() != Some(OsStr::new("deps")))
        .expect("the test executable lies in a target directory")
        .to_path_buf();
    let target_dir = profile_dir
        .parent()
        .expect("the profile directory lies in a target directory");
    let profile = match profile_dir.file_name().and_then(OsStr::to_str) {
        Some("debug") | None => "dev".to_string(),
        Some(other) => other.to_string(),
    };
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = std::process::Command::new(&cargo)
        .args([
            "build",
            "--quiet",
            "-p",
            "cargo-schema",
            "--bin",
            "cargo-schema",
        ])
        .arg("--profile")
        .arg(&profile)
        .arg("--target-dir")
        .arg(target_dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output();
    let built = profile_dir.join(&name);
    match output {
        Ok(out) if out.status.success() && built.is_file() => built,
        Ok(out) if out.status.success() => panic!(
            "`cargo build -p cargo-schema` succeeded but {} does not exist; \
             set {BIN_ENV} to the binary to test",
            built.display()
        ),
        Ok(out) => panic!(
            "cannot build the binary under test: `{} build -p cargo-schema` failed \
             ({}):\n{}\nfix the build (or set {BIN_ENV} to a prebuilt cargo-schema)",
            Path::new(&cargo).display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(err) => panic!(
            "cannot build the binary under test: running `{}` failed: {err}; \
             set {BIN_ENV} to a prebuilt cargo-schema",
            Path::new(&cargo).display()
        ),
    }
}

/// A command for the binary with the environment made stable: no colour,
/// no database URL leaking in from the developer's shell.
fn stable_command(program: impl AsRef<OsStr>, cwd: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("DATABASE_URL")
        .env_remove("SCHEMA_TEST_DATABASE_URL")
        .env_remove("RUST_BACKTRACE")
        .env_remove("CARGO_TARGET_DIR");
    cmd
}

// ---------------------------------------------------------------------------
// Projects
// ---------------------------------------------------------------------------

/// A single package named `demo` (no `[package.metadata.schema]` unless
/// [`ProjectBuilder::metadata`] adds one).
pub fn project() -> ProjectBuilder {
    ProjectBuilder::new(Layout::Package {
        name: "demo".into(),
        metadata: None,
    })
}

/// A virtual workspace with the given member packages (`members/…` relative
/// to the root, e.g. `["app", "billing"]`).
pub fn workspace<const N: usize>(members: [&str; N]) -> ProjectBuilder {
    ProjectBuilder::new(Layout::Workspace {
        members: members.iter().map(|m| m.to_string()).collect(),
    })
}

enum Layout {
    Package {
        name: String,
        metadata: Option<String>,
    },
    Workspace {
        members: Vec<String>,
    },
}

/// Builds a [`TestProject`]: manifests first, then the files given.
pub struct ProjectBuilder {
    layout: Layout,
    files: Vec<(PathBuf, Vec<u8>)>,
}

impl ProjectBuilder {
    fn new(layout: Layout) -> ProjectBuilder {
        ProjectBuilder {
            layout,
            files: Vec::new(),
        }
    }

    /// The body of `[package.metadata.schema]` (single package only), e.g.
    /// `file-template = "{rev}_{slug}"`.
    pub fn metadata(mut self, body: &str) -> ProjectBuilder {
        match &mut self.layout {
            Layout::Package { metadata, .. } => *metadata = Some(body.to_string()),
            Layout::Workspace { .. } => {
                panic!(
                    "metadata() is for single packages; write the member's Cargo.toml with file()"
                )
            }
        }
        self
    }

    /// Any file, relative to the project root (replaces a generated one).
    pub fn file(mut self, path: impl AsRef<Path>, contents: impl AsRef<[u8]>) -> ProjectBuilder {
        self.files
            .push((path.as_ref().to_path_buf(), contents.as_ref().to_vec()));
        self
    }

    /// A revision file written by hand into `migrations/`.
    pub fn migration(self, name: &str, contents: impl AsRef<[u8]>) -> ProjectBuilder {
        self.file(Path::new(MIGRATIONS).join(name), contents)
    }

    /// A well-formed revision file `migrations/<name>` (see [`revision_file`]).
    pub fn revision(self, name: &str, id: &str, revises: &str, message: &str) -> ProjectBuilder {
        self.migration(name, revision_file(id, revises, message))
    }

    pub fn build(self) -> TestProject {
        let dir = tempfile::Builder::new()
            .prefix("schema-e2e-")
            .tempdir()
            .expect("create a temp dir");
        let root = dir.path().to_path_buf();
        match &self.layout {
            Layout::Package { name, metadata } => {
                write_package(&root, name, metadata.as_deref(), true);
            }
            Layout::Workspace { members } => {
                let list = members
                    .iter()
                    .map(|m| format!("{m:?}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                write(
                    &root.join("Cargo.toml"),
                    format!("[workspace]\nresolver = \"3\"\nmembers = [{list}]\n"),
                );
                for m in members {
                    let name = Path::new(m)
                        .file_name()
                        .and_then(OsStr::to_str)
                        .expect("a member path ends in a name");
                    write_package(&root.join(m), name, None, false);
                }
            }
        }
        for (path, contents) in &self.files {
            write(&root.join(path), contents);
        }
        TestProject { _dir: dir, root }
    }
}

fn write_package(dir: &Path, name: &str, metadata: Option<&str>, own_workspace: bool) {
    let mut manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n"
    );
    if let Some(body) = metadata {
        manifest.push_str(&format!(
            "\n[package.metadata.schema]\n{}\n",
            body.trim_end()
        ));
    }
    manifest.push_str("\n[dependencies]\n");
    if own_workspace {
        // Its own (empty) workspace, so cargo doesn't take the temp project
        // for a member of a workspace above it.
        manifest.push_str("\n[workspace]\n");
    }
    write(&dir.join("Cargo.toml"), manifest);
    write(&dir.join("src/lib.rs"), "");
}

fn write(path: &Path, contents: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("create {}: {e}", parent.display()));
    }
    std::fs::write(path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// The canonical text of a revision file, as `cargo schema revision` writes
/// it, with a fixed `created` time. `revises` is `base`, one id, or several
/// separated by `, `.
pub fn revision_file(id: &str, revises: &str, message: &str) -> String {
    rev(id, revises).message(message).text()
}

/// A revision file to write by hand: `rev("3f2a9c1b7d4e", "base")
/// .message("create users").up("CREATE TABLE users ();").text()`.
pub fn rev(id: &str, revises: &str) -> Rev {
    Rev {
        id: id.to_string(),
        revises: revises.to_string(),
        message: String::new(),
        created: "2026-01-02T03:04:05Z".to_string(),
        extra: Vec::new(),
        up: String::new(),
        down: Some(String::new()),
    }
}

/// See [`rev`].
#[derive(Clone, Debug)]
pub struct Rev {
    id: String,
    revises: String,
    message: String,
    created: String,
    extra: Vec<String>,
    up: String,
    down: Option<String>,
}

impl Rev {
    pub fn message(mut self, message: &str) -> Rev {
        self.message = message.to_string();
        self
    }

    pub fn created(mut self, created: &str) -> Rev {
        self.created = created.to_string();
        self
    }

    /// `-- branch-labels: …`
    pub fn labels(self, labels: &str) -> Rev {
        self.header("branch-labels", labels)
    }

    /// `-- depends-on: …`
    pub fn depends_on(self, ids: &str) -> Rev {
        self.header("depends-on", ids)
    }

    /// Any further header line `-- key: value`.
    pub fn header(mut self, key: &str, value: &str) -> Rev {
        self.extra.push(format!("-- {key}: {value}"));
        self
    }

    pub fn up(mut self, sql: &str) -> Rev {
        self.up = sql.to_string();
        self
    }

    pub fn down(mut self, sql: &str) -> Rev {
        self.down = Some(sql.to_string());
        self
    }

    /// `-- irreversible: true` and no down section.
    pub fn irreversible(mut self) -> Rev {
        self.down = None;
        self.header("irreversible", "true")
    }

    pub fn text(&self) -> String {
        let mut s = format!(
            "-- revision: {}\n-- revises: {}\n-- message: {}\n-- created: {}\n",
            self.id, self.revises, self.message, self.created
        );
        for line in &self.extra {
            s.push_str(line);
            s.push('\n');
        }
        s.push_str("\n-- migrate:up\n");
        push_sql(&mut s, &self.up);
        if let Some(down) = &self.down {
            s.push_str("\n-- migrate:down\n");
            push_sql(&mut s, down);
        }
        s
    }
}

fn push_sql(s: &mut String, sql: &str) {
    if !sql.is_empty() {
        s.push_str(sql.trim_end());
        s.push('\n');
    }
}

/// A temporary project on disk, removed when dropped.
pub struct TestProject {
    _dir: TempDir,
    root: PathBuf,
}

impl TestProject {
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A path relative to the project root.
    pub fn path(&self, rel: impl AsRef<Path>) -> PathBuf {
        self.root.join(rel)
    }

    /// `cargo-schema schema ARGS…` in the project root: exactly what
    /// `cargo schema ARGS…` executes.
    pub fn schema<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = stable_command(bin(), &self.root);
        cmd.arg("schema").args(args);
        cmd
    }

    /// `cargo-schema ARGS…`: the binary run directly, without cargo's
    /// `schema` argument.
    pub fn direct<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = stable_command(bin(), &self.root);
        cmd.args(args);
        cmd
    }

    /// The real `cargo ARGS…` with the binary's directory first on `PATH`,
    /// so `cargo schema …` finds our `cargo-schema`.
    pub fn cargo<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut path = vec![bin_dir().to_path_buf()];
        if let Some(old) = std::env::var_os("PATH") {
            path.extend(std::env::split_paths(&old));
        }
        let mut cmd = stable_command(cargo, &self.root);
        cmd.env(
            "PATH",
            std::env::join_paths(path).expect("PATH entries are joinable"),
        )
        .args(args);
        cmd
    }

    /// Runs `revision ARGS… --format json`, requires success and returns
    /// the new revision's id.
    pub fn new_revision<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.schema(["revision"]);
        cmd.args(args).args(["--format", "json"]);
        let out = cmd.assert().success().json();
        out["revision"]["revision"]
            .as_str()
            .unwrap_or_else(|| panic!("`revision --format json` printed no revision id: {out:#}"))
            .to_string()
    }

    /// Runs `merge ARGS… --format json`, requires success and returns the
    /// merge revision's id.
    pub fn new_merge<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.schema(["merge"]);
        cmd.args(args).args(["--format", "json"]);
        let out = cmd.assert().success().json();
        out["revision"]["revision"]
            .as_str()
            .unwrap_or_else(|| panic!("`merge --format json` printed no revision id: {out:#}"))
            .to_string()
    }

    /// Runs a command with `--format json`, requires success, and parses
    /// stdout.
    pub fn json<I, S>(&self, args: I) -> Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = self.schema(args);
        cmd.args(["--format", "json"]);
        cmd.assert().success().json()
    }

    /// Writes (or replaces) a file relative to the root.
    pub fn write(&self, rel: impl AsRef<Path>, contents: impl AsRef<[u8]>) {
        write(&self.path(rel), contents);
    }

    /// Writes a revision file by hand into `migrations/`.
    pub fn write_migration(&self, name: &str, contents: impl AsRef<[u8]>) {
        self.write(Path::new(MIGRATIONS).join(name), contents);
    }

    /// Reads a file relative to the root.
    pub fn read(&self, rel: impl AsRef<Path>) -> String {
        let path = self.path(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// The file names in `migrations/` (of the package at the root), sorted.
    pub fn migration_files(&self) -> Vec<String> {
        self.files_in(MIGRATIONS)
    }

    /// The file names in a directory relative to the root, sorted; empty
    /// when it doesn't exist.
    pub fn files_in(&self, rel: impl AsRef<Path>) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.path(rel)) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .map(|e| {
                e.expect("read a directory entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    /// Every file of the project with its contents, except what cargo
    /// itself writes (`Cargo.lock`, `target/`): compare two of these to
    /// prove a command wrote nothing.
    pub fn tree(&self) -> BTreeMap<String, Vec<u8>> {
        fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
            for entry in std::fs::read_dir(dir).expect("read a project directory") {
                let path = entry.expect("read a directory entry").path();
                let rel = path
                    .strip_prefix(root)
                    .expect("inside the root")
                    .to_string_lossy()
                    .replace('\\', "/");
                if rel == "Cargo.lock" || rel == "target" || rel.ends_with("/Cargo.lock") {
                    continue;
                }
                if path.is_dir() {
                    out.insert(format!("{rel}/"), Vec::new());
                    walk(root, &path, out);
                } else {
                    out.insert(rel, std::fs::read(&path).expect("read a project file"));
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.root, &self.root, &mut out);
        out
    }

    /// Panics, naming the differences, when the project's files are not
    /// those of `before` (taken with [`TestProject::tree`]).
    pub fn assert_unchanged(&self, before: &BTreeMap<String, Vec<u8>>) {
        let after = self.tree();
        if &after == before {
            return;
        }
        let mut diff = Vec::new();
        for (path, contents) in &after {
            match before.get(path) {
                None => diff.push(format!("  added:   {path}")),
                Some(old) if old != contents => diff.push(format!("  changed: {path}")),
                Some(_) => {}
            }
        }
        for path in before.keys().filter(|p| !after.contains_key(*p)) {
            diff.push(format!("  removed: {path}"));
        }
        panic!(
            "the command must write nothing, but the project changed:\n{}",
            diff.join("\n")
        );
    }

    /// Replaces what changes from run to run, for snapshot comparisons:
    /// the project root with `[ROOT]`, 12-hex revision ids with `[REV]`,
    /// RFC 3339 UTC timestamps with `[TIME]`.
    pub fn redact(&self, text: &str) -> String {
        let mut text = text.to_string();
        // The canonical path too: on macOS the temp dir is behind a symlink.
        let canonical = self.root.canonicalize().ok();
        for root in canonical.iter().chain([&self.root]) {
            text = text.replace(&*root.to_string_lossy(), "[ROOT]");
        }
        redact_ids(&redact_times(&text))
    }
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

/// Shortcuts on a finished command's [`Assert`].
pub trait AssertExt {
    /// Stdout as text.
    fn stdout_text(&self) -> String;
    /// Stderr as text.
    fn stderr_text(&self) -> String;
    /// Stdout parsed as one JSON document.
    fn json(&self) -> Value;
}

impl AssertExt for Assert {
    fn stdout_text(&self) -> String {
        String::from_utf8(self.get_output().stdout.clone()).expect("stdout is UTF-8")
    }

    fn stderr_text(&self) -> String {
        String::from_utf8(self.get_output().stderr.clone()).expect("stderr is UTF-8")
    }

    fn json(&self) -> Value {
        let out = self.stdout_text();
        serde_json::from_str(&out).unwrap_or_else(|e| {
            panic!(
                "stdout is not one JSON document ({e}):\n{out}\nstderr:\n{}",
                self.stderr_text()
            )
        })
    }
}

/// Replaces every revision id (12 lowercase hex digits not inside a longer
/// word) with `[REV]`.
pub fn redact_ids(text: &str) -> String {
    let bytes = text.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric();
    let is_hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let start_ok = i == 0 || !is_word(bytes[i - 1]);
        let end = i + 12;
        if start_ok
            && end <= bytes.len()
            && bytes[i..end].iter().all(|&b| is_hex(b))
            && (end == bytes.len() || !is_word(bytes[end]))
        {
            out.push_str("[REV]");
            i = end;
            continue;
        }
        let ch = text[i..].chars().next().expect("a char at a boundary");
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// Replaces `YYYY-MM-DDTHH:MM:SSZ` timestamps with `[TIME]`.
pub fn redact_times(text: &str) -> String {
    const SHAPE: &[u8] = b"dddd-dd-ddTdd:dd:ddZ";
    let bytes = text.as_bytes();
    let matches_at = |i: usize| {
        bytes.len() >= i + SHAPE.len()
            && SHAPE.iter().zip(&bytes[i..]).all(|(&s, &b)| {
                if s == b'd' {
                    b.is_ascii_digit()
                } else {
                    s == b
                }
            })
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if matches_at(i) {
            out.push_str("[TIME]");
            i += SHAPE.len();
            continue;
        }
        let ch = text[i..].chars().next().expect("a char at a boundary");
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// Compares output with an expected snapshot, line by line, ignoring
/// trailing whitespace and a leading/trailing blank line in `expected`
/// (so it can be written as an indented raw string starting on a new line).
#[track_caller]
pub fn assert_snapshot(actual: &str, expected: &str) {
    let norm = |s: &str| {
        s.lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
            .trim_matches('\n')
            .to_string()
    };
    let (actual, expected) = (norm(actual), norm(expected));
    if actual == expected {
        return;
    }
    let a: Vec<&str> = actual.lines().collect();
    let e: Vec<&str> = expected.lines().collect();
    let mut report = String::new();
    for i in 0..a.len().max(e.len()) {
        match (e.get(i), a.get(i)) {
            (Some(x), Some(y)) if x == y => report.push_str(&format!("   {x}\n")),
            (x, y) => {
                if let Some(x) = x {
                    report.push_str(&format!(" - {x}\n"));
                }
                if let Some(y) = y {
                    report.push_str(&format!(" + {y}\n"));
                }
            }
        }
    }
    panic!(
        "output differs from the snapshot (- expected, + actual):\n{report}\nactual, to copy:\n{actual}\n"
    );
}

/// Text with whitespace and the diagnostic renderer's box-drawing gutter
/// removed, so a phrase can be found even where the renderer wrapped it
/// (miette wraps long messages, also inside paths).
pub fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect()
}

/// Panics unless `haystack` contains `needle`, whitespace and line wrapping
/// aside (see [`squash`]).
#[track_caller]
pub fn assert_mentions(haystack: &str, needle: &str) {
    assert!(
        squash(haystack).contains(&squash(needle)),
        "expected the output to mention {needle:?}; it was:\n{haystack}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_ids_but_not_longer_hex_runs() {
        assert_eq!(
            redact_ids("abc123def456 -> 0123456789ab_x.sql, 0123456789abc, ab1111111111"),
            "[REV] -> [REV]_x.sql, 0123456789abc, [REV]"
        );
        let checksum = "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d";
        assert_eq!(redact_ids(checksum), checksum);
    }

    #[test]
    fn redacts_times() {
        assert_eq!(
            redact_times("Create Date: 2026-11-22T00:15:00Z."),
            "Create Date: [TIME]."
        );
    }

    #[test]
    fn squash_sees_through_wrapping() {
        assert!(
            squash("a (/tmp/x/\n  │ migrations/b.sql)")
                .contains(&squash("/tmp/x/migrations/b.sql"))
        );
    }
}
