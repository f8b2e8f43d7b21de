//! The public pages: a community's visitor pre-registration form
//! (`/v/<slug>`, reached from the QR poster at the gate) and the pink pass
//! it issues (`/p/<token>`, an address only the visitor has).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Days, NaiveDate};
use kakou_core::domain::DocumentType;
use kakou_core::lang::Lang;
use kakou_core::pass::issue;
use serde::Deserialize;

use super::auth::{FORM_COOKIE, check_form_token, form_token};
use super::page::{self, PageError, Peer, client, render, set_cookie};
use super::qr;
use crate::secrets::{new_token, sha256_hex};
use crate::server::AppState;
use crate::storage::{Community, VisitorRecord, time_text};
use crate::visitor::{self, CheckedVisitor, FieldError, MAX_DAYS_AHEAD, VisitorInput};

/// The words of the public pages in one language.
pub struct Texts {
    pub title: &'static str,
    pub intro: &'static str,
    pub submit: &'static str,
    pub privacy: &'static str,
    pub other_lang: &'static str,
    pub other_lang_name: &'static str,
    pub pass_title: &'static str,
    pub holder: &'static str,
    pub valid: &'static str,
    pub visiting: &'static str,
    pub serial: &'static str,
    pub show: &'static str,
    pub keep: &'static str,
}

fn texts(lang: Lang) -> Texts {
    match lang {
        Lang::Zh => Texts {
            title: "访客预约登记",
            intro: "请您提前扫码登记，省得排队时间长了。登记后会得到一张粉色访客码，到访当天在卡口出示访客码和身份证即可。",
            submit: "登记，领取访客码",
            privacy: "证件号和手机号只用于疫情防控登记，访客码上不含这些信息。",
            other_lang: "en",
            other_lang_name: "English",
            pass_title: "访客通行码",
            holder: "姓名",
            valid: "有效日期",
            visiting: "探访住户",
            serial: "编号",
            show: "到访当天，请在卡口出示本页二维码和您的身份证。仅当天有效。",
            keep: "请保存本页地址或截图；本页地址就是您的凭证，请勿转发他人。",
        },
        Lang::En => Texts {
            title: "Visitor pre-registration",
            intro: "Register before you come, so you do not have to queue at the gate. You get a pink visitor code: on the day of the visit, show it and your ID card at the gate.",
            submit: "Register and get the visitor code",
            privacy: "The ID number and phone are kept for epidemic-control records only; the visitor code carries neither.",
            other_lang: "zh",
            other_lang_name: "中文",
            pass_title: "Visitor pass",
            holder: "Name",
            valid: "Valid on",
            visiting: "Visiting",
            serial: "Number",
            show: "On the day of the visit, show this code and your ID card at the gate. Valid that day only.",
            keep: "Keep this page's address or a screenshot; the address is your proof, do not share it.",
        },
    }
}

#[derive(Deserialize, Default)]
pub struct LangQuery {
    lang: Option<String>,
}

fn lang_of(q: &LangQuery) -> Lang {
    q.lang.as_deref().and_then(Lang::parse).unwrap_or(Lang::Zh)
}

fn lang_tag(lang: Lang) -> &'static str {
    lang.pick("zh-CN", "en")
}

pub struct FieldView {
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    hint: &'static str,
    value: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "visitor_form.html")]
struct FormPage {
    lang: &'static str,
    lang_tag: &'static str,
    t: Texts,
    community: String,
    slug: String,
    csrf: String,
    problem: Option<String>,
    fields: Vec<FieldView>,
    document_types: Vec<(&'static str, &'static str)>,
    today: NaiveDate,
    last_day: NaiveDate,
}

async fn community_by_slug(state: &AppState, slug: &str) -> Result<Community, PageError> {
    state
        .storage
        .communities()
        .await?
        .into_iter()
        .find(|c| c.slug == slug)
        .ok_or_else(|| {
            PageError::new(
                StatusCode::NOT_FOUND,
                "没有这个社区的登记页，请重新扫描卡口的二维码",
                "There is no such registration page; scan the poster at the gate again.",
            )
        })
}

#[allow(clippy::too_many_arguments)]
fn form_page(
    state: &AppState,
    headers: &HeaderMap,
    community: &Community,
    lang: Lang,
    input: &VisitorInput,
    errors: &[FieldError],
    problem: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let today = page::today(state);
    let error = |name: &str| {
        errors
            .iter()
            .filter(|e| e.field == name)
            .map(|e| e.message.clone())
            .next()
    };
    let l = |zh, en| lang.pick(zh, en);
    let field = |name, label, kind, hint, value: &str| FieldView {
        name,
        label,
        kind,
        hint,
        value: value.to_string(),
        error: error(name),
    };
    let day = if input.day.is_empty() {
        today.to_string()
    } else {
        input.day.clone()
    };
    let fields = vec![
        field("name", l("姓名", "Name"), "text", "", &input.name),
        field(
            "document_type",
            l("证件类型", "Document"),
            "text",
            "",
            &input.document_type,
        ),
        field(
            "id_number",
            l("证件号", "ID number"),
            "text",
            "",
            &input.id_number,
        ),
        field(
            "phone",
            l("手机号", "Mobile phone"),
            "tel",
            "",
            &input.phone,
        ),
        field(
            "from",
            l("从哪里来", "Coming from"),
            "text",
            l("如：朝阳区某街道", "e.g. the district you live in"),
            &input.from,
        ),
        field(
            "visiting",
            l("探访住户地址", "Address visited"),
            "text",
            l(
                "楼号-单元-房号，如 3-2-501",
                "building-unit-room, e.g. 3-2-501",
            ),
            &input.visiting,
        ),
        field("day", l("到访日期", "Day of the visit"), "date", "", &day),
    ];
    let (token, new) = form_token(headers);
    let mut response = render(&FormPage {
        lang: lang.code(),
        lang_tag: lang_tag(lang),
        t: texts(lang),
        community: community.name.clone(),
        slug: community.slug.clone(),
        csrf: token.clone(),
        problem,
        fields,
        document_types: vec![
            (
                DocumentType::MainlandId.code(),
                l("居民身份证", "Mainland ID card"),
            ),
            (
                DocumentType::HkMoTwPermit.code(),
                l("港澳台通行证", "HK/Macao/Taiwan permit"),
            ),
            (DocumentType::Passport.code(), l("护照", "Passport")),
        ],
        today,
        last_day: today
            .checked_add_days(Days::new(MAX_DAYS_AHEAD))
            .unwrap_or(today),
    })?;
    *response.status_mut() = status;
    if new {
        let (k, v) = set_cookie(state, FORM_COOKIE, &token, 86_400);
        response.headers_mut().append(k, v);
    }
    Ok(response)
}

pub async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<LangQuery>,
) -> Result<Response, PageError> {
    let community = community_by_slug(&state, &slug).await?;
    form_page(
        &state,
        &headers,
        &community,
        lang_of(&q),
        &VisitorInput::default(),
        &[],
        None,
        StatusCode::OK,
    )
}

#[derive(Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    input: VisitorInput,
}

/// Counts a registration against the client's and the community's limits.
fn rate_limit(state: &AppState, client: &str, community: &str) -> Result<(), PageError> {
    let now = page::now_ms(state);
    let web = &state.web;
    let by_client = web
        .visitor_by_client
        .lock()
        .map_err(|_| PageError::too_many(60_000))?
        .take(&client.to_string(), now);
    let result = by_client.and_then(|()| {
        web.visitor_by_community
            .lock()
            .map_err(|_| 60_000u64)?
            .take(&community.to_string(), now)
    });
    result.map_err(|wait| {
        tracing::warn!(%client, %community, "visitor form rate-limited");
        PageError::too_many(wait)
    })
}

pub async fn register(
    State(state): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<LangQuery>,
    Form(form): Form<RegisterForm>,
) -> Result<Response, PageError> {
    let lang = lang_of(&q);
    let community = community_by_slug(&state, &slug).await?;
    check_form_token(&headers, &form.csrf)?;
    let client = client(&state, &peer, &headers);
    rate_limit(&state, &client, &community.name)?;
    let refuse = |errors: &[FieldError], problem: Option<String>| {
        form_page(
            &state,
            &headers,
            &community,
            lang,
            &form.input,
            errors,
            problem,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let visitor = match visitor::check_form(&form.input, page::today(&state), lang) {
        Ok(v) => v,
        Err(errors) => return refuse(&errors, None),
    };
    let households = state.storage.households(&community.name).await?;
    let household = match visitor::find_household(&households, &visitor.visiting) {
        Ok(h) => h.clone(),
        Err(problem) => {
            let message = problem.message(lang);
            return refuse(
                &[FieldError {
                    field: "visiting",
                    message: message.clone(),
                }],
                Some(message),
            );
        }
    };
    let token = issue_pass(&state, &community, &visitor, &household).await?;
    tracing::info!(community = %community.name, "visitor registered");
    Ok(Redirect::to(&format!("/p/{token}?lang={}", lang.code())).into_response())
}

/// Signs the pink pass with the community's visitor key and keeps it;
/// answers the pass page's token (128 random bits, kept only as SHA-256).
async fn issue_pass(
    state: &AppState,
    community: &Community,
    visitor: &CheckedVisitor,
    household: &crate::storage::HouseholdView,
) -> Result<String, PageError> {
    let internal = |what: &str| {
        tracing::error!(community = %community.name, "{what}");
        PageError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "暂时无法发放访客码，请到卡口现场登记",
            "The visitor code cannot be issued now; please register at the gate.",
        )
    };
    let secret = state
        .storage
        .visitor_secret(&community.name)
        .await?
        .ok_or_else(|| internal("the community has no visitor key"))?;
    let key =
        visitor::signing_key(&secret).ok_or_else(|| internal("the visitor key is damaged"))?;
    let serial = state.storage.next_visitor_serial(&community.name).await?;
    let claims = visitor::claims(serial, &key, household.number, visitor);
    let pass = issue(&claims, &key).map_err(|e| internal(&format!("issuing failed: {e}")))?;
    let token = new_token()[..32].to_string();
    state
        .storage
        .add_visitor(&VisitorRecord {
            token_hash: sha256_hex(&token),
            community: community.name.clone(),
            serial,
            name: visitor.name.clone(),
            document_type: visitor.document_type,
            id_number: visitor.id_number.clone(),
            phone: visitor.phone.clone(),
            from: visitor.from.clone(),
            address: household.address.clone(),
            key_id: household.key_id,
            number: household.number,
            visit_day: visitor.day,
            pass,
            created_at: time_text((state.clock)()),
        })
        .await?;
    Ok(token)
}

#[derive(Template)]
#[template(path = "visitor_pass.html")]
struct PassPage {
    lang_tag: &'static str,
    t: Texts,
    community: String,
    holder: String,
    day: NaiveDate,
    address: String,
    serial: u64,
    qr: String,
}

pub async fn pass(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<LangQuery>,
) -> Result<Response, PageError> {
    let lang = lang_of(&q);
    let not_found = || {
        PageError::new(
            StatusCode::NOT_FOUND,
            "没有这张访客码，请核对链接或重新登记",
            "There is no such visitor pass; check the link or register again.",
        )
    };
    if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(not_found());
    }
    let record = state
        .storage
        .visitor(&sha256_hex(&token))
        .await?
        .ok_or_else(not_found)?;
    let qr = qr::pass_matrix(&record.pass)
        .map_err(|e| {
            PageError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "二维码生成失败",
                e.to_string(),
            )
        })?
        .svg(320, lang.pick("访客通行码二维码", "visitor pass QR code"));
    render(&PassPage {
        lang_tag: lang_tag(lang),
        t: texts(lang),
        community: record.community,
        holder: record.name,
        day: record.visit_day,
        address: record.address,
        serial: record.serial,
        qr,
    })
}
