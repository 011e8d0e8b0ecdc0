//! All terminal output goes through [`Shell`]: it knows the format (human or
//! JSON), the verbosity and whether to colour, and renders errors once.

use std::io::{IsTerminal, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, Report};

use crate::cli::{Color, Format, GlobalArgs};
use crate::project::CliError;

pub struct Shell {
    format: Format,
    verbosity: i8,
    color: bool,
    out: std::io::BufWriter<std::io::Stdout>,
}

impl Shell {
    pub fn new(global: &GlobalArgs) -> Shell {
        let color = match global.color.or_else(color_from_env) {
            Some(Color::Always) => true,
            Some(Color::Never) => false,
            Some(Color::Auto) | None => {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        let verbosity = if global.quiet {
            -1
        } else {
            global.verbose as i8
        };
        Shell {
            format: global.format,
            verbosity,
            color,
            out: std::io::BufWriter::new(std::io::stdout()),
        }
    }

    pub fn is_json(&self) -> bool {
        self.format == Format::Json
    }

    /// Whether output is coloured.
    pub fn colored(&self) -> bool {
        self.color
    }

    pub fn verbosity(&self) -> i8 {
        self.verbosity
    }

    /// A line of the command's result on stdout (human format).
    pub fn line(&mut self, line: impl AsRef<str>) {
        // A closed pipe (`| head`) is not an error worth reporting.
        let _ = writeln!(self.out, "{}", line.as_ref());
    }

    /// The command's result as one JSON document on stdout.
    pub fn json(&mut self, value: &serde_json::Value) {
        let _ = serde_json::to_writer_pretty(&mut self.out, value);
        let _ = writeln!(self.out);
    }

    /// A status line on stderr ("Created …"), hidden by `-q`.
    pub fn status(&mut self, verb: &str, message: impl AsRef<str>) {
        if self.verbosity < 0 {
            return;
        }
        self.flush();
        let verb = if self.color {
            format!("\x1b[1;32m{verb:>12}\x1b[0m")
        } else {
            format!("{verb:>12}")
        };
        let _ = writeln!(std::io::stderr(), "{verb} {}", message.as_ref());
    }

    /// A note on stderr, hidden by `-q`.
    pub fn note(&mut self, message: impl AsRef<str>) {
        if self.verbosity < 0 {
            return;
        }
        self.flush();
        let _ = writeln!(std::io::stderr(), "note: {}", message.as_ref());
    }

    /// A warning on stderr (shown even with `-q`).
    pub fn warn(&mut self, message: impl AsRef<str>) {
        self.flush();
        let prefix = if self.color {
            "\x1b[1;33mwarning\x1b[0m"
        } else {
            "warning"
        };
        let _ = writeln!(std::io::stderr(), "{prefix}: {}", message.as_ref());
    }

    pub fn flush(&mut self) {
        let _ = self.out.flush();
    }

    /// Renders an error (a miette diagnostic with the file excerpt, or a
    /// JSON object with `--format json`) and returns its exit code.
    pub fn error(&mut self, err: CliError) -> u8 {
        self.flush();
        let code = err.exit_code();
        if self.is_json() {
            let diag: &dyn miette::Diagnostic = err.report.as_ref();
            let mut value = diagnostic_json(diag);
            value["exit_code"] = code.into();
            value["related"] = diag
                .related()
                .map(|r| r.map(diagnostic_json).collect::<Vec<_>>())
                .unwrap_or_default()
                .into();
            if let Some(details) = err.details {
                value["details"] = details;
            }
            let value = serde_json::json!({ "error": value });
            self.json(&value);
            self.flush();
        } else {
            let _ = writeln!(std::io::stderr(), "{}", render(&err.report, self.color));
        }
        code
    }
}

/// A diagnostic as JSON: message, code, help, and where (file, line,
/// column) when it points into a file.
fn diagnostic_json(diag: &dyn miette::Diagnostic) -> serde_json::Value {
    let mut value = serde_json::json!({
        "message": diag.to_string(),
        "code": diag.code().map(|c| c.to_string()),
        "help": diag.help().map(|h| h.to_string()),
    });
    let label = diag.labels().and_then(|mut l| l.next());
    if let (Some(src), Some(label)) = (diag.source_code(), label)
        && let Ok(at) = src.read_span(label.inner(), 0, 0)
    {
        value["file"] = at.name().map(str::to_string).into();
        value["line"] = (at.line() + 1).into();
        value["column"] = (at.column() + 1).into();
    }
    value
}

fn color_from_env() -> Option<Color> {
    match std::env::var("CARGO_TERM_COLOR").ok()?.as_str() {
        "always" => Some(Color::Always),
        "never" => Some(Color::Never),
        "auto" => Some(Color::Auto),
        _ => None,
    }
}

/// A diagnostic as text: miette's graphical report with the file excerpt.
pub fn render(report: &Report, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    // Long lines stay whole so paths can be copied (and clicked).
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_wrap_lines(false);
    let mut out = String::new();
    let diag: &dyn miette::Diagnostic = report.as_ref();
    if handler.render_report(&mut out, diag).is_err() {
        out = format!("error: {report}");
    }
    out
}
