//! The district's web pages (issue 15), served by `kakou-district` itself
//! next to the API: server-rendered HTML (askama templates compiled in),
//! no script at all, nothing from any other origin, the bundled CJK font
//! served from here.
//!
//! - Staff pages (`/`, `/c/<slug>/…`, `/audit`) need a log-in: a district
//!   admin sees every community, a community lead only their own (anything
//!   else is 403).
//! - Public pages: `/v/<slug>`, the visitor pre-registration form, and
//!   `/p/<token>`, the pink pass it issues.
//!
//! Pure parts: [`chart`] (the bar chart's geometry), [`grid`] (the
//! household map's layout), [`limiter`] (rate limits) and [`qr`] (QR codes
//! as SVG); the cross-gate flags are `kakou_core::sync::cross_gate`.

pub mod chart;
pub mod grid;
pub mod limiter;
pub mod qr;

mod assets;
mod auth;
mod export;
mod flags;
mod page;
mod public;
mod staff;
mod views;

use std::sync::Mutex;

use axum::Router;
use axum::http::HeaderValue;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::response::Response;
use axum::routing::get;
use chrono::FixedOffset;

use crate::server::AppState;
use limiter::{Buckets, Rule};

/// How the pages behave; from `kakou-district`'s command line.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The gates' time zone: "today" on the pages is this zone's day.
    pub utc_offset: FixedOffset,
    /// The address visitors' phones reach (`https://district.example`), for
    /// the posters' QR codes; without it the page uses the request's host.
    pub public_url: Option<String>,
    /// Marks cookies `Secure` (when a TLS proxy is in front).
    pub secure_cookies: bool,
    /// Takes the client's address from the last `X-Forwarded-For` entry
    /// (only behind a proxy that sets it).
    pub behind_proxy: bool,
    /// Failed log-ins per client address and per user name.
    pub login: Rule,
    /// Visitor registrations per client address.
    pub visitor_per_client: Rule,
    /// Visitor registrations per community.
    pub visitor_per_community: Rule,
}

impl Default for WebConfig {
    fn default() -> WebConfig {
        WebConfig {
            utc_offset: FixedOffset::east_opt(8 * 3600).expect("UTC+8 is an offset"),
            public_url: None,
            secure_cookies: false,
            behind_proxy: false,
            login: Rule {
                capacity: 5,
                refill_ms: 180_000,
            },
            visitor_per_client: Rule {
                capacity: 10,
                refill_ms: 60_000,
            },
            visitor_per_community: Rule {
                capacity: 300,
                refill_ms: 1_000,
            },
        }
    }
}

/// The pages' own state: configuration and the rate limits' buckets.
pub struct Web {
    pub config: WebConfig,
    login_by_client: Mutex<Buckets<String>>,
    login_by_user: Mutex<Buckets<String>>,
    visitor_by_client: Mutex<Buckets<String>>,
    visitor_by_community: Mutex<Buckets<String>>,
}

impl Web {
    pub fn new(config: WebConfig) -> Web {
        Web {
            login_by_client: Mutex::new(Buckets::new(config.login)),
            login_by_user: Mutex::new(Buckets::new(config.login)),
            visitor_by_client: Mutex::new(Buckets::new(config.visitor_per_client)),
            visitor_by_community: Mutex::new(Buckets::new(config.visitor_per_community)),
            config,
        }
    }
}

impl Default for Web {
    fn default() -> Web {
        Web::new(WebConfig::default())
    }
}

/// The pages' routes; `server::router` merges them with the API's.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(staff::overview))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", axum::routing::post(auth::logout))
        .route("/audit", get(staff::audit))
        .route("/c/{slug}", get(staff::dashboard))
        .route("/c/{slug}/map", get(staff::map))
        .route("/c/{slug}/flags", get(flags::flags))
        .route("/c/{slug}/report", get(staff::report))
        .route("/c/{slug}/visitors", get(staff::visitors))
        .route("/c/{slug}/poster", get(staff::poster))
        .route(
            "/c/{slug}/export.xlsx",
            get(export::masked).post(export::unmasked),
        )
        .route("/v/{slug}", get(public::form).post(public::register))
        .route("/p/{token}", get(public::pass))
        .route("/assets/kakou.css", get(assets::css))
        .route("/assets/fonts/{file}", get(assets::font))
        .layer(axum::middleware::map_response(page_headers))
}

/// What every page's answer carries: a content security policy that allows
/// nothing from any other origin and no script at all, no framing, and no
/// caching of pages that may hold personal data.
async fn page_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; \
             form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // The pass page's address is its only key: never send it elsewhere.
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
