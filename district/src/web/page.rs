//! What every page handler shares: rendering, the error page, cookies,
//! the client's address and the district's "today".

use std::net::SocketAddr;

use askama::Template;
use axum::extract::ConnectInfo;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use chrono::NaiveDate;

use crate::server::AppState;
use crate::storage::StorageError;

/// An error page: a status and what to tell the person, in Chinese and
/// English.
#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    pub zh: String,
    pub en: String,
    pub back: String,
}

impl PageError {
    pub fn new(status: StatusCode, zh: impl Into<String>, en: impl Into<String>) -> PageError {
        PageError {
            status,
            zh: zh.into(),
            en: en.into(),
            back: "/".into(),
        }
    }

    pub fn back(mut self, to: impl Into<String>) -> PageError {
        self.back = to.into();
        self
    }

    pub fn forbidden() -> PageError {
        PageError::new(
            StatusCode::FORBIDDEN,
            "您没有查看这个社区的权限",
            "You may not see this community.",
        )
    }

    pub fn not_found() -> PageError {
        PageError::new(
            StatusCode::NOT_FOUND,
            "没有这个页面",
            "There is no such page.",
        )
    }

    pub fn bad_form() -> PageError {
        PageError::new(
            StatusCode::FORBIDDEN,
            "表单已过期，请返回刷新页面后重新提交",
            "The form has expired; go back, reload the page and send it again.",
        )
    }

    pub fn too_many(wait_ms: u64) -> PageError {
        let minutes = wait_ms.div_ceil(60_000).max(1);
        PageError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!("提交太频繁，请 {minutes} 分钟后再试"),
            format!("Too many attempts; try again in {minutes} minute(s)."),
        )
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: u16,
    zh: &'a str,
    en: &'a str,
    back: &'a str,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let page = ErrorPage {
            status: self.status.as_u16(),
            zh: &self.zh,
            en: &self.en,
            back: &self.back,
        };
        match page.render() {
            Ok(html) => (self.status, Html(html)).into_response(),
            Err(_) => (self.status, self.en).into_response(),
        }
    }
}

impl From<StorageError> for PageError {
    fn from(e: StorageError) -> PageError {
        tracing::error!(error = %e, "storage failed for a page");
        PageError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "服务器暂时无法完成请求，请稍后再试",
            "The district could not complete the request; try again later.",
        )
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> PageError {
        tracing::error!(error = %e, "a page failed to render");
        PageError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "页面生成失败",
            "The page could not be made.",
        )
    }
}

/// Renders a template as a 200 page.
pub fn render(template: &impl Template) -> Result<Response, PageError> {
    Ok(Html(template.render()?).into_response())
}

/// The value of one cookie of the request.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` header: HttpOnly and SameSite=Strict always, so no script
/// reads it and no other site's page can send it; `max_age` 0 deletes it.
pub fn set_cookie(
    state: &AppState,
    name: &str,
    value: &str,
    max_age: i64,
) -> (axum::http::HeaderName, HeaderValue) {
    let secure = if state.web.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let text =
        format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}");
    (
        SET_COOKIE,
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("")),
    )
}

/// The peer's address, when the server was started with it (as `serve`
/// does); a router without it still works, with one shared "unknown".
pub struct Peer(pub Option<SocketAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Peer(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0),
        ))
    }
}

/// The client's address: the peer's, or behind a proxy the last
/// `X-Forwarded-For` entry (the one the proxy itself added).
pub fn client(state: &AppState, peer: &Peer, headers: &HeaderMap) -> String {
    if state.web.config.behind_proxy
        && let Some(last) = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|s| !s.is_empty())
    {
        return last.to_string();
    }
    peer.0
        .map_or_else(|| "unknown".to_string(), |a| a.ip().to_string())
}

/// The district's "today": the gates' local day.
pub fn today(state: &AppState) -> NaiveDate {
    (state.clock)()
        .with_timezone(&state.web.config.utc_offset)
        .date_naive()
}

/// Milliseconds on the district's clock, for the rate limits.
pub fn now_ms(state: &AppState) -> u64 {
    u64::try_from((state.clock)().timestamp_millis()).unwrap_or(0)
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// A `YYYY-MM-DD` query value, or the default.
pub fn day_or(text: Option<&str>, default: NaiveDate) -> Result<NaiveDate, PageError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(default),
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| {
            PageError::new(
                StatusCode::BAD_REQUEST,
                format!("日期 “{t}” 不对，请用 年-月-日"),
                format!("`{t}` is not a date (YYYY-MM-DD)."),
            )
        }),
    }
}

/// A date range from the query, at most `max_days` long, defaulting to the
/// `default_days` days up to today.
pub fn range(
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
    default_days: u64,
    max_days: i64,
) -> Result<(NaiveDate, NaiveDate), PageError> {
    let to = day_or(to, today)?;
    let from = day_or(
        from,
        to.checked_sub_days(chrono::Days::new(default_days.saturating_sub(1)))
            .unwrap_or(to),
    )?;
    if from > to {
        return Err(PageError::new(
            StatusCode::BAD_REQUEST,
            "开始日期晚于结束日期",
            "The first day is after the last day.",
        ));
    }
    if (to - from).num_days() >= max_days {
        return Err(PageError::new(
            StatusCode::BAD_REQUEST,
            format!("一次最多查看 {max_days} 天"),
            format!("At most {max_days} days at a time."),
        ));
    }
    Ok((from, to))
}
