//! `kakou-district --listen ADDR --db DB`: serves the API until SIGINT or
//! SIGTERM.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use serde_json::json;

use crate::cli::ServeArgs;
use crate::server::{AppState, Limits, router};
use crate::web::{Web, WebConfig};

pub async fn run(db: Option<&str>, args: &ServeArgs) -> Result<()> {
    let storage = super::open(db).await?;
    // Communities named before the web pages existed (a version 1
    // database) get their slug and visitor key now.
    for name in storage.named_communities().await? {
        super::community::ensure(storage.as_ref(), &name).await?;
    }
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
        web: Arc::new(Web::new(WebConfig {
            utc_offset: args.utc_offset,
            public_url: args.public_url.clone(),
            secure_cookies: args.secure_cookies,
            behind_proxy: args.behind_proxy,
            login: args.login_rate.0,
            visitor_per_client: args.visitor_rate_per_client.0,
            visitor_per_community: args.visitor_rate_per_community.0,
        })),
    };
    let limits = Limits {
        body_bytes: args.max_body_bytes,
        request_timeout: Duration::from_secs(args.request_timeout_secs),
    };
    // The peer's address feeds the web pages' rate limits.
    axum::serve(
        listener,
        router(state, limits).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
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
