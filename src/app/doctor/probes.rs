//! The doctor's looks at the machine: cameras, free space and the server.

use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::time::{Duration, Instant};

use kakou_core::doctor::{CameraFacts, ServerFacts};
use kakou_scan::camera::{OpenError, system_cameras};

/// How long the server has to accept a connection.
const SERVER_TIMEOUT: Duration = Duration::from_secs(3);

/// The cameras the system lists.
pub fn cameras() -> CameraFacts {
    match system_cameras().list() {
        Ok(list) if list.is_empty() => CameraFacts::NoneFound,
        Ok(list) => CameraFacts::Listed(list.into_iter().map(|c| c.name).collect()),
        Err(OpenError::Absent) => CameraFacts::NoneFound,
        Err(OpenError::Unsupported) => CameraFacts::NotBuilt,
        Err(OpenError::Missing(why)) => CameraFacts::Unavailable(why),
    }
}

/// Bytes free to an unprivileged user in the file system holding `folder`
/// (its nearest existing ancestor, when the folder is not made yet).
pub fn free_bytes(folder: &Path) -> Result<u64, String> {
    let existing = folder
        .ancestors()
        .find(|p| p.is_dir())
        .unwrap_or(Path::new("."));
    let stats = rustix::fs::statvfs(existing).map_err(|e| e.to_string())?;
    Ok(stats.f_bavail.saturating_mul(stats.f_frsize))
}

/// Whether the server at `url` accepts a TCP connection within a few
/// seconds; `None` when no server is configured.
pub fn reach_server(url: Option<&str>) -> ServerFacts {
    let Some(url) = url else {
        return ServerFacts::NotConfigured;
    };
    let unreachable = |why: String| ServerFacts::Unreachable {
        url: url.to_string(),
        why,
    };
    let parsed = match url::Url::parse(url) {
        Ok(parsed) => parsed,
        Err(e) => return unreachable(e.to_string()),
    };
    let (Some(host), Some(port)) = (parsed.host_str(), parsed.port_or_known_default()) else {
        return unreachable("no host or port in the address".into());
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let started = Instant::now();
    let addresses = match (host, port).to_socket_addrs() {
        Ok(addresses) => addresses.collect::<Vec<_>>(),
        Err(e) => return unreachable(e.to_string()),
    };
    let mut last = String::from("the name has no address");
    for address in addresses {
        match TcpStream::connect_timeout(&address, SERVER_TIMEOUT) {
            Ok(_) => {
                return ServerFacts::Reachable {
                    url: url.to_string(),
                    millis: started.elapsed().as_millis(),
                };
            }
            Err(e) => last = e.to_string(),
        }
    }
    unreachable(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listening_server_is_reached_and_a_closed_port_is_not() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let url = format!("http://127.0.0.1:{port}/");
        assert!(matches!(
            reach_server(Some(&url)),
            ServerFacts::Reachable { .. }
        ));
        drop(listener);
        assert!(matches!(
            reach_server(Some(&url)),
            ServerFacts::Unreachable { .. }
        ));
        assert_eq!(reach_server(None), ServerFacts::NotConfigured);
    }

    #[test]
    fn free_space_is_read_even_for_a_folder_not_made_yet() {
        let dir = tempfile::tempdir().unwrap();
        let here = free_bytes(dir.path()).unwrap();
        assert!(here > 0);
        assert!(free_bytes(&dir.path().join("not/yet")).unwrap() > 0);
    }
}
