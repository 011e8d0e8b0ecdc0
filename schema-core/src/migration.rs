//! One revision file: header, `-- migrate:up` / `-- migrate:down` sections,
//! checksum, and the file name template.
//!
//! ```sql
//! -- revision: 3f2a9c1b7d4e
//! -- revises: 9b1c0d2e4f5a
//! -- message: add last_login to user
//! -- created: 2026-11-21T10:30:00Z
//!
//! -- migrate:up
//! ALTER TABLE "user" ADD COLUMN last_login timestamptz;
//!
//! -- migrate:down
//! ALTER TABLE "user" DROP COLUMN last_login;
//! ```
//!
//! Parsing never panics: every malformed file is a [`MigrationError`] that
//! carries the file's text and a span, so the CLI can show the excerpt.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Serialize;
use sha2::{Digest, Sha256};
use thiserror::Error;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A revision id: 12 random hex digits for revisions we create, any word of
/// letters, digits, `_` and `.` for revisions users name themselves (no `-`
/// or `+`: `REV-1` and `REV+2` are targets).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RevId(Arc<str>);

impl Serialize for RevId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl RevId {
    /// A fresh random id of 12 hex digits.
    pub fn random() -> RevId {
        let mut bytes = [0u8; 6];
        // The OS random source failing is not something a user can fix or we
        // can recover from; fall back to the clock so `revision` still works.
        if getrandom::fill(&mut bytes).is_err() {
            let nanos = OffsetDateTime::now_utc().unix_timestamp_nanos();
            bytes.copy_from_slice(&nanos.to_le_bytes()[..6]);
        }
        RevId(hex(&bytes).into())
    }

    /// Checks that `s` can be a revision id: not empty, only
    /// `[A-Za-z0-9_.]`, not one of the target keywords.
    pub fn parse(s: &str) -> Result<RevId, String> {
        if s.is_empty() {
            return Err("a revision id cannot be empty".into());
        }
        if let Some(c) = s
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.')))
        {
            return Err(format!(
                "`{s}` is not a valid revision id: `{c}` is not allowed (use letters, digits, `_` and `.`)"
            ));
        }
        if RESERVED.contains(&s) {
            return Err(format!(
                "`{s}` is reserved for targets and cannot be a revision id"
            ));
        }
        Ok(RevId(s.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first `n` characters, for compact displays.
    pub fn short(&self, n: usize) -> &str {
        let end = self
            .0
            .char_indices()
            .nth(n)
            .map_or(self.0.len(), |(i, _)| i);
        &self.0[..end]
    }
}

impl fmt::Display for RevId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for RevId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for RevId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// Lowercase hex digits of `bytes`.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Words that mean something as a target and so can't name a revision or
/// label.
pub const RESERVED: &[&str] = &["head", "heads", "base", "current"];

/// The header keys of a revision file, in the order they are written.
pub const HEADER_KEYS: &[&str] = &[
    "revision",
    "revises",
    "message",
    "created",
    "branch-labels",
    "depends-on",
    "transactional",
    "irreversible",
    "lock-timeout",
    "statement-timeout",
    "imported-from",
];

const UP_MARKER: &str = "-- migrate:up";
const DOWN_MARKER: &str = "-- migrate:down";

/// The checksum of a revision: SHA-256 over its normalised up and down SQL.
///
/// Comments and runs of white space outside string literals don't count, so
/// re-indenting a file, converting it to CRLF or adding a comment does not
/// make an applied revision look edited (sqlx users crash-loop production on
/// exactly that).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Checksum(String);

impl Checksum {
    pub fn of(up: &str, down: Option<&str>) -> Checksum {
        let mut hasher = Sha256::new();
        hasher.update(normalize_sql(up).as_bytes());
        hasher.update([0u8]);
        if let Some(down) = down {
            hasher.update(normalize_sql(down).as_bytes());
        }
        Checksum(hex(&hasher.finalize()))
    }

    pub fn from_hex(hex: impl Into<String>) -> Checksum {
        Checksum(hex.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Checksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// SQL with comments removed and white space outside literals folded: one
/// space between two words, none next to punctuation (so `t (id` and
/// `t(id`, or a statement spread over lines, are the same). String
/// literals, quoted identifiers and dollar-quoted bodies are kept byte for
/// byte.
pub fn normalize_sql(sql: &str) -> String {
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    let mut pending_space = false;
    let wordish = |c: char| c.is_alphanumeric() || matches!(c, '_' | '$' | '"' | '\'' | '`');
    let push = |out: &mut String, s: &str, pending: &mut bool| {
        if *pending
            && out.chars().next_back().is_some_and(wordish)
            && s.chars().next().is_some_and(wordish)
        {
            out.push(' ');
        }
        *pending = false;
        out.push_str(s);
    };
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                pending_space = true;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                // Block comments nest in PostgreSQL.
                let mut depth = 0usize;
                while i < bytes.len() {
                    if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                pending_space = true;
            }
            b'\'' | b'"' | b'`' => {
                let start = i;
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == c {
                        // A doubled quote is an escaped quote.
                        if bytes.get(i + 1) == Some(&c) {
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    // E'..' strings may escape a quote with a backslash.
                    if bytes[i] == b'\\' && c == b'\'' {
                        i += 2;
                        continue;
                    }
                    i += 1;
                }
                let end = i.min(bytes.len());
                push(&mut out, &sql[start..end], &mut pending_space);
            }
            b'$' => {
                if let Some(tag_len) = dollar_tag_len(&bytes[i..]) {
                    let tag = &sql[i..i + tag_len];
                    let body_start = i + tag_len;
                    let end = sql[body_start..]
                        .find(tag)
                        .map_or(sql.len(), |p| body_start + p + tag_len);
                    push(&mut out, &sql[i..end], &mut pending_space);
                    i = end;
                } else {
                    push(&mut out, "$", &mut pending_space);
                    i += 1;
                }
            }
            c if c.is_ascii_whitespace() => {
                pending_space = true;
                i += 1;
            }
            _ => {
                let start = i;
                // Copy a run of ordinary bytes in one go (keeps UTF-8 intact).
                while i < bytes.len() {
                    let b = bytes[i];
                    if b.is_ascii_whitespace() || matches!(b, b'\'' | b'"' | b'`' | b'$') {
                        break;
                    }
                    // Punctuation stands alone, so spaces around it can go.
                    if b.is_ascii_punctuation() && b != b'_' {
                        if i == start {
                            i += 1;
                        }
                        break;
                    }
                    if (b == b'-' && bytes.get(i + 1) == Some(&b'-'))
                        || (b == b'/' && bytes.get(i + 1) == Some(&b'*'))
                    {
                        break;
                    }
                    i += 1;
                }
                if i == start {
                    i += 1;
                }
                push(&mut out, &sql[start..i], &mut pending_space);
            }
        }
    }
    out
}

/// Length of a dollar-quote tag (`$$` or `$tag$`) at the start of `bytes`.
fn dollar_tag_len(bytes: &[u8]) -> Option<usize> {
    debug_assert_eq!(bytes.first(), Some(&b'$'));
    let mut j = 1;
    while j < bytes.len() {
        let b = bytes[j];
        if b == b'$' {
            return Some(j + 1);
        }
        let ok = b == b'_' || b.is_ascii_alphabetic() || (j > 1 && b.is_ascii_digit());
        if !ok {
            return None;
        }
        j += 1;
    }
    None
}

/// The header of a revision, as written at the top of its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header {
    pub revision: RevId,
    /// Empty for a base revision (`-- revises: base`).
    pub revises: Vec<RevId>,
    pub message: String,
    pub created: Option<String>,
    pub branch_labels: Vec<String>,
    pub depends_on: Vec<RevId>,
    pub transactional: bool,
    pub irreversible: bool,
    /// `lock_timeout` for this revision (PostgreSQL), overriding the run's.
    pub lock_timeout: Option<String>,
    /// `statement_timeout` for this revision (PostgreSQL).
    pub statement_timeout: Option<String>,
    /// The migration of another tool this revision was imported from
    /// (`-- imported-from: diesel 20230101000000`), so a database that tool
    /// migrated can be stamped (`cargo schema stamp --from diesel`).
    pub imported_from: Option<ImportedFrom>,
}

/// The tools whose migrations `cargo schema import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImportTool {
    Diesel,
    Sqlx,
}

impl ImportTool {
    pub const ALL: [ImportTool; 2] = [ImportTool::Diesel, ImportTool::Sqlx];

    pub fn as_str(self) -> &'static str {
        match self {
            ImportTool::Diesel => "diesel",
            ImportTool::Sqlx => "sqlx",
        }
    }

    pub fn parse(s: &str) -> Option<ImportTool> {
        ImportTool::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl fmt::Display for ImportTool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `-- imported-from: <tool> <version>`: the tool and the version key it
/// records in its own table (`__diesel_schema_migrations.version`,
/// `_sqlx_migrations.version`), written as that table holds it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct ImportedFrom {
    pub tool: ImportTool,
    pub version: String,
}

impl ImportedFrom {
    /// Parses the header value `diesel 20230101000000`.
    pub fn parse(value: &str) -> Result<ImportedFrom, String> {
        let mut words = value.split_whitespace();
        let (Some(tool), Some(version), None) = (words.next(), words.next(), words.next()) else {
            return Err(format!(
                "expected `<tool> <version>` such as `diesel 20230101000000`, found `{value}`"
            ));
        };
        let Some(tool) = ImportTool::parse(tool) else {
            return Err(format!(
                "unknown tool `{tool}`: migrations are imported from `diesel` or `sqlx`"
            ));
        };
        Ok(ImportedFrom {
            tool,
            version: version.to_string(),
        })
    }
}

impl fmt::Display for ImportedFrom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.tool, self.version)
    }
}

impl Header {
    /// A header for a new revision with the given parents, created now.
    pub fn new(revision: RevId, revises: Vec<RevId>, message: impl Into<String>) -> Header {
        let now = OffsetDateTime::now_utc()
            .replace_nanosecond(0)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH);
        Header {
            revision,
            revises,
            message: message.into(),
            created: now.format(&Rfc3339).ok(),
            branch_labels: Vec::new(),
            depends_on: Vec::new(),
            transactional: true,
            irreversible: false,
            lock_timeout: None,
            statement_timeout: None,
            imported_from: None,
        }
    }
}

/// Where each header key of a parsed file stands, for diagnostics.
#[derive(Debug, Clone, Default)]
pub struct HeaderSpans {
    pub revision: Option<Range<usize>>,
    pub revises: Option<Range<usize>>,
    pub branch_labels: Option<Range<usize>>,
    pub depends_on: Option<Range<usize>>,
}

/// One revision file, parsed.
#[derive(Debug, Clone)]
pub struct Migration {
    pub header: Header,
    /// Where the file was read from (or a display name for embedded ones).
    pub path: PathBuf,
    source: Arc<str>,
    up: Range<usize>,
    down: Option<Range<usize>>,
    /// 1-based line of the `-- migrate:up` marker.
    pub up_line: usize,
    /// 1-based line of the `-- migrate:down` marker.
    pub down_line: Option<usize>,
    pub spans: HeaderSpans,
    /// Computed on first use: listing a graph doesn't need it.
    checksum: std::sync::OnceLock<Checksum>,
}

impl Migration {
    pub fn id(&self) -> &RevId {
        &self.header.revision
    }

    pub fn parents(&self) -> &[RevId] {
        &self.header.revises
    }

    /// The checksum of the up and down SQL (see [`Checksum`]).
    pub fn checksum(&self) -> &Checksum {
        self.checksum
            .get_or_init(|| Checksum::of(self.up_sql(), self.down_sql()))
    }

    pub fn source(&self) -> &Arc<str> {
        &self.source
    }

    /// The SQL of the up section (between the markers).
    pub fn up_sql(&self) -> &str {
        &self.source[self.up.clone()]
    }

    /// The SQL of the down section; `None` when the file has no down marker.
    pub fn down_sql(&self) -> Option<&str> {
        self.down.clone().map(|r| &self.source[r])
    }

    /// The byte offset of the up section within the file (for mapping a
    /// statement back to its line).
    pub fn up_offset(&self) -> usize {
        self.up.start
    }

    pub fn down_offset(&self) -> Option<usize> {
        self.down.as_ref().map(|r| r.start)
    }

    /// 1-based line number of a byte offset in the file.
    pub fn line_of(&self, offset: usize) -> usize {
        line_of(&self.source, offset)
    }

    /// The file as miette source, for diagnostics.
    pub fn named_source(&self) -> NamedSource<Arc<str>> {
        NamedSource::new(self.path.display().to_string(), self.source.clone())
    }

    /// Parses a revision file's text. `path` is used in diagnostics.
    pub fn parse(path: impl Into<PathBuf>, text: &str) -> Result<Migration, MigrationError> {
        parse(path.into(), Arc::from(text))
    }

    /// Reads and parses a revision file.
    pub fn read(path: &Path) -> Result<Migration, MigrationError> {
        let bytes = std::fs::read(path).map_err(|source| MigrationError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Migration::from_bytes(path.to_path_buf(), bytes)
    }

    /// Parses a revision file's bytes (read by the caller).
    pub fn from_bytes(path: PathBuf, bytes: Vec<u8>) -> Result<Migration, MigrationError> {
        let text = decode(&path, bytes)?;
        parse(path, text)
    }

    /// Renders a file in the canonical format from a header and SQL bodies.
    /// `down` is `None` for an irreversible revision.
    pub fn render(header: &Header, up: &str, down: Option<&str>) -> String {
        let mut s = render_header(header);
        s.push('\n');
        s.push_str(UP_MARKER);
        s.push('\n');
        push_body(&mut s, up);
        if let Some(down) = down {
            s.push('\n');
            s.push_str(DOWN_MARKER);
            s.push('\n');
            push_body(&mut s, down);
        }
        s
    }

    /// Renders a file whose sections hold `up` and `down` byte for byte
    /// (what `cargo schema import` writes: another tool's SQL, unchanged).
    /// [`Migration::up_sql`] of the parsed file is `up` exactly, except that
    /// a newline is added when `up` lacks a final one and a down section
    /// follows (the marker needs a line of its own); [`Migration::down_sql`]
    /// is `down` exactly. Fails with the 1-based line of the section that
    /// would read as a section marker (`-- migrate:…`).
    pub fn render_verbatim(
        header: &Header,
        up: &str,
        down: Option<&str>,
    ) -> Result<String, VerbatimError> {
        for (section, text) in [("up", Some(up)), ("down", down)] {
            let Some(text) = text else { continue };
            if let Some(line) = lines(text).find(|l| marker(l.text).is_some()) {
                return Err(VerbatimError {
                    section,
                    line: line.number,
                });
            }
        }
        let mut s = render_header(header);
        s.push('\n');
        s.push_str(UP_MARKER);
        s.push('\n');
        s.push_str(up);
        if let Some(down) = down {
            if !up.is_empty() && !up.ends_with('\n') {
                s.push('\n');
            }
            s.push_str(DOWN_MARKER);
            s.push('\n');
            s.push_str(down);
        }
        Ok(s)
    }
}

/// SQL that [`Migration::render_verbatim`] cannot hold as is: a line of it
/// reads as a section marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbatimError {
    /// `up` or `down`.
    pub section: &'static str,
    /// 1-based line within that section's SQL.
    pub line: usize,
}

/// The header lines of a revision file, in [`HEADER_KEYS`] order.
fn render_header(header: &Header) -> String {
    let mut s = String::new();
    let list = |ids: &[RevId]| ids.iter().map(RevId::as_str).collect::<Vec<_>>().join(", ");
    s.push_str(&format!("-- revision: {}\n", header.revision));
    if header.revises.is_empty() {
        s.push_str("-- revises: base\n");
    } else {
        s.push_str(&format!("-- revises: {}\n", list(&header.revises)));
    }
    s.push_str(&format!("-- message: {}\n", one_line(&header.message)));
    if let Some(created) = &header.created {
        s.push_str(&format!("-- created: {created}\n"));
    }
    if !header.branch_labels.is_empty() {
        s.push_str(&format!(
            "-- branch-labels: {}\n",
            header.branch_labels.join(", ")
        ));
    }
    if !header.depends_on.is_empty() {
        s.push_str(&format!("-- depends-on: {}\n", list(&header.depends_on)));
    }
    if !header.transactional {
        s.push_str("-- transactional: false\n");
    }
    if header.irreversible {
        s.push_str("-- irreversible: true\n");
    }
    if let Some(t) = &header.lock_timeout {
        s.push_str(&format!("-- lock-timeout: {t}\n"));
    }
    if let Some(t) = &header.statement_timeout {
        s.push_str(&format!("-- statement-timeout: {t}\n"));
    }
    if let Some(from) = &header.imported_from {
        s.push_str(&format!("-- imported-from: {from}\n"));
    }
    s
}

fn push_body(s: &mut String, body: &str) {
    let body = body.trim_matches('\n');
    if !body.is_empty() {
        s.push_str(body);
        s.push('\n');
    }
}

/// Messages are one header line: newlines become spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn decode(path: &Path, bytes: Vec<u8>) -> Result<Arc<str>, MigrationError> {
    if bytes.contains(&0) {
        return Err(MigrationError::Binary {
            path: path.to_path_buf(),
        });
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(Arc::from(s.strip_prefix('\u{feff}').unwrap_or(&s))),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes());
            Err(MigrationError::NotUtf8 {
                path: path.to_path_buf(),
                line: line_of(&text, offset),
            })
        }
    }
}

/// A line of the file with its byte range (without the line ending).
struct Line<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    number: usize,
}

fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut start = 0;
    let mut number = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        number += 1;
        let rest = &text[start..];
        let (len, next) = match rest.find('\n') {
            Some(p) => (p, start + p + 1),
            None => (rest.len(), text.len()),
        };
        let mut line = &text[start..start + len];
        if let Some(stripped) = line.strip_suffix('\r') {
            line = stripped;
        }
        let item = Line {
            text: line,
            start,
            end: start + line.len(),
            number,
        };
        start = next;
        Some(item)
    })
}

enum Marker {
    Up,
    Down,
    Unknown(String),
}

fn marker(line: &str) -> Option<Marker> {
    let rest = line.trim_end().strip_prefix("--")?.trim_start();
    let kind = rest.strip_prefix("migrate:")?.trim();
    Some(match kind {
        "up" => Marker::Up,
        "down" => Marker::Down,
        other => Marker::Unknown(other.to_string()),
    })
}

/// `-- key: value` where key is a lowercase word with dashes.
fn header_key(line: &str) -> Option<(&str, &str, usize)> {
    let rest = line.strip_prefix("--")?;
    let trimmed = rest.trim_start();
    let lead = 2 + rest.len() - trimmed.len();
    let colon = trimmed.find(':')?;
    let key = &trimmed[..colon];
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_')
    {
        return None;
    }
    let value = trimmed[colon + 1..].trim();
    Some((key, value, lead))
}

fn parse(path: PathBuf, text: Arc<str>) -> Result<Migration, MigrationError> {
    let err_src = || NamedSource::new(path.display().to_string(), text.clone());
    if text.trim().is_empty() {
        return Err(MigrationError::Empty { path: path.clone() });
    }

    let mut revision = None;
    let mut revises: Option<Vec<RevId>> = None;
    let mut message = None;
    let mut created = None;
    let mut branch_labels = Vec::new();
    let mut depends_on = Vec::new();
    let mut transactional = true;
    let mut irreversible = false;
    let mut lock_timeout = None;
    let mut statement_timeout = None;
    let mut imported_from = None;
    let mut spans = HeaderSpans::default();
    let mut seen: Vec<(&'static str, Range<usize>)> = Vec::new();

    let mut up_marker: Option<(usize, usize)> = None; // (line, end offset)
    let mut down_marker: Option<(usize, usize, usize)> = None; // (line, start, end)

    for line in lines(&text) {
        match marker(line.text) {
            Some(Marker::Up) => {
                if let Some((first, _)) = up_marker {
                    return Err(MigrationError::RepeatedMarker {
                        marker: UP_MARKER,
                        first,
                        src: err_src(),
                        span: (line.start..line.end).into(),
                    });
                }
                if down_marker.is_some() {
                    return Err(MigrationError::MarkerOrder {
                        src: err_src(),
                        span: (line.start..line.end).into(),
                    });
                }
                up_marker = Some((line.number, line.end));
                continue;
            }
            Some(Marker::Down) => {
                if let Some((first, _, _)) = down_marker {
                    return Err(MigrationError::RepeatedMarker {
                        marker: DOWN_MARKER,
                        first,
                        src: err_src(),
                        span: (line.start..line.end).into(),
                    });
                }
                if up_marker.is_none() {
                    // Either the up marker comes later (out of order) or
                    // there is none: tell which once the file is read.
                    if !text[line.end..]
                        .lines()
                        .any(|l| matches!(marker(l.trim_end_matches('\r')), Some(Marker::Up)))
                    {
                        return Err(MigrationError::MissingMarker {
                            marker: UP_MARKER,
                            help: "put the upgrade SQL after a line `-- migrate:up`, before `-- migrate:down`",
                            src: err_src(),
                            span: (line.start..line.end).into(),
                        });
                    }
                    return Err(MigrationError::MarkerOrder {
                        src: err_src(),
                        span: (line.start..line.end).into(),
                    });
                }
                down_marker = Some((line.number, line.start, line.end));
                continue;
            }
            Some(Marker::Unknown(kind)) => {
                return Err(MigrationError::UnknownMarker {
                    kind,
                    src: err_src(),
                    span: (line.start..line.end).into(),
                });
            }
            None => {}
        }
        if up_marker.is_some() {
            continue; // SQL; the sections are cut out below.
        }
        // Still in the header.
        let trimmed = line.text.trim();
        if trimmed.is_empty() {
            continue;
        }
        let Some((key, value, lead)) = header_key(line.text) else {
            if let Some(comment) = trimmed.strip_prefix("--") {
                // `-- revision abc`: a header key missing its colon.
                let word = comment.split_whitespace().next().unwrap_or("");
                if HEADER_KEYS.contains(&word) {
                    return Err(MigrationError::UnknownKey {
                        key: word.to_string(),
                        help: format!(
                            "a header line is `-- {word}: value`, with a colon after the key"
                        ),
                        src: err_src(),
                        span: (line.start..line.end).into(),
                    });
                }
                continue; // a free comment
            }
            return Err(MigrationError::SqlBeforeUp {
                src: err_src(),
                span: (line.start..line.end).into(),
            });
        };
        let key_span = line.start + lead..line.end;
        let Some(&known) = HEADER_KEYS.iter().find(|k| **k == key) else {
            return Err(MigrationError::UnknownKey {
                key: key.to_string(),
                help: unknown_key_help(key),
                src: err_src(),
                span: key_span.into(),
            });
        };
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == known) {
            return Err(MigrationError::RepeatedKey {
                key: known,
                first_line: line_of(&text, first.start),
                src: err_src(),
                span: key_span.into(),
            });
        }
        seen.push((known, key_span.clone()));
        let bad = |reason: String| MigrationError::BadValue {
            key: known,
            reason,
            src: err_src(),
            span: key_span.clone().into(),
        };
        match known {
            "revision" => {
                revision = Some(RevId::parse(value).map_err(bad)?);
                spans.revision = Some(key_span.clone());
            }
            "revises" => {
                revises = Some(parse_revises(value).map_err(bad)?);
                spans.revises = Some(key_span.clone());
            }
            "message" => message = Some(value.to_string()),
            "created" => {
                OffsetDateTime::parse(value, &Rfc3339).map_err(|_| {
                    bad(format!(
                        "`{value}` is not an RFC 3339 time such as 2026-11-21T10:30:00Z"
                    ))
                })?;
                created = Some(value.to_string());
            }
            "branch-labels" => {
                branch_labels = parse_labels(value).map_err(bad)?;
                spans.branch_labels = Some(key_span.clone());
            }
            "depends-on" => {
                depends_on = parse_id_list(value).map_err(bad)?;
                spans.depends_on = Some(key_span.clone());
            }
            "transactional" => transactional = parse_bool(value).map_err(bad)?,
            "irreversible" => irreversible = parse_bool(value).map_err(bad)?,
            "lock-timeout" => {
                crate::script::check_timeout(value).map_err(bad)?;
                lock_timeout = Some(value.to_string());
            }
            "statement-timeout" => {
                crate::script::check_timeout(value).map_err(bad)?;
                statement_timeout = Some(value.to_string());
            }
            "imported-from" => imported_from = Some(ImportedFrom::parse(value).map_err(bad)?),
            _ => unreachable!("every key in HEADER_KEYS is handled"),
        }
    }

    let header_end = seen.last().map_or(0, |(_, r)| r.end);
    let Some(revision) = revision else {
        return Err(MigrationError::MissingKey {
            key: "revision",
            help: "the first line of a revision file is `-- revision: <id>` (ids are 12 hex digits; `cargo schema revision` writes one)".into(),
            src: err_src(),
            span: (0..header_end.min(text.len())).into(),
        });
    };
    let Some(revises) = revises else {
        return Err(MigrationError::MissingKey {
            key: "revises",
            help: "add `-- revises: <parent id>`, or `-- revises: base` for a first revision"
                .into(),
            src: err_src(),
            span: spans.revision.clone().unwrap_or(0..0).into(),
        });
    };
    let Some((up_line, up_end)) = up_marker else {
        return Err(MigrationError::MissingMarker {
            marker: UP_MARKER,
            help: "put the upgrade SQL after a line `-- migrate:up`",
            src: err_src(),
            span: (0..header_end.min(text.len())).into(),
        });
    };
    let body_start = (up_end + 1).min(text.len());
    let (up, down, down_line) = match down_marker {
        Some((line, start, end)) => (
            body_start..start,
            Some((end + 1).min(text.len())..text.len()),
            Some(line),
        ),
        None => (body_start..text.len(), None, None),
    };
    if irreversible {
        if let Some(d) = &down
            && !text[d.clone()].trim().is_empty()
        {
            let (line, start, end) = down_marker.expect("down section implies a marker");
            let _ = line;
            return Err(MigrationError::IrreversibleWithDown {
                src: err_src(),
                span: (start..end).into(),
            });
        }
    } else if down.is_none() {
        return Err(MigrationError::MissingMarker {
            marker: DOWN_MARKER,
            help: "add `-- migrate:down` with the SQL that reverts the up section, or mark the revision `-- irreversible: true`",
            src: err_src(),
            span: (up.end.saturating_sub(1).max(body_start)..text.len()).into(),
        });
    }
    Ok(Migration {
        header: Header {
            revision,
            revises,
            message: message.unwrap_or_default(),
            created,
            branch_labels,
            depends_on,
            transactional,
            irreversible,
            lock_timeout,
            statement_timeout,
            imported_from,
        },
        path,
        source: text,
        up,
        down,
        up_line,
        down_line,
        spans,
        checksum: std::sync::OnceLock::new(),
    })
}

fn unknown_key_help(key: &str) -> String {
    let close = HEADER_KEYS
        .iter()
        .find(|k| edit_distance(k, key) <= 2 || k.replace('-', "_") == key);
    let valid = HEADER_KEYS.join(", ");
    match close {
        Some(k) => format!("did you mean `{k}`? valid keys: {valid}"),
        None => format!(
            "valid keys: {valid}; a free comment in the header must not look like `-- key: value`"
        ),
    }
}

/// Levenshtein distance, for "did you mean" hints.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
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

fn parse_revises(value: &str) -> Result<Vec<RevId>, String> {
    if value == "base" {
        return Ok(Vec::new());
    }
    if value.is_empty() {
        return Err(
            "expected a parent revision id, a comma-separated list for a merge, or `base`".into(),
        );
    }
    let ids = parse_id_list(value)?;
    let mut seen = std::collections::HashSet::new();
    for id in &ids {
        if !seen.insert(id.as_str()) {
            return Err(format!("`{id}` is listed twice"));
        }
    }
    Ok(ids)
}

fn parse_id_list(value: &str) -> Result<Vec<RevId>, String> {
    value
        .split(',')
        .map(str::trim)
        .map(|s| {
            if s == "base" {
                Err("`base` cannot be combined with other revisions".to_string())
            } else {
                RevId::parse(s)
            }
        })
        .collect()
}

fn parse_labels(value: &str) -> Result<Vec<String>, String> {
    value
        .split(',')
        .map(str::trim)
        .map(|s| validate_label(s).map(|()| s.to_string()))
        .collect()
}

/// Checks a branch label: a word of letters, digits, `_` and `-` that is not
/// a target keyword.
pub fn validate_label(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("a branch label cannot be empty".into());
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(format!(
            "`{s}` is not a valid branch label (use letters, digits, `_` and `-`)"
        ));
    }
    if RESERVED.contains(&s) {
        return Err(format!(
            "`{s}` is reserved for targets and cannot be a label"
        ));
    }
    Ok(())
}

fn parse_bool(value: &str) -> Result<bool, String> {
    match value {
        "true" | "yes" => Ok(true),
        "false" | "no" => Ok(false),
        other => Err(format!("expected `true` or `false`, found `{other}`")),
    }
}

/// A revision file name from the template (`{rev}_{slug}` by default) and
/// `.sql`. Tokens: rev slug year month day hour minute second.
pub fn file_name(template: &str, rev: &RevId, message: &str, at: OffsetDateTime) -> String {
    let mut name = template.to_string();
    let pairs = [
        ("{rev}", rev.to_string()),
        ("{slug}", slug(message)),
        ("{year}", format!("{:04}", at.year())),
        ("{month}", format!("{:02}", u8::from(at.month()))),
        ("{day}", format!("{:02}", at.day())),
        ("{hour}", format!("{:02}", at.hour())),
        ("{minute}", format!("{:02}", at.minute())),
        ("{second}", format!("{:02}", at.second())),
    ];
    for (token, value) in pairs {
        name = name.replace(token, &value);
    }
    let name = name.trim_matches('_').to_string();
    format!("{name}.sql")
}

/// The message as a file-name fragment: lowercase words (Unicode letters
/// kept, as Alembic does) joined by `_`, at most 40 characters.
pub fn slug(message: &str) -> String {
    let mut out = String::new();
    for word in message
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        let len = word.chars().count();
        let have = out.chars().count();
        if !out.is_empty() {
            if have + 1 + len > 40 {
                break;
            }
            out.push('_');
        } else if len > 40 {
            out.extend(word.chars().take(40));
            break;
        }
        out.push_str(&word);
    }
    out
}

/// A malformed revision file. Every variant names the file; most carry the
/// text and a span so the excerpt can be shown.
#[derive(Debug, Error, Diagnostic)]
pub enum MigrationError {
    #[error("cannot read {}: {source}", path.display())]
    #[diagnostic(code(schema::file::read))]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{} is empty", path.display())]
    #[diagnostic(
        code(schema::file::empty),
        help(
            "a revision file starts with `-- revision: <id>` and `-- revises: <parent>`; `cargo schema revision -m MSG` writes one, or delete the file"
        )
    )]
    Empty { path: PathBuf },

    #[error("{} is not a text file (it contains NUL bytes)", path.display())]
    #[diagnostic(
        code(schema::file::binary),
        help("only SQL revision files belong in the migrations directory")
    )]
    Binary { path: PathBuf },

    #[error("{}:{line}: the file is not valid UTF-8", path.display())]
    #[diagnostic(code(schema::file::encoding), help("save the file as UTF-8"))]
    NotUtf8 { path: PathBuf, line: usize },

    #[error("unknown header key `{key}`")]
    #[diagnostic(code(schema::file::unknown_key), help("{help}"))]
    UnknownKey {
        key: String,
        help: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("not a header key")]
        span: SourceSpan,
    },

    #[error("header key `{key}` is given twice (first on line {first_line})")]
    #[diagnostic(code(schema::file::repeated_key), help("keep one `-- {key}:` line"))]
    RepeatedKey {
        key: &'static str,
        first_line: usize,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("repeated here")]
        span: SourceSpan,
    },

    #[error("bad value for `{key}`: {reason}")]
    #[diagnostic(code(schema::file::bad_value))]
    BadValue {
        key: &'static str,
        reason: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("here")]
        span: SourceSpan,
    },

    #[error("missing header key `{key}`")]
    #[diagnostic(code(schema::file::missing_key), help("{help}"))]
    MissingKey {
        key: &'static str,
        help: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("in this header")]
        span: SourceSpan,
    },

    #[error("missing `{marker}` marker")]
    #[diagnostic(code(schema::file::missing_marker), help("{help}"))]
    MissingMarker {
        marker: &'static str,
        help: &'static str,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("expected after this")]
        span: SourceSpan,
    },

    #[error("`{marker}` appears twice (first on line {first})")]
    #[diagnostic(
        code(schema::file::repeated_marker),
        help("a revision has one up and one down section; merge the SQL into one section")
    )]
    RepeatedMarker {
        marker: &'static str,
        first: usize,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("second marker")]
        span: SourceSpan,
    },

    #[error("`-- migrate:down` comes before `-- migrate:up`")]
    #[diagnostic(
        code(schema::file::marker_order),
        help(
            "write the header, then `-- migrate:up` and its SQL, then `-- migrate:down` and its SQL"
        )
    )]
    MarkerOrder {
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("out of order")]
        span: SourceSpan,
    },

    #[error("unknown section marker `migrate:{kind}`")]
    #[diagnostic(
        code(schema::file::unknown_marker),
        help("the section markers are `-- migrate:up` and `-- migrate:down`")
    )]
    UnknownMarker {
        kind: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("here")]
        span: SourceSpan,
    },

    #[error("SQL before `-- migrate:up`")]
    #[diagnostic(
        code(schema::file::sql_in_header),
        help(
            "the header holds only `-- key: value` lines and comments; move the SQL below `-- migrate:up`"
        )
    )]
    SqlBeforeUp {
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("this line is not a header line")]
        span: SourceSpan,
    },

    #[error("an irreversible revision has a down section")]
    #[diagnostic(
        code(schema::file::irreversible_with_down),
        help("remove `-- irreversible: true`, or remove the down SQL")
    )]
    IrreversibleWithDown {
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("down section of an irreversible revision")]
        span: SourceSpan,
    },
}

impl MigrationError {
    /// The file the error is about.
    pub fn path(&self) -> Option<String> {
        match self {
            MigrationError::Read { path, .. }
            | MigrationError::Empty { path }
            | MigrationError::Binary { path }
            | MigrationError::NotUtf8 { path, .. } => Some(path.display().to_string()),
            MigrationError::UnknownKey { src, .. }
            | MigrationError::RepeatedKey { src, .. }
            | MigrationError::BadValue { src, .. }
            | MigrationError::MissingKey { src, .. }
            | MigrationError::MissingMarker { src, .. }
            | MigrationError::RepeatedMarker { src, .. }
            | MigrationError::MarkerOrder { src, .. }
            | MigrationError::UnknownMarker { src, .. }
            | MigrationError::SqlBeforeUp { src, .. }
            | MigrationError::IrreversibleWithDown { src, .. } => Some(src.name().to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "-- revision: 3f2a9c1b7d4e\n-- revises: 9b1c0d2e4f5a\n-- message: add last_login to user\n-- created: 2026-11-21T10:30:00Z\n\n-- migrate:up\nALTER TABLE \"user\" ADD COLUMN last_login timestamptz;\n\n-- migrate:down\nALTER TABLE \"user\" DROP COLUMN last_login;\n";

    #[test]
    fn parses_the_design_example() {
        let m = Migration::parse("a.sql", GOOD).unwrap();
        assert_eq!(m.id().as_str(), "3f2a9c1b7d4e");
        assert_eq!(m.parents()[0].as_str(), "9b1c0d2e4f5a");
        assert_eq!(m.header.message, "add last_login to user");
        assert_eq!(
            m.up_sql().trim(),
            "ALTER TABLE \"user\" ADD COLUMN last_login timestamptz;"
        );
        assert_eq!(
            m.down_sql().unwrap().trim(),
            "ALTER TABLE \"user\" DROP COLUMN last_login;"
        );
        assert_eq!(m.up_line, 6);
        assert_eq!(m.down_line, Some(9));
        assert!(m.header.transactional);
    }

    #[test]
    fn render_then_parse_round_trips() {
        let mut h = Header::new(RevId::random(), vec![], "first: a merge, of things");
        h.branch_labels = vec!["billing".into()];
        h.depends_on = vec![RevId::parse("77aa00bb11cc").unwrap()];
        h.transactional = false;
        let text = Migration::render(&h, "CREATE TABLE a (id int);", Some("DROP TABLE a;"));
        let m = Migration::parse("x.sql", &text).unwrap();
        assert_eq!(m.header, h);
        assert_eq!(m.up_sql().trim(), "CREATE TABLE a (id int);");
        assert_eq!(m.down_sql(), Some("DROP TABLE a;\n"));

        let mut merge = Header::new(
            RevId::random(),
            vec![RevId::parse("a1").unwrap(), RevId::parse("b2").unwrap()],
            "merge",
        );
        merge.irreversible = true;
        let text = Migration::render(&merge, "", None);
        assert!(text.contains("-- revises: a1, b2\n"));
        let m = Migration::parse("m.sql", &text).unwrap();
        assert_eq!(m.header, merge);
        assert_eq!(m.down_sql(), None);
    }

    #[test]
    fn crlf_and_bom_are_fine() {
        let text = format!("\u{feff}{}", GOOD.replace('\n', "\r\n"));
        let m = Migration::parse("a.sql", text.trim_start_matches('\u{feff}')).unwrap();
        assert_eq!(
            *m.checksum(),
            *Migration::parse("a.sql", GOOD).unwrap().checksum()
        );
    }

    fn err(text: &str) -> MigrationError {
        Migration::parse("bad.sql", text).unwrap_err()
    }

    #[test]
    fn malformed_files_are_diagnostics() {
        assert!(matches!(err(""), MigrationError::Empty { .. }));
        assert!(matches!(err("  \n\n"), MigrationError::Empty { .. }));
        assert!(
            matches!(err(&GOOD.replace("revision:", "revison:")), MigrationError::UnknownKey { ref help, .. } if help.contains("did you mean `revision`"))
        );
        assert!(matches!(
            err(&GOOD.replace("-- revision: 3f2a9c1b7d4e\n", "")),
            MigrationError::MissingKey {
                key: "revision",
                ..
            }
        ));
        assert!(matches!(
            err(&GOOD.replace("-- revises: 9b1c0d2e4f5a\n", "")),
            MigrationError::MissingKey { key: "revises", .. }
        ));
        assert!(matches!(
            err(&GOOD.replace("-- migrate:up\n", "")),
            MigrationError::SqlBeforeUp { .. }
        ));
        assert!(matches!(
            err(&GOOD.replace("-- migrate:down\n", "")),
            MigrationError::MissingMarker { .. }
        ));
        assert!(matches!(
            err(&format!("{GOOD}-- migrate:down\n")),
            MigrationError::RepeatedMarker { first: 9, .. }
        ));
        assert!(matches!(
            err(&GOOD.replace("-- message", "SELECT 1;\n-- message")),
            MigrationError::SqlBeforeUp { .. }
        ));
        assert!(matches!(
            err(&GOOD.replace("9b1c0d2e4f5a", "9b1c 0d2e")),
            MigrationError::BadValue { key: "revises", .. }
        ));
        assert!(matches!(
            err(&GOOD.replace("2026-11-21T10:30:00Z", "yesterday")),
            MigrationError::BadValue { key: "created", .. }
        ));
        assert!(matches!(
            err(&GOOD.replace("-- message", "-- revises: base\n-- message")),
            MigrationError::RepeatedKey {
                key: "revises",
                first_line: 2,
                ..
            }
        ));
        assert!(matches!(
            err(&GOOD.replace("-- message", "-- irreversible: true\n-- message")),
            MigrationError::IrreversibleWithDown { .. }
        ));
        assert!(matches!(
            err(&GOOD.replace("-- migrate:down", "-- migrate:sideways")),
            MigrationError::UnknownMarker { .. }
        ));
        assert!(matches!(
            err(&GOOD.replace("3f2a9c1b7d4e", "head")),
            MigrationError::BadValue {
                key: "revision",
                ..
            }
        ));
    }

    #[test]
    fn free_comments_in_the_header_are_allowed() {
        let text = GOOD.replace("-- message", "-- Written by hand, reviewed.\n-- message");
        Migration::parse("a.sql", &text).unwrap();
    }

    #[test]
    fn checksum_ignores_comments_and_whitespace_but_not_literals() {
        let a = Checksum::of("CREATE TABLE a (id int); -- hi\n", Some("DROP TABLE a;"));
        let b = Checksum::of(
            "  CREATE   TABLE a\n(id int);\r\n/* note */",
            Some("DROP TABLE a;\n\n"),
        );
        assert_eq!(a, b);
        let c = Checksum::of("INSERT INTO t VALUES ('a  b');", None);
        let d = Checksum::of("INSERT INTO t VALUES ('a b');", None);
        assert_ne!(c, d);
        let e = Checksum::of("SELECT $$ -- not a comment $$;", None);
        let f = Checksum::of("SELECT $$  $$;", None);
        assert_ne!(e, f);
        assert_ne!(Checksum::of("A", None), Checksum::of("B", None));
        assert_ne!(Checksum::of("A", Some("B")), Checksum::of("A", None));
    }

    #[test]
    fn normalize_keeps_quoted_text() {
        assert_eq!(
            normalize_sql("select  'it''s -- x' ,\"a  b\"  -- c\n"),
            "select 'it''s -- x',\"a  b\""
        );
        assert_eq!(
            normalize_sql("CREATE TABLE c (\n  id INTEGER PRIMARY KEY\n);"),
            normalize_sql("CREATE TABLE c(id INTEGER PRIMARY KEY);")
        );
        assert_ne!(normalize_sql("a b"), normalize_sql("ab"));
        assert_eq!(normalize_sql("do $f$ a  b $f$;"), "do $f$ a  b $f$;");
        assert_eq!(normalize_sql("select $1"), "select $1");
    }

    #[test]
    fn file_names_follow_the_template() {
        let at = time::macros::datetime!(2026-11-21 10:30:05 UTC);
        let rev = RevId::parse("3f2a9c1b7d4e").unwrap();
        assert_eq!(
            file_name("{rev}_{slug}", &rev, "Add last_login to User!", at),
            "3f2a9c1b7d4e_add_last_login_to_user.sql"
        );
        assert_eq!(
            file_name(
                "{year}{month}{day}{hour}{minute}{second}_{rev}",
                &rev,
                "x",
                at
            ),
            "20261121103005_3f2a9c1b7d4e.sql"
        );
        assert_eq!(file_name("{rev}_{slug}", &rev, "", at), "3f2a9c1b7d4e.sql");
        assert!(slug(&"word ".repeat(30)).len() <= 40);
    }

    #[test]
    fn imported_from_round_trips_and_leaves_the_checksum_alone() {
        let with = |line: &str| GOOD.replace("-- created", &format!("{line}\n-- created"));
        let m =
            Migration::parse("a.sql", &with("-- imported-from: diesel 20230101000000")).unwrap();
        assert_eq!(
            m.header.imported_from,
            Some(ImportedFrom {
                tool: ImportTool::Diesel,
                version: "20230101000000".into()
            })
        );
        // Existing files and their recorded checksums are unaffected.
        assert_eq!(
            m.checksum(),
            Migration::parse("a.sql", GOOD).unwrap().checksum()
        );
        assert_eq!(
            Migration::parse("a.sql", GOOD)
                .unwrap()
                .header
                .imported_from,
            None
        );
        let rendered = Migration::render(&m.header, m.up_sql(), m.down_sql());
        assert!(rendered.contains("-- imported-from: diesel 20230101000000\n"));
        assert_eq!(
            Migration::parse("b.sql", &rendered).unwrap().header,
            m.header
        );
        for bad in [
            "-- imported-from: flyway 1",
            "-- imported-from: diesel",
            "-- imported-from: sqlx 1 2",
        ] {
            assert!(
                matches!(
                    err(&with(bad)),
                    MigrationError::BadValue {
                        key: "imported-from",
                        ..
                    }
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn verbatim_sections_keep_the_sql_byte_for_byte() {
        let cases: [(&str, Option<&str>); 6] = [
            ("CREATE TABLE a (id int);\n", Some("DROP TABLE a;\n")),
            (
                "\n\n  CREATE TABLE a (id int); -- no newline",
                Some("DROP TABLE a;"),
            ),
            (
                "-- no-transaction\r\nSELECT 1;\r\n\r\n",
                Some("\r\n-- a comment\r\nSELECT 2;"),
            ),
            ("", Some("")),
            ("CREATE TABLE b ();\n\n\n", None),
            ("SELECT 'it''s';", None),
        ];
        for (up, down) in cases {
            let mut h = Header::new(RevId::parse("a1").unwrap(), vec![], "x");
            h.irreversible = down.is_none();
            let text = Migration::render_verbatim(&h, up, down).unwrap();
            let m = Migration::parse("v.sql", &text).unwrap();
            let expected_up = if down.is_some() && !up.is_empty() && !up.ends_with('\n') {
                format!("{up}\n")
            } else {
                up.to_string()
            };
            assert_eq!(m.up_sql(), expected_up, "{text:?}");
            assert_eq!(m.down_sql(), down, "{text:?}");
            assert_eq!(m.header, h);
        }
        let h = Header::new(RevId::parse("a1").unwrap(), vec![], "x");
        assert_eq!(
            Migration::render_verbatim(&h, "SELECT 1;\n-- migrate:down\n", Some("")),
            Err(VerbatimError {
                section: "up",
                line: 2
            })
        );
    }

    #[test]
    fn random_ids_are_twelve_hex_digits() {
        let a = RevId::random();
        assert_eq!(a.as_str().len(), 12);
        assert!(a.as_str().chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, RevId::random());
    }
}
