//! The database: one `sqlx::AnyPool` for SQLite (the embedded default) or PostgreSQL (selected by
//! a `postgres://` DATABASE_URL), per-backend migrations, and the portable-SQL rules stores follow.
//!
//! Portable SQL, as every `store.rs` writes it: `$1`-style parameters (both backends accept
//! them), integer and text columns only (flags are 0/1 integers, times are Unix seconds),
//! `CAST(... AS BIGINT)` around `SUM`, and `ON CONFLICT` / `RETURNING` (both backends have them).

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};
use std::time::Duration;

pub type Db = AnyPool;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> Result<Self, String> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            Err(format!(
                "DATABASE_URL must start with sqlite:// or postgres:// (got {:?})",
                redact(url)
            ))
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// Hides the password in a database URL before it is printed.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("****"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

/// How many connections a command of the `academy` tool opens: it does one thing at a time.
pub const COMMAND_CONNECTIONS: u32 = 2;

/// Opens the configured database (`DATABASE_URL`) and brings it up to date: how the server and
/// every command start. The server asks for its pool (`DATABASE_MAX_CONNECTIONS`), a command for
/// [`COMMAND_CONNECTIONS`].
pub async fn open(
    config: &crate::config::Config,
    max_connections: u32,
) -> Result<(Db, Backend), String> {
    connect(&config.database_url, max_connections).await
}

/// Connects, creating the SQLite file (and its folder) when missing, and runs the migrations.
/// Errors are one sentence a person can act on.
pub async fn connect(url: &str, max_connections: u32) -> Result<(Db, Backend), String> {
    install_default_drivers();
    let backend = Backend::of(url)?;
    let (url, synchronous) = match backend {
        Backend::Sqlite => prepare_sqlite(url)?,
        Backend::Postgres => (url.to_string(), Synchronous::Full),
    };
    let pool = AnyPoolOptions::new()
        .max_connections(max_connections.max(1))
        .acquire_timeout(Duration::from_secs(10))
        // A pooled SQLite connection is a file handle in this process: pinging it before every
        // acquire tests nothing, yet cost a round trip to its worker thread on every query (a
        // seventh of the feedback wave's CPU, issue #17). A PostgreSQL connection can die with
        // its server, so it is still checked.
        .test_before_acquire(backend == Backend::Postgres)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL lets readers proceed during a write; the busy timeout makes writers
                    // queue instead of failing when another connection holds the lock.
                    // synchronous = FULL syncs the log at every commit: an answer the academy
                    // acknowledged survives a power cut, not only a crash of the process.
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                         PRAGMA busy_timeout = 5000;",
                    )
                    .await?;
                    conn.execute(synchronous.pragma()).await?;
                }
                Ok(())
            })
        })
        .connect(&url)
        .await
        .map_err(|e| format!("cannot open the database {}: {e}", redact(&url)))?;
    let migrator = match backend {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    };
    migrator
        .run(&pool)
        .await
        .map_err(|e| format!("cannot migrate the database {}: {e}", redact(&url)))?;
    Ok((pool, backend))
}

/// How SQLite syncs its write-ahead log: `FULL` at every commit (the default, the promise that
/// an acknowledged answer survives a power cut), or `NORMAL` at checkpoints only (faster; a
/// power cut may lose the last commits, a crash of the process loses nothing). Chosen with
/// `?synchronous=normal` on the DATABASE_URL, for measuring what the promise costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Synchronous {
    Full,
    Normal,
}

impl Synchronous {
    fn pragma(self) -> &'static str {
        match self {
            Self::Full => "PRAGMA synchronous = FULL",
            Self::Normal => "PRAGMA synchronous = NORMAL",
        }
    }
}

/// Makes sure the folder of a SQLite file exists and that the file is created when missing;
/// takes our own `synchronous=` option out of the URL.
fn prepare_sqlite(url: &str) -> Result<(String, Synchronous), String> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut synchronous = Synchronous::Full;
    let mut kept = Vec::new();
    for p in query.split('&').filter(|p| !p.is_empty()) {
        match p.split_once('=') {
            Some(("synchronous", v)) => {
                synchronous = match v.to_ascii_lowercase().as_str() {
                    "full" => Synchronous::Full,
                    "normal" => Synchronous::Normal,
                    _ => {
                        return Err(format!(
                            "DATABASE_URL: synchronous={v:?} must be full or normal"
                        ));
                    }
                }
            }
            _ => kept.push(p),
        }
    }
    let query = kept.join("&");
    if path.is_empty() || path == ":memory:" {
        return Err("DATABASE_URL: give SQLite a file, e.g. sqlite://data/academy.db".into());
    }
    if let Some(dir) = std::path::Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create the database folder {}: {e}", dir.display()))?;
    }
    let query = if query.split('&').any(|p| p.starts_with("mode=")) {
        query.to_string()
    } else if query.is_empty() {
        "mode=rwc".to_string()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok((format!("sqlite://{path}?{query}"), synchronous))
}

/// Begins a transaction that will write. On SQLite it takes the write lock at once (`BEGIN
/// IMMEDIATE`), so a transaction that reads and then writes waits its turn under the busy
/// timeout; a deferred one would fail at its first write with `SQLITE_BUSY_SNAPSHOT` whenever
/// another writer committed since its read. PostgreSQL's row locks need no such thing.
pub async fn begin_write(db: &Db) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    if db.connect_options().database_url.scheme() == "sqlite" {
        db.begin_with("BEGIN IMMEDIATE").await
    } else {
        db.begin().await
    }
}

/// Answers whether the database responds, for `/healthz`.
pub async fn ping(db: &Db) -> bool {
    matches!(
        tokio::time::timeout(Duration::from_secs(2), sqlx::query("SELECT 1").execute(db)).await,
        Ok(Ok(_))
    )
}

/// One value of a row written by [`insert_many`].
#[derive(Debug, Clone)]
pub enum Cell {
    Int(i64),
    Text(String),
    NullInt,
    NullText,
}

/// The cells as query arguments, in order (`$1`, `$2`, …).
pub fn arguments<'c>(
    cells: impl IntoIterator<Item = &'c Cell>,
) -> Result<sqlx::any::AnyArguments, sqlx::Error> {
    use sqlx::Arguments;
    let mut args = sqlx::any::AnyArguments::default();
    for c in cells {
        match c {
            Cell::Int(i) => args.add(*i),
            Cell::Text(t) => args.add(t.clone()),
            Cell::NullInt => args.add(None::<i64>),
            Cell::NullText => args.add(None::<String>),
        }
        .map_err(sqlx::Error::Encode)?;
    }
    Ok(args)
}

/// `column IN ($k, …)` over `values`, numbered after the arguments already in `cells`, which it
/// extends; an empty list matches nothing.
pub fn in_list(
    column: &str,
    values: impl IntoIterator<Item = Cell>,
    cells: &mut Vec<Cell>,
) -> String {
    let first = cells.len();
    cells.extend(values);
    if cells.len() == first {
        return "1 = 0".to_string();
    }
    let marks: Vec<String> = (first + 1..=cells.len()).map(|i| format!("${i}")).collect();
    format!("{column} IN ({})", marks.join(", "))
}

/// `in_list` over department codes, or no condition at all for `None` (the whole city).
pub fn within(column: &str, codes: Option<&[String]>, cells: &mut Vec<Cell>) -> String {
    match codes {
        None => "1 = 1".to_string(),
        Some(codes) => in_list(column, codes.iter().cloned().map(Cell::Text), cells),
    }
}

/// Inserts `rows` (each `width` cells) with multi-row INSERTs of at most 900 parameters:
/// `head` is `INSERT INTO t (a, b)`, `tail` follows the VALUES (e.g. an `ON CONFLICT` clause).
pub async fn insert_many(
    conn: &mut sqlx::AnyConnection,
    head: &str,
    tail: &str,
    width: usize,
    rows: &[Vec<Cell>],
) -> Result<(), sqlx::Error> {
    const PARAMS: usize = 900;
    let per = (PARAMS / width.max(1)).max(1);
    for chunk in rows.chunks(per) {
        let mut sql = String::with_capacity(head.len() + tail.len() + chunk.len() * width * 5);
        sql.push_str(head);
        sql.push_str(" VALUES ");
        let mut n = 0;
        for (i, _) in chunk.iter().enumerate() {
            sql.push_str(if i > 0 { ",(" } else { "(" });
            for j in 0..width {
                if j > 0 {
                    sql.push(',');
                }
                n += 1;
                sql.push_str(&format!("${n}"));
            }
            sql.push(')');
        }
        sql.push(' ');
        sql.push_str(tail);
        let cells: Vec<&Cell> = chunk.iter().flatten().collect();
        let q = sqlx::query_with(sqlx::AssertSqlSafe(sql), arguments(cells)?);
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// An `INSERT … SELECT` that takes all its rows as one JSON parameter (`json_each` on SQLite,
/// `jsonb_array_elements` on PostgreSQL): binding thousands of values one by one costs more
/// than the writes themselves. `tail` follows (an `ON CONFLICT` or `RETURNING` clause).
/// Returns the SQL and the parameter, or `None` when there are no rows.
pub fn json_insert(
    postgres: bool,
    table: &str,
    columns: &str,
    rows: &[Vec<Cell>],
    tail: &str,
) -> Option<(String, String)> {
    let width = rows.first()?.len();
    let selected: Vec<String> = (0..width)
        .map(|i| {
            let int = rows
                .iter()
                .map(|r| &r[i])
                .find(|c| !matches!(c, Cell::NullInt | Cell::NullText))
                .map_or(matches!(rows[0][i], Cell::NullInt), |c| {
                    matches!(c, Cell::Int(_))
                });
            match (postgres, int) {
                (true, true) => format!("(j->>{i})::bigint"),
                (true, false) => format!("j->>{i}"),
                (false, _) => format!("json_extract(j.value, '$[{i}]')"),
            }
        })
        .collect();
    let source = if postgres {
        "jsonb_array_elements($1::jsonb) AS j"
    } else {
        "json_each($1) AS j"
    };
    let json = serde_json::Value::Array(
        rows.iter()
            .map(|row| {
                serde_json::Value::Array(
                    row.iter()
                        .map(|c| match c {
                            Cell::Int(i) => serde_json::Value::from(*i),
                            Cell::Text(t) => serde_json::Value::from(t.as_str()),
                            Cell::NullInt | Cell::NullText => serde_json::Value::Null,
                        })
                        .collect(),
                )
            })
            .collect(),
    );
    // `WHERE true` lets SQLite tell an upsert's ON CONFLICT from a join constraint.
    let sql = format!(
        "INSERT INTO {table} ({columns}) SELECT {} FROM {source} WHERE true {tail}",
        selected.join(", ")
    );
    Some((sql, json.to_string()))
}

/// Whether a connection talks to PostgreSQL (for the few statements that differ).
pub fn is_postgres(conn: &sqlx::AnyConnection) -> bool {
    conn.backend_name() == "PostgreSQL"
}

/// The clock every store uses: Unix seconds.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_create_the_file_when_missing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("sub/academy.db");
        let (url, synchronous) = prepare_sqlite(&format!("sqlite://{}", file.display())).unwrap();
        assert!(url.ends_with("?mode=rwc"), "{url}");
        assert_eq!(synchronous, Synchronous::Full);
        assert!(file.parent().unwrap().is_dir());
    }

    #[test]
    fn acknowledged_commits_are_synced_unless_the_url_trades_that_away() {
        let (url, s) = prepare_sqlite("sqlite://a.db?synchronous=normal&mode=rwc").unwrap();
        assert_eq!(
            (url.as_str(), s),
            ("sqlite://a.db?mode=rwc", Synchronous::Normal)
        );
        assert!(prepare_sqlite("sqlite://a.db?synchronous=off").is_err());
    }

    #[test]
    fn an_unknown_scheme_is_refused_with_the_reason() {
        let err = Backend::of("mysql://x").unwrap_err();
        assert!(err.contains("sqlite:// or postgres://"), "{err}");
    }

    #[test]
    fn passwords_never_reach_the_terminal() {
        assert_eq!(
            redact("postgres://me:secret@db/academy"),
            "postgres://me:****@db/academy"
        );
    }
}
