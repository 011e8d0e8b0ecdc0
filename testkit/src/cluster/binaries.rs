//! Finding the PostgreSQL server binaries (`initdb` and `postgres`) and
//! their version.
//!
//! Search order, first hit wins: `PG_BIN` (an explicit choice: if it is
//! wrong that is an error, not a reason to look elsewhere), `pg_config
//! --bindir`, the directories of `PATH`, then the well-known install
//! locations with the newest version first (Debian's
//! `/usr/lib/postgresql/*/bin`, the PGDG RPMs' `/usr/pgsql-*/bin`, a source
//! build's `/usr/local/pgsql/bin`). Debian puts neither binary on `PATH`,
//! which is why the last step matters.

use std::ffi::OsString;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::TestkitError;

/// The server binaries we run, and the server's version.
#[derive(Debug, Clone)]
pub(crate) struct ServerBinaries {
    pub initdb: PathBuf,
    pub postgres: PathBuf,
    /// The full version, e.g. `15.20`.
    pub version: String,
    /// The major version, which keys the cached data directory: `15`, or
    /// `9.6` for the old numbering. Data directories of one major version
    /// are compatible across its minor releases.
    pub major: String,
}

/// Where to look: the environment, gathered once so the search itself is a
/// pure function that tests can drive.
#[derive(Debug, Default)]
pub(crate) struct SearchInputs {
    pub pg_bin: Option<OsString>,
    pub pg_config_bindir: Option<PathBuf>,
    pub path: Option<OsString>,
    /// Globs' worth of well-known install locations, already expanded.
    pub well_known: Vec<PathBuf>,
}

impl SearchInputs {
    fn from_environment() -> Self {
        SearchInputs {
            pg_bin: std::env::var_os("PG_BIN").filter(|v| !v.is_empty()),
            pg_config_bindir: pg_config_bindir(),
            path: std::env::var_os("PATH"),
            well_known: well_known_bindirs(),
        }
    }
}

/// Finds the binaries (once per process: the answer does not change under a
/// running test binary) and asks `postgres` for its version.
pub(crate) fn locate() -> Result<ServerBinaries, TestkitError> {
    static FOUND: OnceLock<ServerBinaries> = OnceLock::new();
    if let Some(found) = FOUND.get() {
        return Ok(found.clone());
    }
    let (initdb, postgres) = search(&SearchInputs::from_environment())?;
    let version = server_version(&postgres)?;
    let major = major_version(&version);
    let found = ServerBinaries {
        initdb,
        postgres,
        version,
        major,
    };
    Ok(FOUND.get_or_init(|| found).clone())
}

/// The search itself: `(initdb, postgres)`.
pub(crate) fn search(inputs: &SearchInputs) -> Result<(PathBuf, PathBuf), TestkitError> {
    if let Some(pg_bin) = &inputs.pg_bin {
        let dir = PathBuf::from(pg_bin);
        return pair_in(&dir).ok_or(TestkitError::BadPgBin { path: dir });
    }
    let mut searched = Vec::new();
    if let Some(dir) = &inputs.pg_config_bindir {
        if let Some(pair) = pair_in(dir) {
            return Ok(pair);
        }
        searched.push(format!("{} (pg_config --bindir)", dir.display()));
    }
    if let Some(path) = &inputs.path {
        let dirs: Vec<PathBuf> = std::env::split_paths(path).collect();
        let on_path = |name: &str| dirs.iter().map(|d| d.join(name)).find(|p| is_executable(p));
        if let (Some(initdb), Some(postgres)) = (on_path("initdb"), on_path("postgres")) {
            return Ok((initdb, postgres));
        }
        searched.push("PATH".to_owned());
    }
    for dir in &inputs.well_known {
        if let Some(pair) = pair_in(dir) {
            return Ok(pair);
        }
    }
    searched.push("/usr/lib/postgresql/*/bin, /usr/pgsql-*/bin, /usr/local/pgsql/bin".to_owned());
    Err(TestkitError::ServerNotFound {
        searched: searched.join(", "),
    })
}

fn pair_in(dir: &Path) -> Option<(PathBuf, PathBuf)> {
    let initdb = dir.join("initdb");
    let postgres = dir.join("postgres");
    (is_executable(&initdb) && is_executable(&postgres)).then_some((initdb, postgres))
}

fn is_executable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

fn pg_config_bindir() -> Option<PathBuf> {
    let output = Command::new("pg_config").arg("--bindir").output().ok()?;
    if !output.status.success() {
        return None;
    }
    let dir = String::from_utf8(output.stdout).ok()?;
    let dir = dir.trim();
    (!dir.is_empty()).then(|| PathBuf::from(dir))
}

/// Well-known install locations, newest version first.
fn well_known_bindirs() -> Vec<PathBuf> {
    let mut versioned: Vec<(Vec<u32>, PathBuf)> = Vec::new();
    // Debian/Ubuntu: /usr/lib/postgresql/15/bin
    if let Ok(entries) = fs::read_dir("/usr/lib/postgresql") {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            versioned.push((version_key(&name), entry.path().join("bin")));
        }
    }
    // PGDG RPMs: /usr/pgsql-15/bin
    if let Ok(entries) = fs::read_dir("/usr") {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(version) = name.strip_prefix("pgsql-") {
                versioned.push((version_key(version), entry.path().join("bin")));
            }
        }
    }
    versioned.sort_by(|a, b| b.0.cmp(&a.0));
    let mut dirs: Vec<PathBuf> = versioned.into_iter().map(|(_, dir)| dir).collect();
    dirs.push(PathBuf::from("/usr/local/pgsql/bin"));
    dirs
}

/// `"9.6"` → `[9, 6]`, `"15"` → `[15]`: sorts versions numerically.
fn version_key(version: &str) -> Vec<u32> {
    version
        .split('.')
        .map(|part| {
            let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().unwrap_or(0)
        })
        .collect()
}

fn server_version(postgres: &Path) -> Result<String, TestkitError> {
    // `--version` is answered before postgres's refusal to run as root.
    let output = Command::new(postgres)
        .arg("--version")
        .output()
        .map_err(|e| TestkitError::Command {
            command: format!("{} --version", postgres.display()),
            status: e.to_string(),
            output: String::new(),
        })?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    match parse_version(&text) {
        Some(version) if output.status.success() => Ok(version),
        _ => Err(TestkitError::Command {
            command: format!("{} --version", postgres.display()),
            status: output.status.to_string(),
            output: format!("{text}{}", String::from_utf8_lossy(&output.stderr)),
        }),
    }
}

/// `"postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"` → `"15.20"`.
pub(crate) fn parse_version(text: &str) -> Option<String> {
    let after = text
        .split_once("(PostgreSQL)")
        .map_or(text, |(_, rest)| rest);
    after
        .split_whitespace()
        .find(|token| token.starts_with(|c: char| c.is_ascii_digit()))
        .map(str::to_owned)
}

/// `"15.20"` → `"15"`, `"9.6.24"` → `"9.6"`, `"17beta1"` → `"17"`.
pub(crate) fn major_version(version: &str) -> String {
    let key = version_key(version);
    match key.as_slice() {
        [major, minor, ..] if *major < 10 => format!("{major}.{minor}"),
        [major, ..] => major.to_string(),
        [] => "unknown".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_parsed_from_postgres_version_output() {
        let v = parse_version("postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)\n");
        assert_eq!(v.as_deref(), Some("15.20"));
        assert_eq!(
            parse_version("postgres (PostgreSQL) 17beta1").as_deref(),
            Some("17beta1")
        );
        assert_eq!(major_version("15.20"), "15");
        assert_eq!(major_version("17beta1"), "17");
        assert_eq!(major_version("9.6.24"), "9.6");
    }

    #[test]
    fn a_wrong_pg_bin_is_an_error_not_a_fallback() {
        let inputs = SearchInputs {
            pg_bin: Some("/nonexistent/bin".into()),
            path: std::env::var_os("PATH"),
            ..SearchInputs::default()
        };
        let err = search(&inputs).unwrap_err();
        assert!(matches!(err, TestkitError::BadPgBin { .. }), "{err}");
    }

    #[test]
    fn nothing_found_says_what_to_install() {
        let inputs = SearchInputs {
            path: Some("/nonexistent/a:/nonexistent/b".into()),
            well_known: vec![PathBuf::from("/nonexistent/c")],
            ..SearchInputs::default()
        };
        let message = search(&inputs).unwrap_err().to_string();
        assert!(
            message.contains("apt-get install -y postgresql"),
            "{message}"
        );
        assert!(message.contains("PG_BIN"), "{message}");
        assert!(message.contains("SCHEMA_TEST_DATABASE_URL"), "{message}");
    }

    #[test]
    fn directories_holding_both_binaries_are_found() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["initdb", "postgres"] {
            let path = dir.path().join(name);
            fs::write(&path, "#!/bin/sh\n").unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        }
        let on_path = SearchInputs {
            path: Some(dir.path().as_os_str().to_owned()),
            ..SearchInputs::default()
        };
        assert_eq!(search(&on_path).unwrap().0, dir.path().join("initdb"));
        let well_known = SearchInputs {
            well_known: vec![PathBuf::from("/nonexistent"), dir.path().to_owned()],
            ..SearchInputs::default()
        };
        assert_eq!(search(&well_known).unwrap().1, dir.path().join("postgres"));
    }

    #[test]
    fn newer_versions_sort_first() {
        let mut keys = vec![version_key("9.6"), version_key("16"), version_key("10")];
        keys.sort_by(|a, b| b.cmp(a));
        assert_eq!(keys, vec![vec![16], vec![10], vec![9, 6]]);
    }
}
