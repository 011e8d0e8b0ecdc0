//! Writing the snapshot: [`track`] for build scripts, [`generate`] for
//! everything that wants the same result without talking to cargo (the UI
//! tests of the derive build their fixtures' snapshots with it).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use thiserror::Error;

use super::{DEFAULT_DATABASE_ENV, DialectSource, FORMAT, Head, SCHEMA_ENV, Snapshot};
use crate::Dialect;
use crate::config::{self, Config, ConfigError, ConfigRequest, UrlSource};
use crate::graph::{Graph, GraphError};
use crate::replay;

/// Replays the package's migrations for the configured dialect and tells
/// cargo about the result; see the [module documentation](super). Call it
/// from `build.rs`:
///
/// ```ignore
/// fn main() { schema_core::build::track(); }
/// ```
///
/// On a broken migration set it prints the diagnostic and ends the build
/// script with exit status 1, which fails the build; it never panics.
pub fn track() {
    run(None);
}

/// [`track`] for a given dialect, whatever the configuration says.
pub fn track_with(dialect: Dialect) {
    run(Some(dialect));
}

fn run(dialect: Option<Dialect>) {
    let result = TrackOptions::from_env().and_then(|mut opts| {
        opts.dialect = dialect;
        generate(&opts)
    });
    match result {
        Ok(tracked) => {
            #[expect(
                clippy::print_stdout,
                reason = "a build script talks to cargo on stdout"
            )]
            {
                print!("{}", tracked.cargo_instructions());
            }
        }
        Err(e) => {
            // Nothing on stdout: cargo would show it under `--- stdout`, and
            // a failed build script runs again anyway.
            let package = std::env::var("CARGO_PKG_NAME").unwrap_or_default();
            #[expect(
                clippy::print_stderr,
                reason = "the diagnostic of a failed build script goes to stderr, which cargo shows"
            )]
            {
                eprintln!(
                    "cargo schema: the migrations of `{package}` cannot be replayed, so its models cannot be checked\n\n{}",
                    render(&e)
                );
            }
            std::process::exit(1);
        }
    }
}

/// What to replay, and where to write.
#[derive(Debug, Clone)]
pub struct TrackOptions {
    /// The package's directory (`CARGO_MANIFEST_DIR`).
    pub manifest_dir: PathBuf,
    /// Where the snapshot goes (`OUT_DIR`; the file is
    /// `cargo-schema/schema.json` below it).
    pub out_dir: PathBuf,
    /// A dialect that overrides the configuration ([`track_with`]).
    pub dialect: Option<Dialect>,
}

impl TrackOptions {
    /// The options of a build script, from the variables cargo sets.
    pub fn from_env() -> Result<TrackOptions, BuildError> {
        let var = |name: &'static str| {
            std::env::var_os(name)
                .map(PathBuf::from)
                .ok_or(BuildError::NotABuildScript { var: name })
        };
        Ok(TrackOptions {
            manifest_dir: var("CARGO_MANIFEST_DIR")?,
            out_dir: var("OUT_DIR")?,
            dialect: None,
        })
    }
}

/// What [`generate`] did: the snapshot, and what cargo must watch.
#[derive(Debug, Clone)]
pub struct Tracked {
    /// Where the snapshot was written.
    pub path: PathBuf,
    pub snapshot: Snapshot,
    /// The embedded default SQLite file of the CLI.
    pub default_database: PathBuf,
    /// Files and directories whose change must rerun the build script.
    pub watch_files: Vec<PathBuf>,
    /// Variables whose change must rerun it.
    pub watch_env: Vec<String>,
    /// What replay did not understand, `path:line: message`.
    pub warnings: Vec<String>,
}

impl Tracked {
    /// The `cargo::` lines a build script prints.
    pub fn cargo_instructions(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "cargo::rustc-env={SCHEMA_ENV}={}", self.path.display());
        let _ = writeln!(
            out,
            "cargo::rustc-env={DEFAULT_DATABASE_ENV}={}",
            self.default_database.display()
        );
        for path in &self.watch_files {
            let _ = writeln!(out, "cargo::rerun-if-changed={}", path.display());
        }
        for var in &self.watch_env {
            let _ = writeln!(out, "cargo::rerun-if-env-changed={var}");
        }
        for w in &self.warnings {
            // One line each: cargo reads instructions line by line.
            let _ = writeln!(out, "cargo::warning={}", w.replace('\n', " "));
        }
        out
    }
}

/// Loads the configuration and the graph, replays to the single head and
/// writes the snapshot: [`track`] without printing.
pub fn generate(opts: &TrackOptions) -> Result<Tracked, BuildError> {
    let manifest = opts.manifest_dir.join("Cargo.toml");
    let config = config::load(&ConfigRequest {
        manifest_path: Some(manifest.clone()),
        package: None,
        cwd: opts.manifest_dir.clone(),
    })?;

    let mut warnings = Vec::new();
    let mut watch_files = Vec::new();
    // A directory cargo watches is rescanned whole, so added and removed
    // files count. A path that does not exist would rerun the script (and
    // rebuild the crate) on every build, so a missing directory is only
    // warned about.
    if config.migrations_dir.is_dir() {
        watch_files.push(config.migrations_dir.clone());
    } else {
        warnings.push(format!(
            "the migrations directory {} does not exist: create it (`cargo schema init`) so that builds notice new revisions",
            config.migrations_dir.display()
        ));
    }
    let mut watch_env = Vec::new();
    let (dialect, dialect_source) = match opts.dialect {
        Some(d) => (d, DialectSource::BuildScript),
        None => choose_dialect(&config, &mut watch_files, &mut watch_env)?,
    };

    // A build script runs in the package's directory: loading the
    // directory by its relative name makes diagnostics and the embedded
    // names read `migrations/…` rather than an absolute path.
    let root = &opts.manifest_dir;
    let relative = config
        .migrations_dir
        .strip_prefix(root)
        .ok()
        .filter(|_| same_dir(&std::env::current_dir().unwrap_or_default(), root));
    let graph = match relative {
        Some(rel) => Graph::load(rel)?,
        None => Graph::load(&config.migrations_dir)?,
    };
    let heads = graph.heads();
    if heads.len() > 1 {
        return Err(BuildError::MultipleHeads {
            heads: heads
                .iter()
                .map(|&h| {
                    let m = graph.get(h);
                    format!("{}  {}  ({})", m.id(), m.header.message, m.path.display())
                })
                .collect::<Vec<_>>()
                .join("\n  "),
        });
    }
    let replayed = replay::replay_heads(&graph, dialect);

    let files: Vec<PathBuf> = graph
        .revisions()
        .iter()
        .map(|m| {
            let absolute = root.join(&m.path);
            absolute
                .strip_prefix(root)
                .map_or(absolute.clone(), Path::to_path_buf)
        })
        .collect();
    // The directory alone covers its files: cargo scans a watched
    // directory whole, and a line per file would only double the stats it
    // makes on every build (1,000 revisions: 15 ms of a no-op `cargo
    // check`).
    watch_files.push(manifest);
    let workspace_manifest = config.workspace_root.join("Cargo.toml");
    if !watch_files.contains(&workspace_manifest) {
        watch_files.push(workspace_manifest);
    }

    let snapshot = Snapshot {
        format: FORMAT,
        package: config.package.clone(),
        dialect,
        dialect_source,
        head: heads.first().map(|&h| {
            let m = graph.get(h);
            Head {
                revision: m.id().to_string(),
                message: m.header.message.clone(),
            }
        }),
        revisions: graph.len(),
        root: root.clone(),
        migrations_dir: config.migrations_dir.clone(),
        version_table: config.version_table.clone(),
        files,
        schema: replayed.schema.clone(),
    };

    let dir = opts.out_dir.join("cargo-schema");
    let path = dir.join("schema.json");
    let json = snapshot.to_json();
    // Unchanged content keeps its mtime.
    if std::fs::read_to_string(&path).ok().as_deref() != Some(json.as_str()) {
        std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&path, &json))
            .map_err(|source| BuildError::Write {
                path: path.clone(),
                source,
            })?;
    }

    Ok(Tracked {
        path,
        snapshot,
        default_database: config.embedded_default_path(),
        watch_files,
        watch_env,
        warnings: warnings
            .into_iter()
            .chain(replayed.problems().map(|w| w.to_string()))
            .collect(),
    })
}

/// The configured dialect, else the URL's, else SQLite; records what to
/// watch for the URL.
fn choose_dialect(
    config: &Config,
    watch_files: &mut Vec<PathBuf>,
    watch_env: &mut Vec<String>,
) -> Result<(Dialect, DialectSource), BuildError> {
    if let Some(d) = config.dialect {
        return Ok((d, DialectSource::Configured));
    }
    watch_env.push(config.database_url_env.clone());
    // A missing file cannot be watched: cargo would rerun the script on
    // every build.
    watch_files.extend(config.dotenv_files().into_iter().filter(|f| f.is_file()));
    let resolved = config.resolve_url(None, None)?;
    Ok(match resolved.source {
        UrlSource::EmbeddedDefault { .. } => (Dialect::Sqlite, DialectSource::Default),
        _ => (
            resolved.url.dialect(),
            DialectSource::Url {
                var: config.database_url_env.clone(),
            },
        ),
    })
}

fn same_dir(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// Why the build script could not write the snapshot.
#[derive(Debug, Error, Diagnostic)]
pub enum BuildError {
    #[error(
        "`{var}` is not set: `schema_core::build::track()` runs in a build script, where cargo sets it"
    )]
    #[diagnostic(
        code(schema::build::not_a_build_script),
        help(
            "call it from the package's build.rs: `fn main() {{ schema_core::build::track(); }}`"
        )
    )]
    NotABuildScript { var: &'static str },

    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] ConfigError),

    #[error(transparent)]
    #[diagnostic(transparent)]
    Graph(#[from] GraphError),

    #[error(
        "multiple head revisions are present, and the models are compared with one head:\n  {heads}"
    )]
    #[diagnostic(
        code(schema::build::multiple_heads),
        help(
            "merge them with `cargo schema merge -m \"merge heads\" heads`; `cargo schema heads` lists them"
        )
    )]
    MultipleHeads { heads: String },

    #[error("cannot write {}: {source}", path.display())]
    #[diagnostic(code(schema::build::write))]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A diagnostic as the CLI shows it: miette's graphical report with the
/// file excerpt, without colour (cargo passes it on as plain text).
pub fn render(diagnostic: &dyn Diagnostic) -> String {
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .with_wrap_lines(false);
    let mut out = String::new();
    if handler.render_report(&mut out, diagnostic).is_err() {
        out = format!("error: {diagnostic}");
    }
    out
}
