//! `kakou-district --listen ADDR --db DB`: serves the API until SIGINT or
//! SIGTERM.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use serde_json::json;

use crate::cli::ServeArgs;
use crate::server::{AppState, Limits, router};

pub async fn run(db: Option<&str>, args: &ServeArgs) -> Result<()> {
    let storage = super::open(db).await?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let addr = listener.local_addr()?;
    // The first stdout line tells a test (or a supervisor) the real port.
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", json!({"listening": addr.to_string()}))?;
    out.flush()?;
    drop(out);
    tracing::info!(%addr, "kakou-district listening");
    let state = AppState {
        storage,
        clock: Arc::new(chrono::Utc::now),
    };
    let limits = Limits {
        body_bytes: args.max_body_bytes,
        request_timeout: Duration::from_secs(args.request_timeout_secs),
    };
    axum::serve(listener, router(state, limits))
        .with_graceful_shutdown(shutdown())
        .await
        .context("the server stopped")
}

async fn shutdown() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
    tracing::info!("shutting down");
}
