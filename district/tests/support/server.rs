//! The real `kakou-district` binary: serving on 127.0.0.1:0, and its admin
//! commands.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_kakou-district")
}

/// A running server; killed when dropped.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Server {
    pub fn start(db: &str) -> Server {
        Server::start_with(db, &[])
    }

    pub fn start_with(db: &str, extra: &[&str]) -> Server {
        let mut child = Command::new(binary())
            .args(["--listen", "127.0.0.1:0", "--db", db])
            .args(extra)
            .env("RUST_LOG", "kakou_district=warn,warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the kakou-district binary starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the first line");
        let first: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("first stdout line `{line}` is not JSON: {e}"));
        let addr = first["listening"]
            .as_str()
            .expect("{\"listening\":…}")
            .to_string();
        assert!(addr.starts_with("127.0.0.1:"), "{addr}");
        Server { child, addr }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops the server as a kill -9 would.
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

/// What an admin command printed and how it ended.
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    pub fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("`{l}` is not JSON: {e}")))
            .collect()
    }
}

/// Runs `kakou-district --db DB ARGS…` with `stdin` as its input.
pub fn admin(db: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(binary())
        .arg("--db")
        .arg(db)
        .args(args)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the kakou-district binary starts");
    // A command refused before it reads its input closes the pipe first;
    // what it answered is what the test checks, not the write.
    match child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.unwrap(),
    }
    let out = child.wait_with_output().unwrap();
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// A fresh enrolment code for (community, checkpoint).
pub fn enroll_code(db: &str, community: &str, checkpoint: &str) -> String {
    let out = admin(
        db,
        &[
            "enroll-code",
            "--community",
            community,
            "--checkpoint",
            checkpoint,
        ],
        "",
    );
    assert_eq!(out.code, 0, "enroll-code failed: {}", out.stderr);
    out.json_lines()[0]["code"].as_str().unwrap().to_string()
}
