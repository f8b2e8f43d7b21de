//! Log-in, log-out and who is asking.
//!
//! A session is a random token in an HttpOnly, SameSite=Strict cookie; the
//! district keeps only its SHA-256. Every form sends a token back: a
//! logged-in form the session's own (`csrf`), the log-in and visitor forms
//! the value of a `kakou_form` cookie set with the form (double submit),
//! so another site can neither read nor forge either. Failed log-ins are
//! counted per client address and per user name ([`super::limiter`]).

use std::sync::OnceLock;

use askama::Template;
use axum::Form;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Duration;
use serde::Deserialize;

use super::page::{self, PageError, Peer, client, cookie, same_secret, set_cookie};
use crate::secrets::{hash_password, new_token, sha256_hex, verify_password};
use crate::server::AppState;
use crate::storage::{Community, NewSession, Role, User};

pub const SESSION_COOKIE: &str = "kakou_session";
pub const FORM_COOKIE: &str = "kakou_form";
/// How long a log-in lasts: a working day.
const SESSION_HOURS: i64 = 12;

/// The logged-in user of a staff page; without a live session the page
/// answers with the log-in page instead.
pub struct Viewer {
    pub user: User,
    pub csrf: String,
    token_hash: String,
}

impl Viewer {
    pub fn is_admin(&self) -> bool {
        self.user.role == Role::Admin
    }

    /// Checks a form's token against the session's.
    pub fn check_form(&self, sent: &str) -> Result<(), PageError> {
        if same_secret(sent, &self.csrf) {
            Ok(())
        } else {
            Err(PageError::bad_form())
        }
    }

    /// The community a `/c/<slug>` page is about: 404 when there is none,
    /// 403 when this user may not see it.
    pub async fn community(&self, state: &AppState, slug: &str) -> Result<Community, PageError> {
        let community = state
            .storage
            .communities()
            .await?
            .into_iter()
            .find(|c| c.slug == slug)
            .ok_or_else(PageError::not_found)?;
        if !self.user.may_see(&community.name) {
            tracing::warn!(user = %self.user.name, community = %community.name, "refused: another community");
            return Err(PageError::forbidden());
        }
        Ok(community)
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let to_login = || Redirect::to("/login").into_response();
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(to_login());
        };
        let token_hash = sha256_hex(&token);
        let session = state
            .storage
            .session(&token_hash, (state.clock)())
            .await
            .map_err(|e| PageError::from(e).into_response())?;
        match session {
            Some(s) => Ok(Viewer {
                user: s.user,
                csrf: s.csrf,
                token_hash,
            }),
            None => Err(to_login()),
        }
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    csrf: &'a str,
    name: &'a str,
    error: Option<&'a str>,
}

/// The form token of a public form: the one in the browser's cookie, or a
/// new one to set.
pub fn form_token(headers: &HeaderMap) -> (String, bool) {
    match cookie(headers, FORM_COOKIE)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        Some(token) => (token, false),
        None => (new_token(), true),
    }
}

/// Checks a public form's token against its cookie.
pub fn check_form_token(headers: &HeaderMap, sent: &str) -> Result<(), PageError> {
    match cookie(headers, FORM_COOKIE) {
        Some(expected) if same_secret(sent, &expected) => Ok(()),
        _ => Err(PageError::bad_form()),
    }
}

fn login_page(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    name: &str,
    error: Option<&str>,
) -> Result<Response, PageError> {
    let (token, new) = form_token(headers);
    let mut response = page::render(&LoginPage {
        csrf: &token,
        name,
        error,
    })?;
    *response.status_mut() = status;
    if new {
        let (k, v) = set_cookie(state, FORM_COOKIE, &token, 86_400);
        response.headers_mut().append(k, v);
    }
    Ok(response)
}

pub async fn login_form(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    login_page(&state, &headers, StatusCode::OK, "", None)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
}

/// A hash to check wrong user names against, so that an unknown name takes
/// as long as a wrong password and does not tell which names exist.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password("kakou decoy password").unwrap_or_default())
}

pub async fn login(
    State(state): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    check_form_token(&headers, &form.csrf)?;
    let client = client(&state, &peer, &headers);
    let name = form.name.trim().to_string();
    let now_ms = page::now_ms(&state);
    let web = &state.web;
    let blocked = {
        let by_client = web.login_by_client.lock().map_err(|_| poisoned())?;
        let by_user = web.login_by_user.lock().map_err(|_| poisoned())?;
        by_client
            .check(&client, now_ms)
            .and(by_user.check(&name, now_ms))
            .err()
    };
    if let Some(wait) = blocked {
        tracing::warn!(%client, user = %name, "log-in refused: too many failures");
        return Err(PageError::too_many(wait).back("/login"));
    }
    let user = state.storage.user(&name).await?;
    let phc = user.as_ref().map(|u| u.password_hash.clone());
    let password = form.password;
    // Argon2id takes tens of milliseconds: off the async workers, like the
    // decoy hash's first computation.
    let right = tokio::task::spawn_blocking(move || match &phc {
        Some(phc) => verify_password(&password, phc),
        None => verify_password(&password, decoy_hash()),
    })
    .await
    .unwrap_or(false);
    let Some(user) = user.filter(|_| right) else {
        {
            let mut by_client = web.login_by_client.lock().map_err(|_| poisoned())?;
            let _ = by_client.take(&client, now_ms);
        }
        {
            let mut by_user = web.login_by_user.lock().map_err(|_| poisoned())?;
            let _ = by_user.take(&name, now_ms);
        }
        tracing::info!(%client, user = %name, "log-in failed");
        return login_page(
            &state,
            &headers,
            StatusCode::UNAUTHORIZED,
            &name,
            Some("用户名或密码不对 · Wrong user name or password"),
        );
    };
    if let Ok(mut by_user) = web.login_by_user.lock() {
        by_user.forget(&name);
    }
    let token = new_token();
    let now = (state.clock)();
    state
        .storage
        .create_session(&NewSession {
            token_hash: sha256_hex(&token),
            user: user.name.clone(),
            csrf: new_token(),
            created_at: now,
            expires_at: now + Duration::hours(SESSION_HOURS),
        })
        .await?;
    tracing::info!(user = %user.name, %client, "logged in");
    let mut response = Redirect::to("/").into_response();
    let (k, v) = set_cookie(&state, SESSION_COOKIE, &token, SESSION_HOURS * 3600);
    response.headers_mut().append(k, v);
    Ok(response)
}

fn poisoned() -> PageError {
    PageError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "服务器内部错误",
        "Internal error.",
    )
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf)?;
    state
        .storage
        .delete_session(&viewer.token_hash, (state.clock)())
        .await?;
    let mut response = Redirect::to("/login").into_response();
    let (k, v) = set_cookie(&state, SESSION_COOKIE, "", 0);
    response.headers_mut().append(k, v);
    Ok(response)
}
