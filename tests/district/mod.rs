//! The real district server for the terminal's end-to-end tests: the
//! `kakou-district` binary (built beside `kakou` by a workspace build) on
//! 127.0.0.1:0, on SQLite or, when reachable, PostgreSQL (a schema of its
//! own per test, made and dropped with `psql`).

#![allow(dead_code)]

pub mod proxy;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The server binary, or `None` (with a message) when this build has none;
/// under CI its absence fails the test.
pub fn binary() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_BIN_EXE_kakou")).with_file_name("kakou-district");
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set and {} was not built (scripts/test.sh builds the workspace)",
        path.display()
    );
    eprintln!(
        "skipped: {} is not built; run the workspace's tests",
        path.display()
    );
    None
}

pub const DEFAULT_POSTGRES: &str = "postgres://kakou:kakou@127.0.0.1:5432/kakou_test";

/// A database for one test, removed at the end.
pub struct Database {
    pub url: String,
    pub postgres: bool,
    schema: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

impl Database {
    pub fn sqlite() -> Database {
        let dir = tempfile::tempdir().unwrap();
        Database {
            url: dir
                .path()
                .join("district.db")
                .to_string_lossy()
                .into_owned(),
            postgres: false,
            schema: None,
            _dir: Some(dir),
        }
    }

    /// A schema of its own on the test PostgreSQL, or `None` when there is
    /// none (which fails under CI).
    pub fn postgres() -> Option<Database> {
        let base = std::env::var("KAKOU_TEST_POSTGRES").unwrap_or(DEFAULT_POSTGRES.to_string());
        let schema = format!("kakou_e2e_{}_{}", std::process::id(), rand_suffix());
        let made = Command::new("psql")
            .args([base.as_str(), "-qc", &format!("CREATE SCHEMA {schema}")])
            .output();
        match made {
            Ok(out) if out.status.success() => {}
            other => {
                let why = match other {
                    Ok(out) => String::from_utf8_lossy(&out.stderr).into_owned(),
                    Err(e) => e.to_string(),
                };
                assert!(
                    std::env::var_os("CI").is_none(),
                    "CI is set but PostgreSQL at {base} cannot be used: {why}"
                );
                eprintln!("skipped the PostgreSQL half: {why}");
                return None;
            }
        }
        let sep = if base.contains('?') { '&' } else { '?' };
        Some(Database {
            url: format!("{base}{sep}options=-csearch_path%3D{schema}"),
            postgres: true,
            schema: Some((base, schema)),
            _dir: None,
        })
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Some((base, schema)) = &self.schema {
            let _ = Command::new("psql")
                .args([
                    base.as_str(),
                    "-qc",
                    &format!("DROP SCHEMA {schema} CASCADE"),
                ])
                .output();
        }
    }
}

fn rand_suffix() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(
        std::time::SystemTime::now()
            .elapsed()
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0),
    );
    h.finish() as u32
}

/// The databases a test runs against: SQLite always, PostgreSQL when there.
pub fn databases() -> Vec<Database> {
    let mut all = vec![Database::sqlite()];
    all.extend(Database::postgres());
    all
}

/// A running server; killed (as by kill -9) when dropped.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Server {
    pub fn start(binary: &Path, db: &str) -> Server {
        Server::start_on(binary, db, "127.0.0.1:0")
    }

    /// On a given address (to come back on the same port after a kill).
    pub fn start_on(binary: &Path, db: &str, listen: &str) -> Server {
        let mut child = Command::new(binary)
            .args(["--listen", listen, "--db", db])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("kakou-district starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let first: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("first line `{line}` is not JSON: {e}"));
        Server {
            child,
            addr: first["listening"].as_str().unwrap().to_string(),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the process has ended (killed by a fault, say).
    pub fn exited(&mut self) -> bool {
        !matches!(self.child.try_wait(), Ok(None))
    }

    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs an admin command of `kakou-district` and returns its JSON lines.
pub fn admin(binary: &Path, db: &str, args: &[&str]) -> Vec<serde_json::Value> {
    let out = Command::new(binary)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "kakou-district {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A one-time enrolment code for (community, checkpoint).
pub fn enroll_code(binary: &Path, db: &str, community: &str, checkpoint: &str) -> String {
    let out = Command::new(binary)
        .args([
            "enroll-code",
            "--db",
            db,
            "--community",
            community,
            "--checkpoint",
            checkpoint,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().next().unwrap()).unwrap();
    line["code"].as_str().unwrap().to_string()
}

/// Runs one query on the district's database and returns the first column
/// of every row as text.
pub fn query(db: &Database, sql: &str) -> Vec<String> {
    if db.postgres {
        let (base, schema) = db.schema.as_ref().unwrap();
        let out = Command::new("psql")
            .args([
                base.as_str(),
                "-tAc",
                &format!("SET search_path TO {schema}; {sql}"),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        return String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.is_empty() && *l != "SET")
            .map(str::to_string)
            .collect();
    }
    let conn = rusqlite::Connection::open(&db.url).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| {
        let v: rusqlite::types::Value = r.get(0)?;
        Ok(match v {
            rusqlite::types::Value::Integer(i) => i.to_string(),
            rusqlite::types::Value::Text(t) => t,
            other => format!("{other:?}"),
        })
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}
