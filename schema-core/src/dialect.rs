//! SQL dialects cargo schema speaks, and how a dialect is inferred from a URL.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A database dialect. MySQL is accepted in configuration so projects can
/// name it, but no driver speaks it yet (see DESIGN.md, "Planned next").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    Postgres,
    Sqlite,
    Mysql,
}

impl Dialect {
    pub const ALL: [Dialect; 3] = [Dialect::Postgres, Dialect::Sqlite, Dialect::Mysql];

    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Sqlite => "sqlite",
            Dialect::Mysql => "mysql",
        }
    }

    /// The dialect a URL scheme names (`postgres://`, `postgresql://`,
    /// `sqlite:`, `mysql://`, `mariadb://`), if any.
    pub fn from_scheme(scheme: &str) -> Option<Dialect> {
        match scheme.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" => Some(Dialect::Postgres),
            "sqlite" => Some(Dialect::Sqlite),
            "mysql" | "mariadb" => Some(Dialect::Mysql),
            _ => None,
        }
    }

    /// Whether DDL can run inside a transaction and be rolled back.
    pub fn transactional_ddl(self) -> bool {
        !matches!(self, Dialect::Mysql)
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for a dialect name that is not one of ours.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("unknown dialect `{0}`: expected postgres, sqlite or mysql")]
pub struct UnknownDialect(pub String);

impl FromStr for Dialect {
    type Err = UnknownDialect;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" => Ok(Dialect::Postgres),
            "sqlite" | "sqlite3" => Ok(Dialect::Sqlite),
            "mysql" | "mariadb" => Ok(Dialect::Mysql),
            _ => Err(UnknownDialect(s.to_string())),
        }
    }
}
