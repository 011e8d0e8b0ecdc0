//! One database connection, PostgreSQL or SQLite, behind the small set of
//! operations the runner needs. Connections may be owned or borrowed from
//! an application's pool.

use std::str::FromStr;
#[cfg(feature = "sqlite")]
use std::time::Duration;

use sqlx::{AssertSqlSafe, Connection, Executor};

use super::RunError;
use crate::Dialect;
use crate::url::DatabaseUrl;

#[cfg(feature = "postgres")]
use sqlx::postgres::{PgConnectOptions, PgConnection, Postgres};
#[cfg(feature = "sqlite")]
use sqlx::sqlite::{Sqlite, SqliteConnectOptions, SqliteConnection};

enum Conn {
    #[cfg(feature = "postgres")]
    Pg(PgConnection),
    #[cfg(feature = "postgres")]
    PgPooled(sqlx::pool::PoolConnection<Postgres>),
    #[cfg(feature = "sqlite")]
    Sqlite(SqliteConnection),
    #[cfg(feature = "sqlite")]
    SqlitePooled(sqlx::pool::PoolConnection<Sqlite>),
}

/// Runs `$body` with `$c` bound to the `&mut` connection of either driver.
macro_rules! with_conn {
    ($self:expr, $c:ident => $body:expr) => {
        match &mut $self.conn {
            #[cfg(feature = "postgres")]
            Conn::Pg($c) => $body,
            #[cfg(feature = "postgres")]
            Conn::PgPooled(pooled) => {
                let $c: &mut PgConnection = &mut *pooled;
                $body
            }
            #[cfg(feature = "sqlite")]
            Conn::Sqlite($c) => $body,
            #[cfg(feature = "sqlite")]
            Conn::SqlitePooled(pooled) => {
                let $c: &mut SqliteConnection = &mut *pooled;
                $body
            }
        }
    };
}

/// A connection the runner works through.
pub struct Database {
    conn: Conn,
    dialect: Dialect,
    target: String,
}

/// How long SQLite waits for another runner's write lock before failing.
#[cfg(feature = "sqlite")]
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(120);

impl Database {
    /// Connects to a URL (PostgreSQL or SQLite; a missing SQLite file is
    /// created).
    pub async fn connect(url: &DatabaseUrl) -> Result<Database, RunError> {
        let target = url.redacted();
        // The server's own words, without sqlx's "at line N" (a line of
        // PostgreSQL's C source, which reads like a line of ours).
        let connect_err = |e: sqlx::Error| RunError::Connect {
            target: target.clone(),
            message: crate::url::redact_text(&error_text(&e).0),
        };
        let options_err = |e: sqlx::Error| RunError::Options {
            target: target.clone(),
            message: crate::url::redact_text(&e.to_string()),
        };
        let conn = match url.dialect() {
            #[cfg(feature = "postgres")]
            Dialect::Postgres => {
                let opts = PgConnectOptions::from_str(url.as_str()).map_err(options_err)?;
                Conn::Pg(
                    PgConnection::connect_with(&opts)
                        .await
                        .map_err(connect_err)?,
                )
            }
            #[cfg(feature = "sqlite")]
            Dialect::Sqlite => {
                let opts = SqliteConnectOptions::from_str(url.as_str())
                    .map_err(options_err)?
                    .create_if_missing(true)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT);
                Conn::Sqlite(
                    SqliteConnection::connect_with(&opts)
                        .await
                        .map_err(connect_err)?,
                )
            }
            other => {
                return Err(RunError::Unsupported {
                    dialect: other,
                    target,
                });
            }
        };
        Ok(Database {
            conn,
            dialect: url.dialect(),
            target,
        })
    }

    /// Uses a connection from an application's PostgreSQL pool.
    #[cfg(feature = "postgres")]
    pub async fn from_pg_pool(pool: &sqlx::PgPool) -> Result<Database, RunError> {
        let conn = pool.acquire().await.map_err(|e| RunError::Connect {
            target: "the application's pool".into(),
            message: crate::url::redact_text(&e.to_string()),
        })?;
        Ok(Database {
            conn: Conn::PgPooled(conn),
            dialect: Dialect::Postgres,
            target: "the application's pool".into(),
        })
    }

    /// Uses a connection from an application's SQLite pool.
    #[cfg(feature = "sqlite")]
    pub async fn from_sqlite_pool(pool: &sqlx::SqlitePool) -> Result<Database, RunError> {
        let conn = pool.acquire().await.map_err(|e| RunError::Connect {
            target: "the application's pool".into(),
            message: e.to_string(),
        })?;
        Ok(Database {
            conn: Conn::SqlitePooled(conn),
            dialect: Dialect::Sqlite,
            target: "the application's pool".into(),
        })
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The redacted URL, for messages.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// Executes SQL text as is (simple query protocol on PostgreSQL).
    pub(crate) async fn execute(&mut self, sql: &str) -> Result<(), sqlx::Error> {
        let sql = AssertSqlSafe(sql.to_string());
        with_conn!(self, c => c.execute(sqlx::raw_sql(sql)).await.map(|_| ()))
    }

    /// The first column of every row, as text.
    pub(crate) async fn strings(&mut self, sql: &str) -> Result<Vec<String>, sqlx::Error> {
        let sql = AssertSqlSafe(sql.to_string());
        with_conn!(self, c => sqlx::query_scalar::<_, String>(sql).fetch_all(&mut *c).await)
    }

    /// History rows (revision, direction, checksum, finished) in order.
    pub(crate) async fn history_rows(
        &mut self,
        sql: &str,
    ) -> Result<Vec<(String, String, Option<String>, i32)>, sqlx::Error> {
        let sql = AssertSqlSafe(sql.to_string());
        with_conn!(self, c => sqlx::query_as::<_, (String, String, Option<String>, i32)>(sql)
            .fetch_all(&mut *c)
            .await)
    }

    /// Whether a table exists.
    pub(crate) async fn table_exists(&mut self, name: &str) -> Result<bool, sqlx::Error> {
        match self.dialect {
            Dialect::Sqlite => {
                let bare = name.rsplit('.').next().unwrap_or(name).to_string();
                with_conn!(self, c => sqlx::query_scalar::<_, i64>(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                )
                .bind(bare)
                .fetch_one(&mut *c)
                .await
                .map(|n| n > 0))
            }
            _ => {
                let quoted = crate::script::quote_ident(name);
                with_conn!(self, c => sqlx::query_scalar::<_, bool>(
                    "SELECT to_regclass($1) IS NOT NULL",
                )
                .bind(quoted)
                .fetch_one(&mut *c)
                .await)
            }
        }
    }

    /// Tries the session-level advisory lock once (PostgreSQL). SQLite
    /// serialises through `BEGIN IMMEDIATE` instead and always succeeds here.
    pub(crate) async fn try_lock(&mut self, key: i64) -> Result<bool, sqlx::Error> {
        match self.dialect {
            Dialect::Postgres => with_conn!(self, c => sqlx::query_scalar::<_, bool>(
                "SELECT pg_try_advisory_lock($1)",
            )
            .bind(key)
            .fetch_one(&mut *c)
            .await),
            _ => Ok(true),
        }
    }

    pub(crate) async fn unlock(&mut self, key: i64) -> Result<(), sqlx::Error> {
        match self.dialect {
            Dialect::Postgres => with_conn!(self, c => sqlx::query_scalar::<_, bool>(
                "SELECT pg_advisory_unlock($1)",
            )
            .bind(key)
            .fetch_one(&mut *c)
            .await
            .map(|_| ())),
            _ => Ok(()),
        }
    }

    /// Closes the connection cleanly (pooled connections go back).
    pub async fn close(self) {
        match self.conn {
            #[cfg(feature = "postgres")]
            Conn::Pg(c) => {
                let _ = c.close().await;
            }
            #[cfg(feature = "sqlite")]
            Conn::Sqlite(c) => {
                let _ = c.close().await;
            }
            #[allow(
                unreachable_patterns,
                reason = "which arms exist depends on the features"
            )]
            _ => {}
        }
    }

    /// Every row of a catalog query, each column decoded as text (`NULL` →
    /// `None`): the queries cast what they select to text, so one helper
    /// serves every catalog read of [`crate::introspect`] on both drivers.
    pub(crate) async fn text_rows(
        &mut self,
        sql: &str,
    ) -> Result<Vec<Vec<Option<String>>>, RunError> {
        use sqlx::Row as _;
        let query = AssertSqlSafe(sql.to_string());
        let rows: Result<Vec<Vec<Option<String>>>, sqlx::Error> = with_conn!(self, c => {
            match sqlx::query(query).fetch_all(&mut *c).await {
                Ok(rows) => rows
                    .iter()
                    .map(|r| (0..r.len()).map(|i| r.try_get::<Option<String>, _>(i)).collect())
                    .collect(),
                Err(e) => Err(e),
            }
        });
        rows.map_err(|e| {
            let (message, code) = error_text(&e);
            RunError::Bookkeeping {
                action: "read the schema catalog",
                message,
                code,
            }
        })
    }
}

/// The position PostgreSQL reports for an error, in characters from the
/// start of the statement (1-based).
pub(crate) fn error_position(err: &sqlx::Error) -> Option<usize> {
    #[cfg(feature = "postgres")]
    if let Some(db) = err.as_database_error()
        && let Some(pg) = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
        && let Some(sqlx::postgres::PgErrorPosition::Original(p)) = pg.position()
    {
        return Some(p);
    }
    let _ = err;
    None
}

/// The database's own words for an error: message, and SQLSTATE or code.
pub(crate) fn error_text(err: &sqlx::Error) -> (String, Option<String>) {
    match err.as_database_error() {
        Some(db) => (db.message().to_string(), db.code().map(|c| c.into_owned())),
        None => (crate::url::redact_text(&err.to_string()), None),
    }
}
