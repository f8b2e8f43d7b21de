//! Fresh databases for a test, on SQLite and (when reachable) PostgreSQL.
//!
//! PostgreSQL comes from `KAKOU_TEST_POSTGRES` (default
//! `postgres://kakou:kakou@127.0.0.1:5432/kakou_test`, which `.ci/run`
//! creates). Each test gets its own schema, selected through the URL's
//! `options=-csearch_path=…`, and drops it at the end. When no server
//! answers, the PostgreSQL half of a test is skipped with a message, except
//! under CI (`CI` set), where it fails.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

pub const DEFAULT_POSTGRES: &str = "postgres://kakou:kakou@127.0.0.1:5432/kakou_test";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database of its own for one test; removed when dropped.
pub struct TestDb {
    pub backend: Backend,
    /// What `--db` takes.
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    schema: Option<String>,
}

fn postgres_base() -> String {
    std::env::var("KAKOU_TEST_POSTGRES").unwrap_or_else(|_| DEFAULT_POSTGRES.to_string())
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

async fn pg_connect(url: &str) -> Result<tokio_postgres::Client, tokio_postgres::Error> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

/// Whether the PostgreSQL half of a test runs. Panics under CI when the
/// server cannot be reached: there the tests must fail, not skip.
pub fn postgres_available() -> bool {
    let url = postgres_base();
    let reachable = runtime().block_on(async { pg_connect(&url).await.map(|_| ()) });
    match reachable {
        Ok(()) => true,
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("CI is set but PostgreSQL at {url} cannot be reached: {e}")
        }
        Err(e) => {
            eprintln!(
                "skipping the PostgreSQL half: {url} cannot be reached ({e}); set KAKOU_TEST_POSTGRES or start postgresql"
            );
            false
        }
    }
}

/// The backends a test runs against.
pub fn backends() -> Vec<Backend> {
    let mut all = vec![Backend::Sqlite];
    if postgres_available() {
        all.push(Backend::Postgres);
    }
    all
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

impl TestDb {
    pub fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary directory");
                let path: PathBuf = dir.path().join("district.sqlite3");
                TestDb {
                    backend,
                    url: path.to_string_lossy().into_owned(),
                    _dir: Some(dir),
                    schema: None,
                }
            }
            Backend::Postgres => {
                let base = postgres_base();
                let schema = format!(
                    "t_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::Relaxed),
                    rand::random::<u32>()
                );
                runtime().block_on(async {
                    let client = pg_connect(&base).await.expect("PostgreSQL for the tests");
                    client
                        .batch_execute(&format!("CREATE SCHEMA {schema}"))
                        .await
                        .expect("a schema for the test");
                });
                let sep = if base.contains('?') { '&' } else { '?' };
                TestDb {
                    backend,
                    url: format!("{base}{sep}options=-csearch_path%3D{schema}"),
                    _dir: None,
                    schema: Some(schema),
                }
            }
        }
    }

    /// Every row of every table (and the SQLite schema version or the
    /// PostgreSQL sequences), in a fixed order: equal dumps mean nothing
    /// changed.
    pub fn dump(&self) -> Vec<String> {
        match self.backend {
            Backend::Sqlite => dump_sqlite(&self.url),
            Backend::Postgres => runtime().block_on(dump_postgres(&self.url)),
        }
    }

    /// Runs one SQL query and returns the first column of every row as text.
    pub fn query_texts(&self, sql: &str) -> Vec<String> {
        match self.backend {
            Backend::Sqlite => {
                let conn = rusqlite::Connection::open(&self.url).expect("the test database");
                let mut stmt = conn.prepare(sql).expect("a valid query");
                let rows = stmt
                    .query_map([], |r| {
                        let v: rusqlite::types::Value = r.get(0)?;
                        Ok(match v {
                            rusqlite::types::Value::Null => "NULL".to_string(),
                            rusqlite::types::Value::Integer(i) => i.to_string(),
                            rusqlite::types::Value::Real(f) => f.to_string(),
                            rusqlite::types::Value::Text(t) => t,
                            rusqlite::types::Value::Blob(b) => format!("{b:?}"),
                        })
                    })
                    .expect("rows");
                rows.map(|r| r.expect("a row")).collect()
            }
            Backend::Postgres => runtime().block_on(async {
                let client = pg_connect(&self.url).await.expect("PostgreSQL");
                // The alias list names the first column, whatever its name.
                let sql = format!("SELECT (q.c)::text FROM ({sql}) AS q(c)");
                let rows = client.query(&sql, &[]).await.expect("a valid query");
                rows.iter()
                    .map(|r| {
                        r.get::<_, Option<String>>(0)
                            .unwrap_or_else(|| "NULL".into())
                    })
                    .collect()
            }),
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(schema) = &self.schema {
            let base = postgres_base();
            let schema = schema.clone();
            let _ = std::thread::spawn(move || {
                runtime().block_on(async {
                    if let Ok(client) = pg_connect(&base).await {
                        let _ = client
                            .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
                            .await;
                    }
                })
            })
            .join();
        }
    }
}

fn dump_sqlite(path: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).expect("the test database");
    let mut out = Vec::new();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("user_version");
    out.push(format!("user_version={version}"));
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    for table in tables {
        let columns: Vec<String> = conn
            .prepare(&format!("PRAGMA table_info(\"{table}\")"))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(1))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let row = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let mut stmt = conn
            .prepare(&format!("SELECT {row} FROM \"{table}\" ORDER BY 1"))
            .unwrap();
        for line in stmt.query_map([], |r| r.get::<_, String>(0)).unwrap() {
            out.push(format!("{table}: {}", line.unwrap()));
        }
    }
    out
}

async fn dump_postgres(url: &str) -> Vec<String> {
    let client = pg_connect(url).await.expect("PostgreSQL");
    let mut out = Vec::new();
    let tables: Vec<String> = client
        .query(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema() ORDER BY 1",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(!tables.is_empty(), "the test schema has tables");
    for table in tables {
        for r in client
            .query(
                &format!("SELECT (t.*)::text FROM \"{table}\" t ORDER BY 1"),
                &[],
            )
            .await
            .unwrap()
        {
            out.push(format!("{table}: {}", r.get::<_, String>(0)));
        }
    }
    for r in client
        .query(
            "SELECT sequencename::text || '=' || coalesce(last_value::text, 'unused')
             FROM pg_sequences WHERE schemaname = current_schema() ORDER BY 1",
            &[],
        )
        .await
        .unwrap()
    {
        out.push(format!("sequence {}", r.get::<_, String>(0)));
    }
    out
}
