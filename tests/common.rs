//! Helpers shared by the end-to-end tests: run the real `kakou` binary.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn kakou() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kakou"));
    // Pin the language and keep the developer's own store out of reach.
    cmd.env("LANG", "en_US.UTF-8").env_remove("KAKOU_DB");
    cmd
}

/// Runs kakou with `--db db` and the arguments, feeding `stdin`.
pub fn run(db: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = kakou()
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kakou starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Every stdout line as JSON.
pub fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

pub fn shared_data() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/data is absent");
        None
    }
}

pub fn repo_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}
