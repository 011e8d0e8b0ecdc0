//! Configuration: `[package.metadata.schema]` read through `cargo metadata`,
//! environments, and where the database URL comes from.
//!
//! ```toml
//! [package.metadata.schema]          # or [workspace.metadata.schema]
//! migrations = "migrations"          # directory, relative to the manifest
//! dialect = "postgres"               # postgres | sqlite | mysql; else inferred from the URL
//! database-url-env = "DATABASE_URL"  # which variable holds the URL
//! version-table = "schema_version"
//! file-template = "{rev}_{slug}"     # tokens: rev slug year month day hour minute second
//! models = ["src"]                   # where #[derive(Model)] structs are looked for
//! manage-unmodelled-tables = false
//!
//! [package.metadata.schema.environments.prod]
//! database-url-env = "PROD_DATABASE_URL"
//! protected = true
//! ```
//!
//! The package is selected as cargo selects it (`-p`, `--manifest-path`, or
//! the package whose directory holds the working directory). Its table is
//! used whole if it has one, else the workspace's, else the defaults: the two
//! tables are not merged, so what a package says is all that applies to it.
//! Relative paths in a table are relative to the manifest holding that table
//! (as cargo resolves paths); `models` defaults to the selected package's
//! `src`.
//!
//! We read the metadata through `cargo metadata` rather than parsing
//! Cargo.toml ourselves so that workspace inheritance, `--manifest-path` and
//! the target directory (`CARGO_TARGET_DIR`, `.cargo/config.toml`) are what
//! cargo says they are. Cargo.toml is read as text only to point an error at
//! the offending key, and edited (with `toml_edit`, keeping comments and
//! layout) only by [`init`].
//!
//! The database URL is resolved by [`Config::resolve_url`], first match wins:
//!
//! 1. `--database-url`;
//! 2. `--env NAME`: the environment's variable;
//! 3. the configured variable, from the process environment, else from a
//!    `.env` file (read, never loaded into the process environment);
//! 4. the embedded default, a SQLite file under the target directory.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use cargo_metadata::{Metadata, MetadataCommand, Package};
use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Serialize;
use serde_json::{Map, Value};
use thiserror::Error;

use crate::Dialect;
use crate::url::{DatabaseUrl, UrlError};

/// The default migrations directory, relative to the manifest.
pub const DEFAULT_MIGRATIONS: &str = "migrations";
/// The default variable holding the database URL.
pub const DEFAULT_DATABASE_URL_ENV: &str = "DATABASE_URL";
/// The default version table.
pub const DEFAULT_VERSION_TABLE: &str = "schema_version";
/// The default revision file name template.
pub const DEFAULT_FILE_TEMPLATE: &str = "{rev}_{slug}";
/// The default place models are looked for, relative to the package.
pub const DEFAULT_MODELS: &str = "src";
/// The tokens a file template may use, each written in braces (`{rev}`).
pub const FILE_TEMPLATE_TOKENS: [&str; 8] = [
    "rev", "slug", "year", "month", "day", "hour", "minute", "second",
];

/// The keys of a `metadata.schema` table.
const KEYS: &[&str] = &[
    "migrations",
    "dialect",
    "database-url-env",
    "version-table",
    "file-template",
    "models",
    "manage-unmodelled-tables",
    "environments",
    "lint",
];

/// The keys of an `environments.NAME` table.
const ENVIRONMENT_KEYS: &[&str] = &["database-url-env", "protected"];

/// Which configuration to load: the global `--manifest-path` and `-p`
/// flags, and the directory the command runs in.
#[derive(Debug, Clone, Default)]
pub struct ConfigRequest {
    /// `--manifest-path`: a package's or a workspace's Cargo.toml.
    pub manifest_path: Option<PathBuf>,
    /// `-p NAME`: a workspace member.
    pub package: Option<String>,
    /// The working directory; relative paths above are relative to it.
    pub cwd: PathBuf,
}

impl ConfigRequest {
    /// A request for the package in (or above) `cwd`.
    pub fn in_dir(cwd: impl Into<PathBuf>) -> ConfigRequest {
        ConfigRequest {
            manifest_path: None,
            package: None,
            cwd: cwd.into(),
        }
    }
}

/// Where a [`Config`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConfigSource {
    /// `[package.metadata.schema]` of the selected package.
    Package,
    /// `[workspace.metadata.schema]`.
    Workspace,
    /// Neither table exists: everything is a default.
    Defaults,
}

/// A named database environment (`[….metadata.schema.environments.NAME]`),
/// chosen with `--env NAME`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Environment {
    pub name: String,
    /// The variable holding this environment's URL; `None` means the
    /// configured `database-url-env` (an environment can exist only to be
    /// marked protected).
    pub database_url_env: Option<String>,
    /// Mutating commands need `--yes` and show the target and current
    /// revision first.
    pub protected: bool,
}

/// The configuration of the selected package (or workspace).
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    /// The manifest directory of the selected package, or the workspace root
    /// when no package is selected (a virtual workspace).
    pub root: PathBuf,
    /// The manifest of the selected package, or the workspace's.
    pub manifest_path: PathBuf,
    /// The selected package's name.
    pub package: Option<String>,
    /// The migrations directory, absolute. It need not exist yet.
    pub migrations_dir: PathBuf,
    /// The configured dialect; `None` means "the URL's".
    pub dialect: Option<Dialect>,
    /// The variable holding the database URL.
    pub database_url_env: String,
    /// The version table, optionally schema-qualified (`ops.schema_version`).
    pub version_table: String,
    /// The revision file name template, validated.
    pub file_template: String,
    /// Where models are looked for, absolute.
    pub models: Vec<PathBuf>,
    /// Whether autogenerate proposes dropping tables no model describes.
    pub manage_unmodelled_tables: bool,
    pub environments: BTreeMap<String, Environment>,
    /// `[…schema.lint]`: a level per lint code.
    pub lint: crate::lint::Levels,
    /// Cargo's target directory.
    pub target_dir: PathBuf,
    pub workspace_root: PathBuf,
    pub source: ConfigSource,
}

/// Where a database URL came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum UrlSource {
    /// `--database-url`.
    Flag,
    /// `--env NAME`: the environment's variable.
    Environment { name: String, var: String },
    /// The configured variable, from the process environment or (`dotenv`)
    /// from a `.env` file.
    Variable { var: String, dotenv: bool },
    /// Nothing configured: a SQLite file under the target directory.
    EmbeddedDefault { path: PathBuf },
}

impl UrlSource {
    /// A short human line: `from --database-url`, `from $PROD_DATABASE_URL
    /// (environment prod)`, `from DATABASE_URL in .env`, `embedded default:
    /// target/schema/dev.sqlite` (relative to the working directory when it
    /// is below it).
    pub fn describe(&self) -> String {
        match self {
            UrlSource::Flag => "from --database-url".to_string(),
            UrlSource::Environment { name, var } => format!("from ${var} (environment {name})"),
            UrlSource::Variable { var, dotenv: false } => format!("from ${var}"),
            UrlSource::Variable { var, dotenv: true } => format!("from {var} in .env"),
            UrlSource::EmbeddedDefault { path } => {
                let shown = std::env::current_dir()
                    .ok()
                    .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
                    .unwrap_or_else(|| path.clone());
                format!("embedded default: {}", shown.display())
            }
        }
    }
}

impl fmt::Display for UrlSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// A database URL with where it came from and the environment it targets.
#[derive(Debug, Clone, Serialize)]
pub struct ResolvedUrl {
    pub url: DatabaseUrl,
    pub source: UrlSource,
    /// The `--env` environment, also when `--database-url` overrides its
    /// URL (so its protection still applies).
    pub environment: Option<Environment>,
}

impl ResolvedUrl {
    /// Whether the target environment is protected.
    pub fn protected(&self) -> bool {
        self.environment.as_ref().is_some_and(|env| env.protected)
    }

    /// See [`UrlSource::describe`].
    pub fn describe(&self) -> String {
        self.source.describe()
    }

    /// For the embedded default, creates the directory its SQLite file lives
    /// in (the driver creates the file, not its directory). Does nothing for
    /// other URLs.
    pub fn create_embedded_default_dir(&self) -> Result<(), ConfigError> {
        if let UrlSource::EmbeddedDefault { path } = &self.source
            && let Some(dir) = path.parent()
        {
            std::fs::create_dir_all(dir).map_err(|source| ConfigError::Io {
                path: dir.to_path_buf(),
                action: "create",
                source,
            })?;
        }
        Ok(())
    }
}

/// Loads the configuration by running `cargo metadata --no-deps` (the
/// `CARGO` variable names the cargo to run, as when we run as `cargo
/// schema`).
pub fn load(req: &ConfigRequest) -> Result<Config, ConfigError> {
    if let Some(config) = load_fast(req) {
        return config;
    }
    let cwd = absolute(&req.cwd);
    let mut cmd = MetadataCommand::new();
    cmd.no_deps().current_dir(&cwd);
    if let Some(manifest) = &req.manifest_path {
        cmd.manifest_path(cwd.join(manifest));
    }
    let metadata = cmd
        .exec()
        .map_err(|source| ConfigError::Metadata { source })?;
    from_metadata(&metadata, req)
}

/// Builds the configuration from `cargo metadata` output: selects the
/// package, reads its table (or the workspace's) and validates it. It runs
/// nothing; it touches the disk only to resolve symlinks when comparing
/// paths, and to read the manifest's text when an error points into it.
pub fn from_metadata(metadata: &Metadata, req: &ConfigRequest) -> Result<Config, ConfigError> {
    let cwd = absolute(&req.cwd);
    let workspace_root = metadata.workspace_root.clone().into_std_path_buf();
    let workspace_manifest = workspace_root.join("Cargo.toml");
    let members = metadata.workspace_packages();
    let selected = select_package(&members, req, &cwd)?;

    let (root, manifest_path, package) = match selected {
        Some(pkg) => {
            let manifest = pkg.manifest_path.clone().into_std_path_buf();
            let dir = manifest
                .parent()
                .map_or_else(|| cwd.clone(), Path::to_path_buf);
            (dir, manifest, Some(pkg.name.to_string()))
        }
        None => (workspace_root.clone(), workspace_manifest.clone(), None),
    };

    let package_table = selected.and_then(|pkg| pkg.metadata.get("schema"));
    let workspace_table = metadata.workspace_metadata.get("schema");
    let (source, table) = match (package_table, workspace_table) {
        (Some(table), _) => (ConfigSource::Package, Some((table, manifest_path.clone()))),
        (None, Some(table)) => (
            ConfigSource::Workspace,
            Some((table, workspace_manifest.clone())),
        ),
        (None, None) => (ConfigSource::Defaults, None),
    };

    let (settings, base) = match &table {
        Some((value, manifest)) => {
            let kind = if source == ConfigSource::Package {
                "package"
            } else {
                "workspace"
            };
            let ctx = TableCtx {
                manifest,
                table: format!("{kind}.metadata.schema"),
            };
            let base = manifest
                .parent()
                .map_or_else(|| root.clone(), Path::to_path_buf);
            (Settings::parse(&ctx, value)?, base)
        }
        None => (Settings::default(), root.clone()),
    };

    Ok(assemble(
        settings,
        Place {
            base,
            root,
            manifest_path,
            package,
            workspace_root,
            target_dir: metadata.target_directory.clone().into_std_path_buf(),
        },
        source,
    ))
}

/// Where a configuration's paths are anchored.
struct Place {
    /// The directory of the manifest holding the table (relative paths in
    /// it are relative to this).
    base: PathBuf,
    root: PathBuf,
    manifest_path: PathBuf,
    package: Option<String>,
    workspace_root: PathBuf,
    target_dir: PathBuf,
}

/// Settings plus defaults, anchored at `place`.
fn assemble(settings: Settings, place: Place, source: ConfigSource) -> Config {
    let Place {
        base,
        root,
        manifest_path,
        package,
        workspace_root,
        target_dir,
    } = place;
    let migrations = settings.migrations.as_deref().unwrap_or(DEFAULT_MIGRATIONS);
    let models = match settings.models {
        Some(models) => models.iter().map(|m| lexical(&base.join(m))).collect(),
        None => vec![root.join(DEFAULT_MODELS)],
    };
    Config {
        migrations_dir: lexical(&base.join(migrations)),
        dialect: settings.dialect,
        database_url_env: settings
            .database_url_env
            .unwrap_or_else(|| DEFAULT_DATABASE_URL_ENV.to_string()),
        version_table: settings
            .version_table
            .unwrap_or_else(|| DEFAULT_VERSION_TABLE.to_string()),
        file_template: settings
            .file_template
            .unwrap_or_else(|| DEFAULT_FILE_TEMPLATE.to_string()),
        models,
        manage_unmodelled_tables: settings.manage_unmodelled_tables.unwrap_or(false),
        environments: settings.environments,
        lint: crate::lint::Levels::new(settings.lint),
        target_dir,
        workspace_root,
        root,
        manifest_path,
        package,
        source,
    }
}

/// The common case without running `cargo metadata` (10-15 ms, most of
/// what `current` or `heads` would otherwise cost): no `-p`, and the
/// package's own manifest has `[package.metadata.schema]`, so the
/// workspace's table doesn't matter. Only the workspace root and target
/// directory have to be found, and where that takes more than reading
/// manifests (a `.cargo/config` that may set `target-dir`, a workspace
/// whose members list can't be matched simply) this gives up and the caller
/// asks cargo. `None` means "ask cargo".
fn load_fast(req: &ConfigRequest) -> Option<Result<Config, ConfigError>> {
    if req.package.is_some() {
        return None;
    }
    let cwd = absolute(&req.cwd);
    let manifest_path = match &req.manifest_path {
        Some(m) => lexical(&cwd.join(m)),
        None => cwd
            .ancestors()
            .map(|d| d.join("Cargo.toml"))
            .find(|p| p.is_file())?,
    };
    let text = std::fs::read_to_string(&manifest_path).ok()?;
    let doc: toml_edit::DocumentMut = text.parse().ok()?;
    let package = doc.get("package")?.as_table_like()?;
    let name = package.get("name")?.as_str()?.to_string();
    let table = package.get("metadata")?.as_table_like()?.get("schema")?;
    let value = toml_to_json(table)?;
    let dir = manifest_path.parent()?.to_path_buf();

    let workspace_root = if doc.get("workspace").is_some() {
        dir.clone()
    } else {
        find_workspace_root(&dir)?
    };
    if cargo_config_may_set_target_dir(&dir) {
        return None;
    }
    let target_dir = match std::env::var_os("CARGO_TARGET_DIR")
        .or_else(|| std::env::var_os("CARGO_BUILD_TARGET_DIR"))
    {
        Some(t) => lexical(&cwd.join(t)),
        None => workspace_root.join("target"),
    };
    let ctx = TableCtx {
        manifest: &manifest_path,
        table: "package.metadata.schema".into(),
    };
    Some(Settings::parse(&ctx, &value).map(|settings| {
        assemble(
            settings,
            Place {
                base: dir.clone(),
                root: dir,
                manifest_path: manifest_path.clone(),
                package: Some(name),
                workspace_root,
                target_dir,
            },
            ConfigSource::Package,
        )
    }))
}

/// The root of the workspace a package at `dir` belongs to: the nearest
/// ancestor manifest with `[workspace]` that lists it as a member (plain
/// paths and `*` globs), else `dir` itself. `None` when membership can't be
/// told without cargo.
fn find_workspace_root(dir: &Path) -> Option<PathBuf> {
    for ancestor in dir.ancestors().skip(1) {
        let manifest = ancestor.join("Cargo.toml");
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            continue;
        };
        let doc: toml_edit::DocumentMut = text.parse().ok()?;
        let Some(ws) = doc.get("workspace") else {
            continue;
        };
        let rel = dir.strip_prefix(ancestor).ok()?;
        let list = |key: &str| -> Option<Vec<String>> {
            match ws.get(key) {
                None => Some(Vec::new()),
                Some(v) => v
                    .as_array()?
                    .iter()
                    .map(|m| m.as_str().map(str::to_string))
                    .collect(),
            }
        };
        let members = list("members")?;
        let exclude = list("exclude")?;
        let matches = |pattern: &str| glob_match(pattern, rel);
        if exclude.iter().any(|e| matches(e)) {
            return Some(dir.to_path_buf());
        }
        if members.iter().any(|m| matches(m)) {
            return Some(ancestor.to_path_buf());
        }
        // A workspace above that doesn't list us: cargo would refuse or
        // treat it otherwise; let cargo say.
        return None;
    }
    Some(dir.to_path_buf())
}

/// `examples/*` against `examples/trigpoint`: `*` matches one component.
fn glob_match(pattern: &str, path: &Path) -> bool {
    let pattern: Vec<&str> = pattern
        .trim_end_matches('/')
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    let path: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    pattern.len() == path.len()
        && pattern.iter().zip(&path).all(|(p, c)| {
            if p.contains(['?', '[']) {
                false
            } else if let Some((pre, post)) = p.split_once('*') {
                !post.contains('*')
                    && c.starts_with(pre)
                    && c.ends_with(post)
                    && c.len() >= pre.len() + post.len()
            } else {
                p == c
            }
        })
}

/// Whether a cargo configuration file (in `dir`'s ancestors or
/// `$CARGO_HOME`) mentions `target-dir`.
fn cargo_config_may_set_target_dir(dir: &Path) -> bool {
    let mut candidates: Vec<PathBuf> = dir
        .ancestors()
        .flat_map(|a| [a.join(".cargo/config.toml"), a.join(".cargo/config")])
        .collect();
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    if let Some(home) = home {
        candidates.push(home.join("config.toml"));
        candidates.push(home.join("config"));
    }
    candidates
        .iter()
        .any(|c| std::fs::read_to_string(c).is_ok_and(|text| text.contains("target-dir")))
}

/// A TOML item as JSON (what `cargo metadata` would have given).
fn toml_to_json(item: &toml_edit::Item) -> Option<Value> {
    match item {
        toml_edit::Item::Value(v) => toml_value_to_json(v),
        toml_edit::Item::Table(t) => Some(Value::Object(
            t.iter()
                .map(|(k, v)| Some((k.to_string(), toml_to_json(v)?)))
                .collect::<Option<_>>()?,
        )),
        toml_edit::Item::ArrayOfTables(a) => Some(Value::Array(
            a.iter()
                .map(|t| toml_to_json(&toml_edit::Item::Table(t.clone())))
                .collect::<Option<_>>()?,
        )),
        toml_edit::Item::None => None,
    }
}

fn toml_value_to_json(v: &toml_edit::Value) -> Option<Value> {
    Some(match v {
        toml_edit::Value::String(s) => Value::String(s.value().clone()),
        toml_edit::Value::Integer(i) => Value::from(*i.value()),
        toml_edit::Value::Float(f) => Value::from(*f.value()),
        toml_edit::Value::Boolean(b) => Value::Bool(*b.value()),
        toml_edit::Value::Datetime(d) => Value::String(d.value().to_string()),
        toml_edit::Value::Array(a) => {
            Value::Array(a.iter().map(toml_value_to_json).collect::<Option<_>>()?)
        }
        toml_edit::Value::InlineTable(t) => Value::Object(
            t.iter()
                .map(|(k, v)| Some((k.to_string(), toml_value_to_json(v)?)))
                .collect::<Option<_>>()?,
        ),
    })
}

/// Selects the package as cargo would: `-p NAME`, else the member whose
/// manifest is `--manifest-path`, else the member whose directory holds the
/// working directory (the deepest, for nested members). `None` means the
/// workspace itself (a virtual manifest, or a directory of no member).
fn select_package<'a>(
    members: &[&'a Package],
    req: &ConfigRequest,
    cwd: &Path,
) -> Result<Option<&'a Package>, ConfigError> {
    if let Some(spec) = &req.package {
        // `-p name@1.2.3` names the same package as `-p name`.
        let name = spec.split_once('@').map_or(spec.as_str(), |(name, _)| name);
        return match members.iter().find(|pkg| pkg.name.as_str() == name) {
            Some(pkg) => Ok(Some(pkg)),
            None => {
                let mut names: Vec<String> = members.iter().map(|p| p.name.to_string()).collect();
                names.sort();
                Err(ConfigError::UnknownPackage {
                    name: spec.clone(),
                    members: names,
                })
            }
        };
    }
    if let Some(manifest) = &req.manifest_path {
        let wanted = normalize(&cwd.join(manifest));
        return Ok(members
            .iter()
            .find(|pkg| normalize(pkg.manifest_path.as_std_path()) == wanted)
            .copied());
    }
    let cwd = normalize(cwd);
    Ok(members
        .iter()
        .filter_map(|pkg| {
            let dir = normalize(pkg.manifest_path.as_std_path().parent()?);
            cwd.starts_with(&dir)
                .then_some((dir.components().count(), *pkg))
        })
        .max_by_key(|(depth, _)| *depth)
        .map(|(_, pkg)| pkg))
}

impl Config {
    /// The dialect for `url`: the configured one, else the URL's.
    pub fn dialect_for(&self, url: &DatabaseUrl) -> Dialect {
        self.dialect.unwrap_or_else(|| url.dialect())
    }

    /// Like [`dialect_for`](Self::dialect_for), but a configured dialect
    /// that the URL's scheme contradicts is an error.
    pub fn check_dialect(&self, url: &DatabaseUrl) -> Result<Dialect, ConfigError> {
        match self.dialect {
            Some(configured) if configured != url.dialect() => Err(ConfigError::DialectMismatch {
                configured,
                url_dialect: url.dialect(),
                url: url.redacted(),
                manifest: self.manifest_path.clone(),
            }),
            _ => Ok(self.dialect_for(url)),
        }
    }

    /// The environment `name`, or an error listing the configured ones.
    pub fn environment(&self, name: &str) -> Result<&Environment, ConfigError> {
        self.environments
            .get(name)
            .ok_or_else(|| ConfigError::UnknownEnvironment {
                name: name.to_string(),
                configured: self.environments.keys().cloned().collect(),
                table: self.table_name(),
            })
    }

    /// The table this configuration is (or would be) written in:
    /// `package.metadata.schema` or `workspace.metadata.schema`.
    pub fn table_name(&self) -> &'static str {
        match (self.source, &self.package) {
            (ConfigSource::Workspace, _) | (ConfigSource::Defaults, None) => {
                "workspace.metadata.schema"
            }
            _ => "package.metadata.schema",
        }
    }

    /// The embedded default database: `<target dir>/schema/dev.sqlite`.
    pub fn embedded_default_path(&self) -> PathBuf {
        self.target_dir.join("schema").join("dev.sqlite")
    }

    /// The `.env` files read for URL variables, in order: the package's,
    /// then the workspace's.
    pub fn dotenv_files(&self) -> Vec<PathBuf> {
        let mut files = vec![self.root.join(".env")];
        if self.workspace_root != self.root {
            files.push(self.workspace_root.join(".env"));
        }
        files
    }

    /// Resolves the database URL from the process environment; see
    /// [`resolve_url_with`](Self::resolve_url_with).
    pub fn resolve_url(
        &self,
        flag: Option<&str>,
        env_name: Option<&str>,
    ) -> Result<ResolvedUrl, ConfigError> {
        self.resolve_url_with(flag, env_name, |var| std::env::var(var).ok())
    }

    /// Resolves the database URL, reading variables through `lookup`:
    ///
    /// 1. `flag` (`--database-url`);
    /// 2. `env_name` (`--env NAME`): the environment's variable, which must
    ///    be set;
    /// 3. the configured variable (`database-url-env`);
    /// 4. the embedded default, a SQLite file under the target directory,
    ///    unless the configured dialect is not SQLite.
    ///
    /// A variable is looked up with `lookup`, then in the `.env` files of
    /// [`dotenv_files`](Self::dotenv_files); an empty value counts as unset.
    /// The URL's scheme must agree with a configured dialect.
    pub fn resolve_url_with(
        &self,
        flag: Option<&str>,
        env_name: Option<&str>,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<ResolvedUrl, ConfigError> {
        let environment = env_name
            .map(|name| self.environment(name).cloned())
            .transpose()?;
        let (url, source) = if let Some(flag) = flag {
            (parse_url(flag, "--database-url")?, UrlSource::Flag)
        } else if let Some(env) = &environment {
            let var = env
                .database_url_env
                .clone()
                .unwrap_or_else(|| self.database_url_env.clone());
            let Some(found) = self.lookup_var(&var, &lookup)? else {
                return Err(ConfigError::MissingVariable {
                    var,
                    environment: env.name.clone(),
                });
            };
            let url = parse_url(&found.value, &found.origin(&var))?;
            let source = UrlSource::Environment {
                name: env.name.clone(),
                var,
            };
            (url, source)
        } else if let Some(found) = self.lookup_var(&self.database_url_env, &lookup)? {
            let var = self.database_url_env.clone();
            let url = parse_url(&found.value, &found.origin(&var))?;
            let source = UrlSource::Variable {
                dotenv: found.dotenv.is_some(),
                var,
            };
            (url, source)
        } else {
            match self.dialect {
                None | Some(Dialect::Sqlite) => {
                    let path = self.embedded_default_path();
                    (
                        DatabaseUrl::sqlite_file(&path),
                        UrlSource::EmbeddedDefault { path },
                    )
                }
                Some(dialect) => {
                    return Err(ConfigError::NoDatabaseUrl {
                        var: self.database_url_env.clone(),
                        dialect,
                    });
                }
            }
        };
        self.check_dialect(&url)?;
        Ok(ResolvedUrl {
            url,
            source,
            environment,
        })
    }

    /// The value of `var`, from `lookup` or else the `.env` files.
    fn lookup_var(
        &self,
        var: &str,
        lookup: &impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Found>, ConfigError> {
        if let Some(value) = lookup(var).filter(|v| !v.trim().is_empty()) {
            return Ok(Some(Found {
                value,
                dotenv: None,
            }));
        }
        for file in self.dotenv_files() {
            if let Some(value) = read_dotenv_var(&file, var)? {
                return Ok(Some(Found {
                    value,
                    dotenv: Some(file),
                }));
            }
        }
        Ok(None)
    }
}

/// A variable's value and the `.env` file it came from, if any.
struct Found {
    value: String,
    dotenv: Option<PathBuf>,
}

impl Found {
    /// For errors: `$VAR` or `VAR in /path/.env`.
    fn origin(&self, var: &str) -> String {
        match &self.dotenv {
            None => format!("${var}"),
            Some(file) => format!("{var} in {}", file.display()),
        }
    }
}

fn parse_url(text: &str, origin: &str) -> Result<DatabaseUrl, ConfigError> {
    DatabaseUrl::parse(text).map_err(|error| ConfigError::InvalidUrl {
        origin: origin.to_string(),
        help: error.help().map(|h| h.to_string()),
        error,
    })
}

/// The first non-empty value of `var` in the `.env` file `path`, if the file
/// exists. The process environment is left alone (`from_path_iter`, not
/// `dotenv()`), so a `.env` cannot change what other code sees.
fn read_dotenv_var(path: &Path, var: &str) -> Result<Option<String>, ConfigError> {
    let iter = match dotenvy::from_path_iter(path) {
        Ok(iter) => iter,
        Err(err) if err.not_found() => return Ok(None),
        Err(err) => return Err(dotenv_error(path, err)),
    };
    for item in iter {
        let (key, value) = item.map_err(|err| dotenv_error(path, err))?;
        // `from_path_iter` keeps a byte-order mark on the first key.
        if key.trim_start_matches('\u{feff}') == var && !value.trim().is_empty() {
            return Ok(Some(value));
        }
    }
    Ok(None)
}

/// A `.env` error without the offending line, which may hold a password:
/// dotenvy's own message quotes it. The line number is found instead.
fn dotenv_error(path: &Path, err: dotenvy::Error) -> ConfigError {
    let (line, reason) = match &err {
        dotenvy::Error::LineParse(text, index) => {
            let line = std::fs::read_to_string(path).ok().and_then(|content| {
                let first = text.lines().next().unwrap_or_default();
                content.lines().position(|l| l == first).map(|i| i + 1)
            });
            (
                line,
                format!("cannot parse a line (at character {})", index + 1),
            )
        }
        dotenvy::Error::Io(io) => (None, io.to_string()),
        other => (None, other.to_string()),
    };
    ConfigError::DotEnv {
        path: path.to_path_buf(),
        line,
        reason,
    }
}

/// The settings one table gives; `None` where it says nothing.
#[derive(Debug, Default)]
struct Settings {
    migrations: Option<String>,
    dialect: Option<Dialect>,
    database_url_env: Option<String>,
    version_table: Option<String>,
    file_template: Option<String>,
    models: Option<Vec<String>>,
    manage_unmodelled_tables: Option<bool>,
    environments: BTreeMap<String, Environment>,
    lint: Vec<(crate::lint::Code, crate::lint::Level)>,
}

/// The table being read, for errors.
struct TableCtx<'a> {
    manifest: &'a Path,
    /// Dotted, without brackets: `package.metadata.schema`.
    table: String,
}

impl TableCtx<'_> {
    fn error(&self, key: &str, problem: KeyProblem) -> ConfigError {
        ConfigError::Key(Box::new(KeyError::new(
            self.manifest,
            &self.table,
            key,
            problem,
        )))
    }

    fn wrong_type(&self, key: &str, expected: &'static str, found: &Value) -> ConfigError {
        self.error(
            key,
            KeyProblem::WrongType {
                expected,
                found: type_name(found),
            },
        )
    }

    fn invalid(&self, key: &str, reason: String, help: String) -> ConfigError {
        self.error(key, KeyProblem::Invalid { reason, help })
    }

    /// Unknown keys are errors, so a typo (`migration = …`) is not silently
    /// ignored.
    fn check_keys(
        &self,
        table: &Map<String, Value>,
        valid: &'static [&'static str],
    ) -> Result<(), ConfigError> {
        match table.keys().find(|key| !valid.contains(&key.as_str())) {
            Some(key) => Err(self.error(
                key,
                KeyProblem::Unknown {
                    valid,
                    suggestion: suggest(key, valid),
                },
            )),
            None => Ok(()),
        }
    }

    fn string(&self, table: &Map<String, Value>, key: &str) -> Result<Option<String>, ConfigError> {
        match table.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(self.wrong_type(key, "a string", other)),
        }
    }

    fn bool(&self, table: &Map<String, Value>, key: &str) -> Result<Option<bool>, ConfigError> {
        match table.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(self.wrong_type(key, "a boolean (true or false)", other)),
        }
    }

    fn var_name(
        &self,
        table: &Map<String, Value>,
        key: &str,
    ) -> Result<Option<String>, ConfigError> {
        let Some(name) = self.string(table, key)? else {
            return Ok(None);
        };
        check_var_name(&name).map_err(|(reason, help)| self.invalid(key, reason, help))?;
        Ok(Some(name))
    }
}

impl Settings {
    fn parse(ctx: &TableCtx<'_>, value: &Value) -> Result<Settings, ConfigError> {
        let Value::Object(table) = value else {
            // The key is `schema` in `[package.metadata]`.
            let parent = TableCtx {
                manifest: ctx.manifest,
                table: ctx.table.trim_end_matches(".schema").to_string(),
            };
            return Err(parent.wrong_type("schema", "a table", value));
        };
        ctx.check_keys(table, KEYS)?;

        let migrations = ctx.string(table, "migrations")?;
        if migrations.as_deref().is_some_and(|m| m.trim().is_empty()) {
            return Err(ctx.invalid(
                "migrations",
                "the migrations directory is empty".into(),
                "name a directory relative to Cargo.toml, such as migrations = \"migrations\""
                    .into(),
            ));
        }

        let dialect = match ctx.string(table, "dialect")? {
            None => None,
            Some(name) => Some(name.parse::<Dialect>().map_err(|_| {
                ctx.invalid(
                    "dialect",
                    format!("unknown dialect `{name}`"),
                    "expected postgres, sqlite or mysql; leave it out to infer the dialect from the database url".into(),
                )
            })?),
        };

        let version_table = ctx.string(table, "version-table")?;
        if let Some(name) = &version_table {
            check_version_table(name)
                .map_err(|(reason, help)| ctx.invalid("version-table", reason, help))?;
        }

        let file_template = ctx.string(table, "file-template")?;
        if let Some(template) = &file_template {
            check_file_template(template)
                .map_err(|(reason, help)| ctx.invalid("file-template", reason, help))?;
        }

        let models = match table.get("models") {
            None => None,
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|item| match item {
                        Value::String(s) => Ok(s.clone()),
                        other => Err(ctx.wrong_type("models", "an array of strings", other)),
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            Some(other) => return Err(ctx.wrong_type("models", "an array of strings", other)),
        };

        let mut environments = BTreeMap::new();
        match table.get("environments") {
            None => {}
            Some(Value::Object(envs)) => {
                for (name, value) in envs {
                    let env_ctx = TableCtx {
                        manifest: ctx.manifest,
                        table: format!("{}.environments", ctx.table),
                    };
                    let Value::Object(env) = value else {
                        return Err(env_ctx.wrong_type(name, "a table", value));
                    };
                    let env_ctx = TableCtx {
                        manifest: ctx.manifest,
                        table: format!("{}.environments.{}", ctx.table, toml_key(name)),
                    };
                    env_ctx.check_keys(env, ENVIRONMENT_KEYS)?;
                    environments.insert(
                        name.clone(),
                        Environment {
                            name: name.clone(),
                            database_url_env: env_ctx.var_name(env, "database-url-env")?,
                            protected: env_ctx.bool(env, "protected")?.unwrap_or(false),
                        },
                    );
                }
            }
            Some(other) => return Err(ctx.wrong_type("environments", "a table", other)),
        }

        let mut lint = Vec::new();
        match table.get("lint") {
            None => {}
            Some(Value::Object(codes)) => {
                let lint_ctx = TableCtx {
                    manifest: ctx.manifest,
                    table: format!("{}.lint", ctx.table),
                };
                lint_ctx.check_keys(codes, crate::lint::Code::NAMES)?;
                for (code, value) in codes {
                    let level = match value {
                        Value::String(s) => s.parse::<crate::lint::Level>().ok(),
                        _ => None,
                    };
                    let Some(level) = level else {
                        return Err(lint_ctx.invalid(
                            code,
                            format!("`{value}` is not a lint level"),
                            "use \"error\", \"warning\" or \"off\"".into(),
                        ));
                    };
                    let code = code.parse().expect("checked against Code::NAMES");
                    lint.push((code, level));
                }
            }
            Some(other) => return Err(ctx.wrong_type("lint", "a table of lint codes", other)),
        }

        Ok(Settings {
            lint,
            migrations,
            dialect,
            database_url_env: ctx.var_name(table, "database-url-env")?,
            version_table,
            file_template,
            models,
            manage_unmodelled_tables: ctx.bool(table, "manage-unmodelled-tables")?,
            environments,
        })
    }
}

/// Checks a file template: only known tokens in braces, `{rev}` present, no
/// path separator. The error is `(reason, help)`.
fn check_file_template(template: &str) -> Result<(), (String, String)> {
    let tokens_help = || {
        let list: Vec<String> = FILE_TEMPLATE_TOKENS
            .iter()
            .map(|t| format!("{{{t}}}"))
            .collect();
        format!("valid tokens: {}", list.join(" "))
    };
    let mut has_rev = false;
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        if rest[i..].starts_with('}') {
            return Err(("unmatched `}`".into(), tokens_help()));
        }
        let after = &rest[i + 1..];
        let Some(close) = after
            .find(['}', '{'])
            .filter(|&c| after[c..].starts_with('}'))
        else {
            return Err(("unclosed `{`".into(), tokens_help()));
        };
        let token = &after[..close];
        if !FILE_TEMPLATE_TOKENS.contains(&token) {
            return Err((format!("unknown token `{{{token}}}`"), tokens_help()));
        }
        has_rev |= token == "rev";
        rest = &after[close + 1..];
    }
    if template.contains(['/', '\\']) {
        return Err((
            "a file name template cannot contain a path separator".into(),
            "the template names a file inside the migrations directory, such as \"{rev}_{slug}\""
                .into(),
        ));
    }
    if !has_rev {
        return Err((
            "the template must contain `{rev}`".into(),
            "revision files are found by their id: for example \"{rev}_{slug}\" or \"{year}{month}{day}_{rev}_{slug}\"".into(),
        ));
    }
    Ok(())
}

/// Checks a version table name: an identifier, optionally schema-qualified.
fn check_version_table(name: &str) -> Result<(), (String, String)> {
    let ident = |s: &str| {
        let mut bytes = s.bytes();
        bytes
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && s.len() <= 63
    };
    let ok = match name.split_once('.') {
        Some((schema, table)) => ident(schema) && ident(table),
        None => ident(name),
    };
    if ok {
        Ok(())
    } else {
        Err((
            format!("`{name}` is not a table name"),
            "use letters, digits and underscores (at most 63), optionally after a schema: \
             \"schema_version\" or \"ops.schema_version\""
                .into(),
        ))
    }
}

/// Checks the name of an environment variable.
fn check_var_name(name: &str) -> Result<(), (String, String)> {
    if name.contains("://") || name.contains('@') {
        // Someone put the URL itself here; do not echo it, it may hold a
        // password.
        return Err((
            "this looks like a database url, not the name of a variable".into(),
            "database-url-env names the variable that holds the url, such as \"DATABASE_URL\"; \
             put the url itself in that variable or in .env"
                .into(),
        ));
    }
    if let Some(bare) = name.strip_prefix('$') {
        return Err((
            format!("`{name}` starts with `$`"),
            format!("write the variable's name alone: \"{bare}\""),
        ));
    }
    let mut bytes = name.bytes();
    let ok = bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err((
            format!("`{name}` is not a variable name"),
            "use letters, digits and underscores, such as \"DATABASE_URL\"".into(),
        ))
    }
}

/// `a bare-key` as TOML writes it: bare when it can be, else quoted.
fn toml_key(name: &str) -> String {
    if !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        name.to_string()
    } else {
        format!("{name:?}")
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a float",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "a table",
    }
}

/// The valid key closest to `key`, if it is a likely typo.
fn suggest(key: &str, valid: &[&'static str]) -> Option<&'static str> {
    let norm = key.to_ascii_lowercase().replace('_', "-");
    valid
        .iter()
        .map(|v| (edit_distance(&norm, v), *v))
        .filter(|(d, v)| *d <= 2.max(v.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// `path` made absolute against the process's working directory.
fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

/// A path for comparison: canonical when it exists (symlinks resolved, as
/// cargo reports them), else lexically cleaned.
fn normalize(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| lexical(path))
}

/// Removes `.` and folds `..` without touching the file system.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                // The root's parent is the root.
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            other => out.push(other),
        }
    }
    out
}

// ---------------------------------------------------------------------------
// init
// ---------------------------------------------------------------------------

/// What `cargo schema init` should set up.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// The migrations directory, relative to the manifest; `None` keeps a
    /// configured one, else `migrations`.
    pub migrations: Option<String>,
    /// A dialect to record; `None` leaves it to be inferred from the URL.
    pub dialect: Option<Dialect>,
}

/// What [`init`] did, for the CLI to report.
#[derive(Debug, Clone, Serialize)]
pub struct InitReport {
    pub manifest_path: PathBuf,
    /// `package.metadata.schema` or `workspace.metadata.schema`.
    pub table: String,
    /// Whether the table was added to the manifest (false: it was there and
    /// agreed).
    pub manifest_changed: bool,
    /// The migrations directory, absolute.
    pub migrations_dir: PathBuf,
    /// Whether the directory was created (false: it existed).
    pub created_dir: bool,
    /// What the directory already held (file names, sorted).
    pub existing_files: Vec<PathBuf>,
    /// The package's build script, for the compile-time drift check
    /// (`None` for a virtual workspace manifest).
    pub build_script: Option<BuildScriptReport>,
}

/// What [`init`] found or did about the package's build script.
#[derive(Debug, Clone, Serialize)]
pub struct BuildScriptReport {
    /// `build.rs`, or the manifest's `package.build`, absolute.
    pub path: PathBuf,
    /// Whether `init` wrote it ([`crate::build::BUILD_RS`]; it did not
    /// exist).
    pub created: bool,
    /// Whether it calls `schema_core::build::track` (false: an existing
    /// build script to add the call to).
    pub tracks: bool,
    /// Whether `[build-dependencies]` has `schema-core`.
    pub has_build_dependency: bool,
}

/// `cargo schema init`: creates the migrations directory and adds
/// `[package.metadata.schema]` (or `[workspace.metadata.schema]` to a
/// virtual manifest) with `migrations` and, when given, `dialect`, keeping
/// the manifest's comments and layout.
///
/// Running it again is a no-op. An existing table is kept when it agrees
/// with `opts`, and is an error when it names another directory or dialect.
pub fn init(manifest_path: &Path, opts: &InitOptions) -> Result<InitReport, ConfigError> {
    let text = std::fs::read_to_string(manifest_path).map_err(|source| ConfigError::Io {
        path: manifest_path.to_path_buf(),
        action: "read",
        source,
    })?;
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|err: toml_edit::TomlError| {
        let span = err.span().map(|r| SourceSpan::from(r.start..r.end));
        ConfigError::ManifestSyntax {
            path: manifest_path.to_path_buf(),
            message: err.message().trim().to_string(),
            source_code: Some(Arc::new(NamedSource::new(
                manifest_path.display().to_string(),
                text.clone(),
            ))),
            span,
        }
    })?;
    let kind = if doc.contains_key("package") {
        "package"
    } else if doc.contains_key("workspace") {
        "workspace"
    } else {
        return Err(ConfigError::NotAManifest {
            path: manifest_path.to_path_buf(),
        });
    };
    let table = format!("{kind}.metadata.schema");
    if let Some(migrations) = &opts.migrations
        && migrations.trim().is_empty()
    {
        let ctx = TableCtx {
            manifest: manifest_path,
            table: table.clone(),
        };
        return Err(ctx.invalid(
            "migrations",
            "the migrations directory is empty".into(),
            "name a directory relative to Cargo.toml, such as `migrations`".into(),
        ));
    }

    let existing = doc
        .get(kind)
        .and_then(|t| t.get("metadata"))
        .and_then(|m| m.get("schema"));
    let (migrations, manifest_changed) = match existing {
        Some(item) => {
            let conflict = |key: &'static str, existing: Option<String>, requested: String| {
                ConfigError::InitConflict {
                    path: manifest_path.to_path_buf(),
                    table: kind,
                    key,
                    existing,
                    requested,
                }
            };
            let Some(schema) = item.as_table_like() else {
                return Err(conflict(
                    "schema",
                    Some(item.to_string().trim().into()),
                    "a table".into(),
                ));
            };
            let configured = match schema.get("migrations") {
                None => None,
                Some(m) => match m.as_str() {
                    Some(m) => Some(m.to_string()),
                    None => {
                        return Err(conflict(
                            "migrations",
                            Some(m.to_string().trim().into()),
                            "a string".into(),
                        ));
                    }
                },
            };
            let current = configured
                .clone()
                .unwrap_or_else(|| DEFAULT_MIGRATIONS.to_string());
            if let Some(wanted) = &opts.migrations
                && !same_dir(wanted, &current)
            {
                return Err(conflict("migrations", Some(current), wanted.clone()));
            }
            if let Some(wanted) = opts.dialect {
                let have = schema.get("dialect").and_then(|d| d.as_str());
                if have.and_then(|d| d.parse::<Dialect>().ok()) != Some(wanted) {
                    return Err(conflict(
                        "dialect",
                        have.map(str::to_string),
                        wanted.to_string(),
                    ));
                }
            }
            (current, false)
        }
        None => {
            let migrations = opts
                .migrations
                .clone()
                .unwrap_or_else(|| DEFAULT_MIGRATIONS.to_string());
            add_schema_table(&mut doc, kind, &migrations, opts.dialect).map_err(|()| {
                ConfigError::NotAManifest {
                    path: manifest_path.to_path_buf(),
                }
            })?;
            (migrations, true)
        }
    };

    let base = manifest_path.parent().unwrap_or(Path::new("."));
    let migrations_dir = lexical(&absolute(&base.join(&migrations)));
    let (created_dir, existing_files) = ensure_dir(&migrations_dir)?;

    if manifest_changed {
        std::fs::write(manifest_path, doc.to_string()).map_err(|source| ConfigError::Io {
            path: manifest_path.to_path_buf(),
            action: "write",
            source,
        })?;
    }
    let build_script = match kind {
        "package" => Some(init_build_script(base, &doc)?),
        _ => None,
    };
    Ok(InitReport {
        manifest_path: manifest_path.to_path_buf(),
        table,
        manifest_changed,
        migrations_dir,
        created_dir,
        existing_files,
        build_script,
    })
}

/// Writes the one-line build.rs of the drift check when the package has no
/// build script; reports what an existing one and the manifest lack.
fn init_build_script(
    base: &Path,
    doc: &toml_edit::DocumentMut,
) -> Result<BuildScriptReport, ConfigError> {
    let build = doc.get("package").and_then(|p| p.get("build"));
    let path = absolute(&base.join(build.and_then(|b| b.as_str()).unwrap_or("build.rs")));
    let has_build_dependency = doc
        .get("build-dependencies")
        .and_then(|d| d.get("schema-core"))
        .is_some();
    // `build = false`: the package wants no build script.
    let disabled = build.and_then(|b| b.as_bool()) == Some(false);
    let (created, tracks) = match std::fs::read_to_string(&path) {
        Ok(text) => (false, text.contains("schema_core::build::track")),
        Err(_) if disabled => (false, false),
        Err(_) => {
            std::fs::write(&path, crate::build::BUILD_RS).map_err(|source| ConfigError::Io {
                path: path.clone(),
                action: "write",
                source,
            })?;
            (true, true)
        }
    };
    Ok(BuildScriptReport {
        path,
        created,
        tracks,
        has_build_dependency,
    })
}

/// Whether two relative directory names mean the same directory
/// (`migrations`, `./migrations/`).
fn same_dir(a: &str, b: &str) -> bool {
    lexical(Path::new(a)) == lexical(Path::new(b))
}

/// Adds `[KIND.metadata.schema]` as a table of its own, after the other
/// `KIND.metadata` tables (or after `[KIND]`), preceded by a blank line.
fn add_schema_table(
    doc: &mut toml_edit::DocumentMut,
    kind: &str,
    migrations: &str,
    dialect: Option<Dialect>,
) -> Result<(), ()> {
    let parent = doc
        .get_mut(kind)
        .and_then(|item| item.as_table_like_mut())
        .ok_or(())?;
    if parent.get("metadata").is_none() {
        let mut metadata = toml_edit::Table::new();
        metadata.set_implicit(true);
        parent.insert("metadata", toml_edit::Item::Table(metadata));
    }
    let metadata = parent.get_mut("metadata").ok_or(())?;
    if let Some(inline) = metadata.as_inline_table_mut() {
        // `metadata = { … }`: stay inline.
        let mut schema = toml_edit::InlineTable::new();
        schema.insert("migrations", migrations.into());
        if let Some(dialect) = dialect {
            schema.insert("dialect", dialect.as_str().into());
        }
        inline.insert("schema", toml_edit::Value::InlineTable(schema));
        return Ok(());
    }
    let metadata = metadata.as_table_like_mut().ok_or(())?;
    let mut schema = toml_edit::Table::new();
    schema.decor_mut().set_prefix("\n");
    schema.insert("migrations", toml_edit::value(migrations));
    if let Some(dialect) = dialect {
        schema.insert("dialect", toml_edit::value(dialect.as_str()));
    }
    metadata.insert("schema", toml_edit::Item::Table(schema));
    Ok(())
}

/// Creates `dir` if missing; returns whether it was created and what it
/// already held.
fn ensure_dir(dir: &Path) -> Result<(bool, Vec<PathBuf>), ConfigError> {
    let io = |action| {
        move |source| ConfigError::Io {
            path: dir.to_path_buf(),
            action,
            source,
        }
    };
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {
            let mut files = std::fs::read_dir(dir)
                .map_err(io("read"))?
                .map(|entry| entry.map(|e| PathBuf::from(e.file_name())))
                .collect::<Result<Vec<_>, _>>()
                .map_err(io("read"))?;
            files.sort();
            Ok((false, files))
        }
        Ok(_) => Err(ConfigError::NotADirectory {
            path: dir.to_path_buf(),
        }),
        Err(_) => {
            std::fs::create_dir_all(dir).map_err(io("create"))?;
            Ok((true, Vec::new()))
        }
    }
}

// ---------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------

/// A configuration error.
#[derive(Debug, Error, Diagnostic)]
pub enum ConfigError {
    #[error("could not read the cargo workspace with `cargo metadata`")]
    #[diagnostic(
        code(schema::config::metadata),
        help("run the command inside a cargo package, or pass --manifest-path path/to/Cargo.toml")
    )]
    Metadata {
        #[source]
        source: cargo_metadata::Error,
    },

    #[error("package `{name}` is not a member of this workspace")]
    #[diagnostic(
        code(schema::config::unknown_package),
        help("{}", list_help("workspace members", members))
    )]
    UnknownPackage { name: String, members: Vec<String> },

    /// A key of a `metadata.schema` table: unknown, of the wrong type, or an
    /// invalid value.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Key(Box<KeyError>),

    #[error("no environment `{name}` is configured")]
    #[diagnostic(
        code(schema::config::unknown_environment),
        help("{}", environments_help(configured, table))
    )]
    UnknownEnvironment {
        name: String,
        configured: Vec<String>,
        table: &'static str,
    },

    #[error("environment `{environment}` reads its database url from ${var}, which is not set")]
    #[diagnostic(
        code(schema::config::missing_variable),
        help("set {var} in the environment or in a .env file, or pass --database-url")
    )]
    MissingVariable { var: String, environment: String },

    #[error(
        "no database url: ${var} is not set, and the embedded default is a sqlite database while this project's dialect is {dialect}"
    )]
    #[diagnostic(
        code(schema::config::no_database_url),
        help("set {var} in the environment or in a .env file, or pass --database-url")
    )]
    NoDatabaseUrl { var: String, dialect: Dialect },

    /// Not a `#[source]`: the message already says what is wrong, and a
    /// report would print it twice.
    #[error("invalid database url from {origin}: {error}")]
    #[diagnostic(code(schema::config::invalid_url))]
    InvalidUrl {
        /// `--database-url`, `$VAR` or `VAR in /path/.env`.
        origin: String,
        error: UrlError,
        #[help]
        help: Option<String>,
    },

    #[error(
        "the database url `{url}` is a {url_dialect} url, but the dialect is configured as {configured}"
    )]
    #[diagnostic(
        code(schema::config::dialect_mismatch),
        help("use a {configured} database url, or change `dialect` in {}", manifest.display())
    )]
    DialectMismatch {
        configured: Dialect,
        url_dialect: Dialect,
        /// Redacted.
        url: String,
        manifest: PathBuf,
    },

    #[error("cannot read {}{}: {reason}", path.display(), line.map(|l| format!(" line {l}")).unwrap_or_default())]
    #[diagnostic(
        code(schema::config::dotenv),
        help("each line of a .env file is NAME=value; quote values with spaces or `#`")
    )]
    DotEnv {
        path: PathBuf,
        line: Option<usize>,
        reason: String,
    },

    #[error("cannot parse {}: {message}", path.display())]
    #[diagnostic(code(schema::config::manifest_syntax))]
    ManifestSyntax {
        path: PathBuf,
        message: String,
        #[source_code]
        source_code: Option<Arc<NamedSource<String>>>,
        #[label("here")]
        span: Option<SourceSpan>,
    },

    #[error("{} has neither [package] nor [workspace]", path.display())]
    #[diagnostic(
        code(schema::config::not_a_manifest),
        help("point --manifest-path at a package's or a workspace's Cargo.toml")
    )]
    NotAManifest { path: PathBuf },

    #[error("{} already has [{table}.metadata.schema] with {}", path.display(), conflict_what(key, existing.as_deref()))]
    #[diagnostic(
        code(schema::config::init_conflict),
        help("{}", init_conflict_help(key, requested))
    )]
    InitConflict {
        path: PathBuf,
        table: &'static str,
        key: &'static str,
        existing: Option<String>,
        requested: String,
    },

    #[error("{} exists and is not a directory", path.display())]
    #[diagnostic(
        code(schema::config::not_a_directory),
        help("choose another migrations directory (`migrations` in [package.metadata.schema])")
    )]
    NotADirectory { path: PathBuf },

    #[error("cannot {action} {}", path.display())]
    #[diagnostic(code(schema::config::io))]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },
}

fn list_help(what: &str, items: &[String]) -> String {
    if items.is_empty() {
        format!("there are no {what}")
    } else {
        format!("{what}: {}", items.join(", "))
    }
}

fn environments_help(configured: &[String], table: &str) -> String {
    if configured.is_empty() {
        format!(
            "no environments are configured; add one as [{table}.environments.NAME] with database-url-env = \"NAME_DATABASE_URL\""
        )
    } else {
        format!("configured environments: {}", configured.join(", "))
    }
}

fn conflict_what(key: &str, existing: Option<&str>) -> String {
    match (key, existing) {
        ("schema", Some(value)) => format!("`schema = {value}`, which is not a table"),
        (_, Some(value)) => format!("{key} = {value:?}"),
        (_, None) => format!("no {key}"),
    }
}

fn init_conflict_help(key: &str, requested: &str) -> String {
    format!(
        "init would set {key} = {requested:?}; edit Cargo.toml by hand, or run init without that option to keep what is configured"
    )
}

/// What is wrong with a key of a `metadata.schema` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyProblem {
    /// Not a key we know.
    Unknown {
        valid: &'static [&'static str],
        suggestion: Option<&'static str>,
    },
    /// The right key with a value of the wrong type.
    WrongType {
        expected: &'static str,
        found: &'static str,
    },
    /// A value of the right type that is not valid (a template with an
    /// unknown token, a bad table name, …).
    Invalid { reason: String, help: String },
}

/// An error about one key of a `metadata.schema` table, pointing at the key
/// in Cargo.toml when it can be found there.
#[derive(Debug)]
pub struct KeyError {
    pub manifest: PathBuf,
    /// Dotted, without brackets: `package.metadata.schema.environments.prod`.
    pub table: String,
    pub key: String,
    pub problem: KeyProblem,
    source_code: Option<NamedSource<String>>,
    span: Option<SourceSpan>,
}

impl KeyError {
    fn new(manifest: &Path, table: &str, key: &str, problem: KeyProblem) -> KeyError {
        let text = std::fs::read_to_string(manifest).ok();
        let span = text
            .as_deref()
            .and_then(|text| locate_key(text, table, key));
        KeyError {
            manifest: manifest.to_path_buf(),
            table: table.to_string(),
            key: key.to_string(),
            problem,
            source_code: span.and(text).map(|text| {
                NamedSource::new(manifest.display().to_string(), text).with_language("TOML")
            }),
            span,
        }
    }
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let KeyError {
            manifest,
            table,
            key,
            ..
        } = self;
        let at = format!("[{table}] of {}", manifest.display());
        match &self.problem {
            KeyProblem::Unknown { .. } => write!(f, "unknown key `{key}` in {at}"),
            KeyProblem::WrongType { expected, found } => {
                write!(f, "`{key}` in {at} must be {expected}, found {found}")
            }
            KeyProblem::Invalid { reason, .. } => write!(f, "invalid `{key}` in {at}: {reason}"),
        }
    }
}

impl std::error::Error for KeyError {}

impl Diagnostic for KeyError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(match self.problem {
            KeyProblem::Unknown { .. } => "schema::config::unknown_key",
            KeyProblem::WrongType { .. } => "schema::config::wrong_type",
            KeyProblem::Invalid { .. } => "schema::config::invalid_value",
        }))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let help = match &self.problem {
            KeyProblem::Unknown { valid, suggestion } => {
                let list = format!("valid keys: {}", valid.join(", "));
                match suggestion {
                    Some(s) => format!("did you mean `{s}`? {list}"),
                    None => list,
                }
            }
            KeyProblem::WrongType { .. } => match example(&self.key) {
                Some(example) => format!("for example: {example}"),
                None => return None,
            },
            KeyProblem::Invalid { help, .. } => help.clone(),
        };
        Some(Box::new(help))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source_code
            .as_ref()
            .map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.span?;
        let label = match &self.problem {
            KeyProblem::Unknown { .. } => "unknown key".to_string(),
            KeyProblem::WrongType { expected, .. } => format!("expected {expected}"),
            KeyProblem::Invalid { reason, .. } => reason.clone(),
        };
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(Some(label), span),
        )))
    }
}

/// How a key is written, for wrong-type errors.
fn example(key: &str) -> Option<&'static str> {
    Some(match key {
        "migrations" => "migrations = \"migrations\"",
        "dialect" => "dialect = \"postgres\"",
        "database-url-env" => "database-url-env = \"DATABASE_URL\"",
        "version-table" => "version-table = \"schema_version\"",
        "file-template" => "file-template = \"{rev}_{slug}\"",
        "models" => "models = [\"src\"]",
        "manage-unmodelled-tables" => "manage-unmodelled-tables = false",
        "protected" => "protected = true",
        "environments" => "[package.metadata.schema.environments.prod]",
        "schema" => "[package.metadata.schema]",
        _ => return None,
    })
}

/// Finds `key` of table `table` (dotted) in a Cargo.toml's text: under the
/// header `[table]`, or as a dotted key under a shorter header
/// (`environments.prod.protected = …` under `[package.metadata.schema]`),
/// or inside an inline table there. Best effort: `None` if not found.
fn locate_key(text: &str, table: &str, key: &str) -> Option<SourceSpan> {
    let segments: Vec<&str> = table.split('.').collect();
    for split in (1..=segments.len()).rev() {
        let header = segments[..split].join(".");
        let Some(section) = find_section(text, &header) else {
            continue;
        };
        let mut dotted: Vec<&str> = segments[split..].to_vec();
        dotted.push(key);
        let dotted = dotted.join(".");
        let body = &text[section.clone()];
        let found = find_key_token(body, &dotted)
            .map(|at| at + dotted.len() - key.len())
            .or_else(|| find_key_token(body, key));
        if let Some(at) = found {
            return Some(SourceSpan::from((section.start + at, key.len())));
        }
    }
    None
}

/// The byte range of the body of `[header]` (after its line, up to the next
/// header).
fn find_section(text: &str, header: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    let mut start = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            if let Some(start) = start {
                return Some(start..offset);
            }
            let name: String = trimmed
                .trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or_default()
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '"')
                .collect();
            if name == header && !trimmed.starts_with("[[") {
                start = Some(offset + line.len());
            }
        }
        offset += line.len();
    }
    start.map(|start| start..text.len())
}

/// The offset of `key` written as a key in `body`: at a line start or after
/// `{`/`,`, followed by `=` or `.`.
fn find_key_token(body: &str, key: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = body[from..].find(key).map(|i| from + i) {
        let end = i + key.len();
        // A quoted key: `"models" = …`.
        let quoted = body[..i].ends_with('"') && body[end..].starts_with('"');
        let (before, after) = if quoted {
            (&body[..i - 1], &body[end + 1..])
        } else {
            (&body[..i], &body[end..])
        };
        let before = before.trim_end_matches([' ', '\t']);
        let after = after.trim_start_matches([' ', '\t']);
        let starts = before.is_empty() || before.ends_with(['\n', '{', ',']);
        if starts && after.starts_with(['=', '.']) {
            return Some(i);
        }
        from = i + key.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `crate::Error` wraps this enum; keep it small so that no function
    /// returning a `Result` of it trips clippy's `result_large_err`.
    #[test]
    fn config_error_is_small() {
        assert!(std::mem::size_of::<ConfigError>() <= 112);
    }

    #[test]
    fn templates() {
        assert!(check_file_template("{rev}_{slug}").is_ok());
        assert!(check_file_template("{hour}{minute}{second}-{rev}").is_ok());
        let reason = |t| check_file_template(t).unwrap_err().0;
        assert_eq!(reason("{Rev}"), "unknown token `{Rev}`");
        assert_eq!(reason("{ rev }"), "unknown token `{ rev }`");
        assert_eq!(reason("rev"), "the template must contain `{rev}`");
        assert_eq!(reason("{rev}}"), "unmatched `}`");
        assert_eq!(reason("{rev"), "unclosed `{`");
        assert_eq!(reason("{{rev}"), "unclosed `{`");
        assert_eq!(
            reason("a\\{rev}"),
            "a file name template cannot contain a path separator"
        );
    }

    #[test]
    fn variable_names() {
        assert!(check_var_name("DATABASE_URL").is_ok());
        assert!(check_var_name("_x1").is_ok());
        assert!(check_var_name("").is_err());
        assert!(check_var_name("1X").is_err());
        assert!(check_var_name("A-B").is_err());
        let (reason, help) = check_var_name("sqlite://app:pw@x").unwrap_err();
        assert!(!reason.contains("pw") && !help.contains("pw"));
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("migration", KEYS), Some("migrations"));
        assert_eq!(suggest("version_table", KEYS), Some("version-table"));
        assert_eq!(suggest("Dialect", KEYS), Some("dialect"));
        assert_eq!(suggest("environment", KEYS), Some("environments"));
        assert_eq!(suggest("url", KEYS), None);
        assert_eq!(suggest("protect", ENVIRONMENT_KEYS), Some("protected"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    fn located<'a>(text: &'a str, table: &str, key: &str) -> Option<&'a str> {
        let span = locate_key(text, table, key)?;
        Some(&text[span.offset()..span.offset() + span.len()])
    }

    #[test]
    fn locating_keys() {
        let text = "[package]\nname = \"x\"\nmigrations = 1\n\n\
            [package.metadata.schema]\n  migrations = 2 # here\n\"models\" = 3\n\
            environments.prod.protected = 4\n\n\
            [package.metadata.schema.environments.dev]\nprotected = 5\n\
            [workspace.metadata]\nschema = { migrations = 6, environments = { a = { protected = 7 } } }\n";
        let offset = |needle: &str| text.find(needle).unwrap();
        let at = |table: &str, key: &str| locate_key(text, table, key).map(|s| s.offset());
        assert_eq!(
            at("package.metadata.schema", "migrations"),
            Some(offset("migrations = 2"))
        );
        assert_eq!(
            at("package.metadata.schema", "models"),
            Some(offset("models\" = 3"))
        );
        assert_eq!(
            at("package.metadata.schema.environments.prod", "protected"),
            Some(offset("protected = 4"))
        );
        assert_eq!(
            at("package.metadata.schema.environments.dev", "protected"),
            Some(offset("protected = 5"))
        );
        assert_eq!(
            at("workspace.metadata.schema", "migrations"),
            Some(offset("migrations = 6"))
        );
        assert_eq!(
            at("workspace.metadata.schema.environments.a", "protected"),
            Some(offset("protected = 7"))
        );
        assert_eq!(located(text, "package.metadata.schema", "dialect"), None);
        assert_eq!(
            located(text, "package.metadata.schema", "migrations"),
            Some("migrations")
        );
    }

    #[test]
    fn lexical_paths() {
        assert_eq!(lexical(Path::new("/a/./b/../c")), Path::new("/a/c"));
        assert_eq!(lexical(Path::new("/a/b/../../..")), Path::new("/"));
        assert_eq!(lexical(Path::new("../x")), Path::new("../x"));
        assert!(same_dir("migrations", "./migrations/"));
        assert!(!same_dir("migrations", "db"));
    }
}
