//! A misbehaving network between a gate and the district, for the fault
//! injection test of issue 13: an HTTP/1.1 proxy on 127.0.0.1:0 that, per
//! request and as a seeded generator decides, passes it on, drops the
//! request or the answer, delays, duplicates (two copies at once), replays
//! an older push before or after the new one, cuts the connection in the
//! middle of a body, answers 5xx itself or in place of the server's answer,
//! kills the server after it committed and before its answer leaves, or
//! kills the gate right after its answer arrived.
//!
//! Every request goes upstream on a connection of its own with
//! `connection: close`, so the whole answer is whatever the server sends
//! before it closes; the proxy never has to understand chunking.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// What the proxy does to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fault {
    Pass,
    /// The request is read and the connection closed: nothing reaches the
    /// server.
    DropRequest,
    /// Half the request body reaches the server, then both sides close.
    CutRequest,
    /// A pause before the request goes on.
    Delay,
    /// 503 with an HTML page, and the server never sees the request.
    Unavailable,
    /// The server answers; the gate gets a 502 page instead.
    BadGatewayAfterServer,
    /// The server answers; the gate gets nothing.
    DropResponse,
    /// The server answers; the gate gets half of it.
    CutResponse,
    /// Two copies of the request reach the server at once.
    Duplicate,
    /// An older push reaches the server just before this request.
    StaleBefore,
    /// An older push reaches the server just after this request.
    StaleAfter,
    /// The server commits and is killed before its answer leaves.
    KillServerBeforeReply,
    /// The gate gets the whole answer and is killed at once (only when a
    /// gate process is armed; otherwise it is a plain pass).
    KillGateAfterReply,
}

const FAULTS: [(Fault, u32); 13] = [
    (Fault::Pass, 40),
    (Fault::DropRequest, 5),
    (Fault::CutRequest, 5),
    (Fault::Delay, 5),
    (Fault::Unavailable, 5),
    (Fault::BadGatewayAfterServer, 5),
    (Fault::DropResponse, 6),
    (Fault::CutResponse, 6),
    (Fault::Duplicate, 6),
    (Fault::StaleBefore, 4),
    (Fault::StaleAfter, 4),
    (Fault::KillServerBeforeReply, 2),
    (Fault::KillGateAfterReply, 7),
];

struct Shared {
    upstream: Mutex<SocketAddr>,
    server_pid: Mutex<Option<u32>>,
    /// The gate process to kill after its answer, when one is running.
    gate_pid: Mutex<Option<u32>>,
    faults_on: AtomicBool,
    rng: Mutex<StdRng>,
    /// Earlier push requests, as sent, for replaying out of order.
    pushes: Mutex<Vec<Vec<u8>>>,
    /// How often each fault was applied.
    applied: Mutex<BTreeMap<Fault, u64>>,
}

pub struct Proxy {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
}

impl Proxy {
    pub fn start(upstream: SocketAddr, seed: u64) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared {
            upstream: Mutex::new(upstream),
            server_pid: Mutex::new(None),
            gate_pid: Mutex::new(None),
            faults_on: AtomicBool::new(false),
            rng: Mutex::new(StdRng::seed_from_u64(seed)),
            pushes: Mutex::new(Vec::new()),
            applied: Mutex::new(BTreeMap::new()),
        });
        let accepting = Arc::clone(&shared);
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let shared = Arc::clone(&accepting);
                std::thread::spawn(move || serve(client, &shared));
            }
        });
        Proxy { addr, shared }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Points the proxy at a (re)started server.
    pub fn set_server(&self, upstream: SocketAddr, pid: u32) {
        *self.shared.upstream.lock().unwrap() = upstream;
        *self.shared.server_pid.lock().unwrap() = Some(pid);
    }

    pub fn faults(&self, on: bool) {
        self.shared.faults_on.store(on, Ordering::SeqCst);
    }

    /// The gate process that a `KillGateAfterReply` kills. The lock is
    /// also what the test holds while it reaps the process, so a pid is
    /// never killed after it was reaped (and perhaps reused).
    pub fn gate_pid(&self) -> &Mutex<Option<u32>> {
        &self.shared.gate_pid
    }

    pub fn applied(&self) -> BTreeMap<Fault, u64> {
        self.shared.applied.lock().unwrap().clone()
    }
}

fn choose(shared: &Shared) -> (Fault, u64) {
    let mut rng = shared.rng.lock().unwrap();
    let total: u32 = FAULTS.iter().map(|(_, w)| w).sum();
    let mut pick = rng.gen_range(0..total);
    let extra = rng.gen_range(0..1_000_000u64);
    for (fault, weight) in FAULTS {
        if pick < weight {
            return (fault, extra);
        }
        pick -= weight;
    }
    unreachable!()
}

fn serve(mut client: TcpStream, shared: &Shared) {
    let _ = client.set_read_timeout(Some(Duration::from_secs(30)));
    let Some(request) = read_request(&mut client) else {
        return;
    };
    let (mut fault, extra) = if shared.faults_on.load(Ordering::SeqCst) {
        choose(shared)
    } else {
        (Fault::Pass, 0)
    };
    let is_push = request.starts_with(b"POST /v1/push");
    let stale = if is_push {
        let mut pushes = shared.pushes.lock().unwrap();
        let older = (!pushes.is_empty()).then(|| pushes[extra as usize % pushes.len()].clone());
        pushes.push(request.clone());
        if pushes.len() > 64 {
            pushes.remove(0);
        }
        older
    } else {
        None
    };
    if matches!(fault, Fault::StaleBefore | Fault::StaleAfter) && stale.is_none() {
        fault = Fault::Pass;
    }
    // A gate process runs only now and then; while one does, its answers
    // are its likeliest end.
    let gate_armed = shared.gate_pid.lock().unwrap().is_some();
    if fault == Fault::KillGateAfterReply && !gate_armed {
        fault = Fault::Pass;
    } else if gate_armed && extra % 3 == 0 {
        fault = Fault::KillGateAfterReply;
    }
    *shared.applied.lock().unwrap().entry(fault).or_default() += 1;
    let upstream = *shared.upstream.lock().unwrap();
    match fault {
        Fault::DropRequest => {}
        Fault::CutRequest => {
            if let Ok(mut server) = TcpStream::connect(upstream) {
                let cut = header_end(&request).unwrap_or(0)
                    + (request.len() - header_end(&request).unwrap_or(0)) / 2;
                let _ = server.write_all(&request[..cut.max(1)]);
                let _ = server.shutdown(Shutdown::Both);
            }
        }
        Fault::Unavailable => {
            let _ = client.write_all(&page(503, "Service Unavailable"));
        }
        Fault::StaleBefore => {
            let _ = exchange(upstream, stale.as_ref().unwrap());
            reply(&mut client, exchange(upstream, &request));
        }
        Fault::StaleAfter => {
            let answer = exchange(upstream, &request);
            let _ = exchange(upstream, stale.as_ref().unwrap());
            reply(&mut client, answer);
        }
        Fault::Duplicate => {
            let copy = request.clone();
            let twin = std::thread::spawn(move || exchange(upstream, &copy));
            let answer = exchange(upstream, &request);
            let other = twin.join().unwrap();
            reply(&mut client, if extra % 2 == 0 { answer } else { other });
        }
        Fault::Delay => {
            std::thread::sleep(Duration::from_millis(extra % 120));
            reply(&mut client, exchange(upstream, &request));
        }
        Fault::BadGatewayAfterServer => {
            let _ = exchange(upstream, &request);
            let _ = client.write_all(&page(502, "Bad Gateway"));
        }
        Fault::DropResponse => {
            let _ = exchange(upstream, &request);
        }
        Fault::CutResponse => {
            if let Some(answer) = exchange(upstream, &request) {
                let cut = (answer.len() / 2).max(1);
                let _ = client.write_all(&answer[..cut]);
            }
        }
        Fault::KillServerBeforeReply => {
            let _ = exchange(upstream, &request);
            if let Some(pid) = *shared.server_pid.lock().unwrap() {
                kill(pid);
            }
        }
        Fault::KillGateAfterReply => {
            let answer = exchange(upstream, &request);
            let armed = shared.gate_pid.lock().unwrap();
            reply(&mut client, answer);
            if let Some(pid) = *armed {
                kill(pid);
            }
        }
        Fault::Pass => reply(&mut client, exchange(upstream, &request)),
    }
    let _ = client.shutdown(Shutdown::Both);
}

fn kill(pid: u32) {
    // SAFETY: kill(2) with a pid this test started and has not reaped.
    unsafe {
        libc::kill(pid as libc::pid_t, libc::SIGKILL);
    }
}

fn reply(client: &mut TcpStream, answer: Option<Vec<u8>>) {
    match answer {
        Some(bytes) => {
            let _ = client.write_all(&bytes);
        }
        // The server was not there: what a real proxy would say.
        None => {
            let _ = client.write_all(&page(502, "Bad Gateway"));
        }
    }
}

fn page(status: u16, reason: &str) -> Vec<u8> {
    let body = format!("<html><body><h1>{status} {reason}</h1></body></html>");
    format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Sends one request upstream and reads the whole answer, or `None` when
/// the server is not there or closes without a word.
fn exchange(upstream: SocketAddr, request: &[u8]) -> Option<Vec<u8>> {
    let mut server = TcpStream::connect_timeout(&upstream, Duration::from_secs(2)).ok()?;
    server
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    server.write_all(request).ok()?;
    let mut answer = Vec::new();
    let _ = server.read_to_end(&mut answer);
    (!answer.is_empty()).then_some(answer)
}

fn header_end(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| p + 4)
}

/// Reads one request (head and a `content-length` body) and rewrites its
/// head to `connection: close`.
fn read_request(client: &mut TcpStream) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let end = loop {
        if let Some(end) = header_end(&bytes) {
            break end;
        }
        let n = client.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        bytes.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let length = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while bytes.len() < end + length {
        let n = client.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
    let mut rewritten: Vec<u8> = head
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .filter(|l| {
            !l.split_once(':')
                .is_some_and(|(n, _)| n.trim().eq_ignore_ascii_case("connection"))
        })
        .flat_map(|l| format!("{l}\r\n").into_bytes())
        .collect();
    rewritten.extend_from_slice(b"connection: close\r\n\r\n");
    rewritten.extend_from_slice(&bytes[end..end + length]);
    Some(rewritten)
}
