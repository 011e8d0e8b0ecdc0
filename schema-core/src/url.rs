//! Database URLs, parsed and redacted.
//!
//! A [`DatabaseUrl`] keeps the text exactly as the user gave it (drivers get
//! it through [`DatabaseUrl::as_str`]) and shows only a redacted copy
//! everywhere else: its `Display`, `Debug` and `Serialize` impls all print
//! the password as `***`. Errors about a malformed URL never echo the
//! password either, so a typo in a production `DATABASE_URL` cannot leak the
//! secret into a CI log.
//!
//! Redaction works on the text, not on a parsed and re-serialised URL, so the
//! redacted form looks like what the user typed (no added slashes, no
//! normalised percent-encoding).

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use miette::Diagnostic;
use thiserror::Error;

use crate::Dialect;

/// What a redacted secret is replaced with.
const MASK: &str = "***";

/// The forms of database URL we accept, for help texts.
const ACCEPTED_FORMS: &str = "expected a url like postgres://user:password@host:5432/database, \
     postgresql://…, sqlite:path/to/file.db, sqlite://path/to/file.db, sqlite::memory:, \
     mysql://user:password@host:3306/database or mariadb://…";

/// A database URL as given by the user: `postgres://`, `postgresql://`,
/// `sqlite:path`, `sqlite://path`, `sqlite::memory:`, `mysql://`,
/// `mariadb://`.
///
/// The raw text is a secret: only [`as_str`](Self::as_str) returns it, for
/// handing to a driver. Every other way of showing the URL redacts it.
///
/// ```
/// use schema_core::url::DatabaseUrl;
///
/// let url = DatabaseUrl::parse("postgres://app:hunter2@db:5432/shop").unwrap();
/// assert_eq!(url.to_string(), "postgres://app:***@db:5432/shop");
/// assert_eq!(format!("{url:?}"), "DatabaseUrl(\"postgres://app:***@db:5432/shop\")");
/// assert_eq!(url.as_str(), "postgres://app:hunter2@db:5432/shop");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DatabaseUrl {
    raw: String,
    redacted: String,
    dialect: Dialect,
    scheme_len: usize,
}

impl DatabaseUrl {
    /// Parses a database URL. Surrounding whitespace (a trailing newline in
    /// a variable, say) is ignored.
    pub fn parse(text: &str) -> Result<DatabaseUrl, UrlError> {
        let raw = text.trim();
        if raw.is_empty() {
            return Err(UrlError::Empty);
        }
        let Some(colon) = raw.find(':') else {
            return Err(UrlError::MissingScheme);
        };
        let scheme = &raw[..colon];
        if !is_scheme(scheme) {
            return Err(UrlError::MissingScheme);
        }
        let Some(dialect) = Dialect::from_scheme(scheme) else {
            return Err(UrlError::UnsupportedScheme {
                scheme: scheme.to_string(),
            });
        };
        let rest = &raw[colon + 1..];
        match dialect {
            Dialect::Sqlite => {
                let path = sqlite_location(rest);
                if path.is_empty() {
                    return Err(UrlError::MissingSqlitePath {
                        redacted: redact_text(raw),
                    });
                }
            }
            Dialect::Postgres | Dialect::Mysql => {
                if !rest.starts_with("//") {
                    return Err(UrlError::MissingSlashes {
                        scheme: scheme.to_ascii_lowercase(),
                    });
                }
                if let Err(reason) = url::Url::parse(raw) {
                    return Err(UrlError::Malformed {
                        redacted: redact_text(raw),
                        reason,
                    });
                }
            }
        }
        Ok(DatabaseUrl {
            raw: raw.to_string(),
            redacted: redact(raw, Mode::Parsed),
            dialect,
            scheme_len: colon,
        })
    }

    /// The URL of a SQLite file, created when missing (`mode=rwc`):
    /// `sqlite://<path>?mode=rwc`.
    pub fn sqlite_file(path: &Path) -> DatabaseUrl {
        let raw = format!("sqlite://{}?mode=rwc", path.display());
        DatabaseUrl {
            redacted: redact(&raw, Mode::Parsed),
            raw,
            dialect: Dialect::Sqlite,
            scheme_len: "sqlite".len(),
        }
    }

    /// The URL exactly as given, password included. For drivers only: never
    /// print it, log it or put it in an error.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The URL with any password replaced by `***`, in the user-info part
    /// (`user:***@host`) and in query parameters (`?password=***`). The user
    /// name is kept.
    pub fn redacted(&self) -> String {
        self.redacted.clone()
    }

    /// The scheme as written (`postgres`, `postgresql`, `sqlite`, …).
    pub fn scheme(&self) -> &str {
        &self.raw[..self.scheme_len]
    }

    /// The dialect the scheme names.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Whether the URL carries a password (in the user info or a query
    /// parameter).
    pub fn has_password(&self) -> bool {
        self.raw != self.redacted
    }

    /// For a SQLite URL naming a file, that file, as written (a relative path
    /// is relative to the process's working directory, as the driver reads
    /// it). `None` for an in-memory database and for other dialects.
    ///
    /// `sqlite:data.db` and `sqlite://data.db` name `data.db`;
    /// `sqlite:///var/db/app.db` names `/var/db/app.db` (as sqlx reads them).
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        if self.dialect != Dialect::Sqlite || self.is_sqlite_memory() {
            return None;
        }
        let location = sqlite_location(&self.raw[self.scheme_len + 1..]);
        Some(PathBuf::from(location))
    }

    /// Whether this is an in-memory SQLite database (`sqlite::memory:`, or
    /// `mode=memory` in the query).
    pub fn is_sqlite_memory(&self) -> bool {
        if self.dialect != Dialect::Sqlite {
            return false;
        }
        let rest = &self.raw[self.scheme_len + 1..];
        let memory_mode = rest.split_once('?').is_some_and(|(_, query)| {
            query
                .split('&')
                .any(|pair| pair.eq_ignore_ascii_case("mode=memory"))
        });
        sqlite_location(rest) == ":memory:" || memory_mode
    }
}

impl FromStr for DatabaseUrl {
    type Err = UrlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DatabaseUrl::parse(s)
    }
}

/// Shows the redacted form.
impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted)
    }
}

/// Shows the redacted form: a `{:?}` in a log line must not leak either.
impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DatabaseUrl").field(&self.redacted).finish()
    }
}

/// Serialises the redacted form (for `--format json`).
impl serde::Serialize for DatabaseUrl {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.redacted)
    }
}

/// A database URL that could not be parsed. No message echoes a password:
/// what is shown of the input is redacted first.
#[derive(Debug, Clone, PartialEq, Eq, Error, Diagnostic)]
pub enum UrlError {
    #[error("the database url is empty")]
    #[diagnostic(code(schema::url::empty), help("{ACCEPTED_FORMS}"))]
    Empty,

    /// Nothing of the input is echoed: without a scheme we cannot tell where
    /// a password would be.
    #[error("the database url has no scheme (such as `postgres://`)")]
    #[diagnostic(code(schema::url::missing_scheme), help("{ACCEPTED_FORMS}"))]
    MissingScheme,

    #[error("unsupported database url scheme `{scheme}`")]
    #[diagnostic(
        code(schema::url::unsupported_scheme),
        help("cargo schema speaks postgres, sqlite and mysql; {ACCEPTED_FORMS}")
    )]
    UnsupportedScheme { scheme: String },

    #[error("a {scheme} url must start with `{scheme}://`")]
    #[diagnostic(code(schema::url::missing_slashes), help("{ACCEPTED_FORMS}"))]
    MissingSlashes { scheme: String },

    #[error("the sqlite url `{redacted}` names no database file")]
    #[diagnostic(
        code(schema::url::missing_sqlite_path),
        help("name a file, as in sqlite:path/to/file.db, or use sqlite::memory:")
    )]
    MissingSqlitePath { redacted: String },

    #[error("malformed database url `{redacted}`: {reason}")]
    #[diagnostic(
        code(schema::url::malformed),
        help(
            "percent-encode special characters in the user name and password \
             (`@` as %40, `:` as %3A, `/` as %2F, `#` as %23, `?` as %3F); {ACCEPTED_FORMS}"
        )
    )]
    Malformed {
        /// The input, redacted (aggressively: anything that might be a
        /// password is masked).
        redacted: String,
        reason: url::ParseError,
    },
}

/// Redacts any text that may contain a database URL, for showing it: the
/// password in `user:password@` and the values of query parameters such as
/// `password=`. It is deliberately eager on malformed input (where a
/// password with an unescaped `/` or `?` could otherwise slip through),
/// masking a little too much rather than too little.
///
/// ```
/// use schema_core::url::redact_text;
///
/// assert_eq!(redact_text("postgres://u:p/w@h/db"), "postgres://u:***@h/db");
/// assert_eq!(redact_text("postgres://h/db?password=x"), "postgres://h/db?password=***");
/// ```
pub fn redact_text(text: &str) -> String {
    redact(text, Mode::Eager)
}

/// How a URL's parts are found.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The URL parsed: the authority ends at the first `/`, `?` or `#`, as
    /// in the WHATWG parser the `url` crate follows.
    Parsed,
    /// Anything: the user info runs to the last `@`, and a `host:thing`
    /// whose `thing` is not a port is masked too.
    Eager,
}

fn redact(text: &str, mode: Mode) -> String {
    let Some(colon) = text.find(':') else {
        return redact_query(text, 0);
    };
    let scheme = &text[..colon];
    let sqlite = scheme.eq_ignore_ascii_case("sqlite");
    let Some(after_slashes) = text[colon + 1..].strip_prefix("//").filter(|_| !sqlite) else {
        // `sqlite:path`, `sqlite://path`: no user info, only a query.
        return redact_query(text, colon + 1);
    };
    let start = text.len() - after_slashes.len();
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);

    let authority_end = |from: usize| {
        text[from..]
            .find(['/', '?', '#'])
            .map_or(text.len(), |i| from + i)
    };
    let at = match mode {
        Mode::Parsed => text[start..authority_end(start)].rfind('@'),
        Mode::Eager => text[start..].rfind('@'),
    };
    let host_start = match at {
        Some(at) => {
            let userinfo = &text[start..start + at];
            match userinfo.split_once(':') {
                Some((user, password)) if !password.is_empty() => {
                    out.push_str(user);
                    out.push(':');
                    out.push_str(MASK);
                }
                _ => out.push_str(userinfo),
            }
            out.push('@');
            start + at + 1
        }
        None => start,
    };
    let host_end = authority_end(host_start);
    let host = &text[host_start..host_end];
    if mode == Mode::Eager && at.is_none() {
        // `postgres://user:secret` (no host) reads as host `user` with port
        // `secret`: mask whatever is not a port number.
        let port_colon = if host.starts_with('[') {
            host.find("]:").map(|i| i + 1)
        } else {
            host.find(':')
        };
        match port_colon {
            Some(i) if !host[i + 1..].bytes().all(|b| b.is_ascii_digit()) => {
                out.push_str(&host[..=i]);
                out.push_str(MASK);
            }
            _ => out.push_str(host),
        }
    } else {
        out.push_str(host);
    }
    out.push_str(&redact_query(&text[host_end..], 0));
    out
}

/// Masks the values of secret-looking query parameters in `text[from..]`
/// (the query starts at the first `?` there and ends at `#`).
fn redact_query(text: &str, from: usize) -> String {
    let Some(q) = text[from..].find('?').map(|i| from + i) else {
        return text.to_string();
    };
    let query_end = text[q..].find('#').map_or(text.len(), |i| q + i);
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..=q]);
    for (i, pair) in text[q + 1..query_end].split('&').enumerate() {
        if i > 0 {
            out.push('&');
        }
        match pair.split_once('=') {
            Some((key, value)) if is_secret_param(key) && !value.is_empty() => {
                out.push_str(key);
                out.push('=');
                out.push_str(MASK);
            }
            _ => out.push_str(pair),
        }
    }
    out.push_str(&text[query_end..]);
    out
}

/// Query parameters whose value is a secret: `password` (sqlx, libpq),
/// `sslpassword`, `pwd`, SQLCipher's `key`, and anything named like a token
/// or secret.
fn is_secret_param(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ["password", "passwd", "secret", "token"]
        .iter()
        .any(|word| key.contains(word))
        || matches!(key.as_str(), "pass" | "pwd" | "key" | "auth")
}

/// Whether `s` is a URL scheme: a letter, then letters, digits, `+`, `-`, `.`.
fn is_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// The database of a SQLite URL after `sqlite:`: the text up to `?`, with a
/// leading `//` removed (what sqlx does).
fn sqlite_location(after_scheme: &str) -> &str {
    let location = after_scheme.strip_prefix("//").unwrap_or(after_scheme);
    location.split_once('?').map_or(location, |(path, _)| path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redacted(s: &str) -> String {
        DatabaseUrl::parse(s).unwrap().redacted()
    }

    #[test]
    fn user_and_password_keeps_the_user() {
        assert_eq!(
            redacted("postgres://app:hunter2@db.example:5432/shop"),
            "postgres://app:***@db.example:5432/shop"
        );
        assert_eq!(
            redacted("postgresql://app:hunter2@localhost/shop?sslmode=require"),
            "postgresql://app:***@localhost/shop?sslmode=require"
        );
        assert_eq!(
            redacted("mysql://root:hunter2@127.0.0.1:3306/shop"),
            "mysql://root:***@127.0.0.1:3306/shop"
        );
        assert_eq!(
            redacted("mariadb://root:hunter2@[::1]:3306/shop"),
            "mariadb://root:***@[::1]:3306/shop"
        );
    }

    #[test]
    fn password_with_an_escaped_or_bare_at_sign() {
        assert_eq!(
            redacted("postgres://app:hun%40ter2@db/shop"),
            "postgres://app:***@db/shop"
        );
        // The WHATWG parser takes the last `@` of the authority.
        assert_eq!(
            redacted("postgres://app:hun@ter2@db/shop"),
            "postgres://app:***@db/shop"
        );
    }

    #[test]
    fn password_in_the_query() {
        assert_eq!(
            redacted("postgres://db/shop?user=app&password=hunter2&sslmode=disable"),
            "postgres://db/shop?user=app&password=***&sslmode=disable"
        );
        assert_eq!(
            redacted("postgres://app:x@db/shop?PASSWORD=hunter2#frag"),
            "postgres://app:***@db/shop?PASSWORD=***#frag"
        );
        assert_eq!(
            redacted("postgres://db/shop?sslpassword=hunter2"),
            "postgres://db/shop?sslpassword=***"
        );
        assert_eq!(
            redacted("sqlite:app.db?key=hunter2&mode=rwc"),
            "sqlite:app.db?key=***&mode=rwc"
        );
    }

    #[test]
    fn no_password_is_unchanged() {
        for url in [
            "postgres://app@db/shop",
            "postgres://db/shop",
            "postgres:///shop?host=/var/run/postgresql",
            "postgres://app:@db/shop",
            "postgres://db/shop?application_name=a@b",
            "sqlite:app.db",
            "sqlite::memory:",
        ] {
            let parsed = DatabaseUrl::parse(url).unwrap();
            assert_eq!(parsed.redacted(), url);
            assert!(!parsed.has_password(), "{url}");
        }
    }

    #[test]
    fn display_debug_and_json_are_redacted() {
        let url = DatabaseUrl::parse("postgres://app:hunter2@db/shop?password=hunter2").unwrap();
        assert!(url.has_password());
        for shown in [
            url.to_string(),
            format!("{url:?}"),
            format!("{url:#?}"),
            serde_json::to_string(&url).unwrap(),
            format!("{:?}", Some(url.clone())),
        ] {
            assert!(!shown.contains("hunter2"), "{shown}");
        }
        assert_eq!(
            url.as_str(),
            "postgres://app:hunter2@db/shop?password=hunter2"
        );
    }

    #[test]
    fn dialects() {
        for (url, dialect) in [
            ("postgres://db/x", Dialect::Postgres),
            ("postgresql://db/x", Dialect::Postgres),
            ("POSTGRES://db/x", Dialect::Postgres),
            ("sqlite:x.db", Dialect::Sqlite),
            ("mysql://db/x", Dialect::Mysql),
            ("mariadb://db/x", Dialect::Mysql),
        ] {
            assert_eq!(DatabaseUrl::parse(url).unwrap().dialect(), dialect, "{url}");
        }
    }

    #[test]
    fn sqlite_paths() {
        let path = |s: &str| DatabaseUrl::parse(s).unwrap().sqlite_path();
        assert_eq!(path("sqlite:app.db"), Some(PathBuf::from("app.db")));
        assert_eq!(path("sqlite://app.db"), Some(PathBuf::from("app.db")));
        assert_eq!(
            path("sqlite://data/app.db?mode=rwc"),
            Some(PathBuf::from("data/app.db"))
        );
        assert_eq!(
            path("sqlite:///var/db/app.db"),
            Some(PathBuf::from("/var/db/app.db"))
        );
        assert_eq!(
            path("sqlite:/var/db/app.db"),
            Some(PathBuf::from("/var/db/app.db"))
        );
        assert_eq!(path("sqlite::memory:"), None);
        assert_eq!(path("sqlite://:memory:"), None);
        assert_eq!(path("sqlite:x.db?mode=memory"), None);
        assert_eq!(path("postgres://db/x"), None);
        assert!(
            DatabaseUrl::parse("sqlite::memory:")
                .unwrap()
                .is_sqlite_memory()
        );
        assert!(
            !DatabaseUrl::parse("sqlite:a.db")
                .unwrap()
                .is_sqlite_memory()
        );
    }

    #[test]
    fn sqlite_file_url() {
        let url = DatabaseUrl::sqlite_file(Path::new("/work/target/schema/dev.sqlite"));
        assert_eq!(
            url.as_str(),
            "sqlite:///work/target/schema/dev.sqlite?mode=rwc"
        );
        assert_eq!(url.scheme(), "sqlite");
        assert_eq!(
            url.sqlite_path(),
            Some(PathBuf::from("/work/target/schema/dev.sqlite"))
        );
        assert_eq!(DatabaseUrl::parse(url.as_str()).unwrap(), url);
    }

    #[test]
    fn surrounding_whitespace_is_ignored() {
        let url = DatabaseUrl::parse("  postgres://db/x\n").unwrap();
        assert_eq!(url.as_str(), "postgres://db/x");
    }

    #[test]
    fn malformed_urls() {
        assert_eq!(DatabaseUrl::parse(""), Err(UrlError::Empty));
        assert_eq!(DatabaseUrl::parse("  "), Err(UrlError::Empty));
        assert_eq!(
            DatabaseUrl::parse("localhost"),
            Err(UrlError::MissingScheme)
        );
        assert_eq!(
            DatabaseUrl::parse("oracle://db/x"),
            Err(UrlError::UnsupportedScheme {
                scheme: "oracle".into()
            })
        );
        assert_eq!(
            DatabaseUrl::parse("postgres:db/x"),
            Err(UrlError::MissingSlashes {
                scheme: "postgres".into()
            })
        );
        assert!(matches!(
            DatabaseUrl::parse("sqlite:"),
            Err(UrlError::MissingSqlitePath { .. })
        ));
        assert!(matches!(
            DatabaseUrl::parse("sqlite://?mode=rwc"),
            Err(UrlError::MissingSqlitePath { .. })
        ));
        assert!(matches!(
            DatabaseUrl::parse("postgres://db:notaport/x"),
            Err(UrlError::Malformed { .. })
        ));
    }

    /// Every way a malformed URL is reported (message, debug, help) must
    /// leave out the password.
    #[test]
    fn malformed_urls_never_echo_the_password() {
        let inputs = [
            // An unescaped `/` ends the authority early: host `app`, port `hun`.
            "postgres://app:hun/ter2@db/shop",
            // No host at all: `hunter2` reads as a port.
            "postgres://app:hunter2",
            "postgres://app:hunter2/shop",
            // An unescaped `?` or `#` in the password.
            "postgres://app:hun?ter2@db/shop",
            "postgres://app:hun#ter2@db/shop",
            // Bad port after a good password.
            "postgres://app:hunter2@db:54x2/shop",
            "mysql://app:hunter2@[::1/shop",
            "postgres://app:hunter2@d b/shop",
            // Scheme problems.
            "postgres:app:hunter2@db/shop",
            "postgress://app:hunter2@db/shop",
            "app:hunter2@db/shop",
            "hunter2",
            "password=hunter2",
            "x?password=hunter2:y",
            "post gres://app:hunter2@db/shop",
            "sqlite://?key=hunter2",
        ];
        for input in inputs {
            let err = DatabaseUrl::parse(input).expect_err(input);
            let help = err.help().map(|h| h.to_string()).unwrap_or_default();
            for shown in [err.to_string(), format!("{err:?}"), help] {
                assert!(
                    !shown.contains("hunter2") && !shown.contains("hun") && !shown.contains("ter2"),
                    "{input} shows its password: {shown}"
                );
            }
        }
    }

    #[test]
    fn malformed_urls_show_what_they_can() {
        let err = DatabaseUrl::parse("postgres://app:hun/ter2@db/shop").unwrap_err();
        assert_eq!(
            err.to_string(),
            "malformed database url `postgres://app:***@db/shop`: invalid port number"
        );
        let err = DatabaseUrl::parse("postgres://db:54x2/shop").unwrap_err();
        assert_eq!(
            err.to_string(),
            "malformed database url `postgres://db:***/shop`: invalid port number"
        );
    }

    #[test]
    fn redact_text_masks_eagerly() {
        assert_eq!(
            redact_text("postgres://app:hunter2@db/shop"),
            "postgres://app:***@db/shop"
        );
        assert_eq!(
            redact_text("postgres://db:5432/shop"),
            "postgres://db:5432/shop"
        );
        assert_eq!(
            redact_text("postgres://[::1]:5432/shop"),
            "postgres://[::1]:5432/shop"
        );
        assert_eq!(redact_text("no url here"), "no url here");
        assert_eq!(redact_text("sqlite:a.db?key=k"), "sqlite:a.db?key=***");
    }
}
