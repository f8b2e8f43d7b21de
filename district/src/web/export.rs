//! The passages of a date range as an xlsx file. ID numbers and phones are
//! masked; only an admin may ask for them whole, with a reason, and that
//! is written to the audit log before the file is made.

use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use kakou_core::domain::{Direction, Outcome, Subject, VisitorInfo, mask_document_number};
use kakou_core::privacy::{mask_phone, mask_text};
use rust_xlsxwriter::{Format, Workbook};
use serde::Deserialize;
use serde_json::json;

use super::auth::Viewer;
use super::page::{self, PageError};
use crate::server::AppState;
use crate::storage::{AuditEntry, Community, StoredPassage, time_text};

/// The longest range one file covers.
const MAX_DAYS: i64 = 62;

#[derive(Deserialize, Default)]
pub struct ExportQuery {
    from: Option<String>,
    to: Option<String>,
}

pub async fn masked(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, PageError> {
    let community = viewer.community(&state, &slug).await?;
    let (from, to) = page::range(
        q.from.as_deref(),
        q.to.as_deref(),
        page::today(&state),
        7,
        MAX_DAYS,
    )?;
    file(&state, &community, from, to, true).await
}

#[derive(Deserialize)]
pub struct UnmaskForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    reason: String,
}

pub async fn unmasked(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<UnmaskForm>,
) -> Result<Response, PageError> {
    viewer.check_form(&form.csrf)?;
    let community = viewer.community(&state, &slug).await?;
    if !viewer.is_admin() {
        tracing::warn!(user = %viewer.user.name, "refused: unmasked export by a lead");
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            "只有街道管理员可以导出完整证件号和手机号",
            "Only a district admin may export whole ID numbers and phones.",
        ));
    }
    let reason = form.reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 || reason.chars().any(char::is_control) {
        return Err(PageError::new(
            StatusCode::BAD_REQUEST,
            "请写明导出完整证件号的事由（200字以内）",
            "Say why the whole numbers are needed (at most 200 characters).",
        ));
    }
    let (from, to) = page::range(
        Some(&form.from),
        Some(&form.to),
        page::today(&state),
        7,
        MAX_DAYS,
    )?;
    let passages = state
        .storage
        .passages(Some(&community.name), from, to)
        .await?;
    state
        .storage
        .add_audit(&AuditEntry {
            at: time_text((state.clock)()),
            user: viewer.user.name.clone(),
            action: "export_unmasked".into(),
            community: Some(community.name.clone()),
            detail: json!({"from": from, "to": to, "rows": passages.len(), "reason": reason}),
        })
        .await?;
    tracing::info!(user = %viewer.user.name, community = %community.name, %from, %to, "unmasked export");
    respond(&community, from, to, &passages, false)
}

async fn file(
    state: &AppState,
    community: &Community,
    from: NaiveDate,
    to: NaiveDate,
    masked: bool,
) -> Result<Response, PageError> {
    let passages = state
        .storage
        .passages(Some(&community.name), from, to)
        .await?;
    respond(community, from, to, &passages, masked)
}

fn respond(
    community: &Community,
    from: NaiveDate,
    to: NaiveDate,
    passages: &[StoredPassage],
    masked: bool,
) -> Result<Response, PageError> {
    let bytes = workbook(passages, masked).map_err(|e| {
        PageError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "表格生成失败",
            e.to_string(),
        )
    })?;
    let which = if masked { "masked" } else { "full" };
    let name = format!("passages-{}-{from}-{to}-{which}.xlsx", community.slug);
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The header row.
pub const COLUMNS: [&str; 17] = [
    "时间",
    "日期",
    "卡口",
    "终端",
    "值守人",
    "方向",
    "类型",
    "姓名",
    "证件号",
    "手机号",
    "车牌",
    "来自",
    "探访",
    "住户号",
    "体温",
    "结果",
    "原因",
];

/// One passage as the cells of a row.
pub fn row(p: &StoredPassage, masked: bool) -> [String; 17] {
    let passage = &p.record.passage;
    let person = |v: &VisitorInfo| {
        if masked {
            (
                v.name.clone(),
                mask_document_number(&v.id_number),
                mask_phone(&v.phone),
                mask_text(&v.from),
                mask_text(&v.visiting),
            )
        } else {
            (
                v.name.clone(),
                v.id_number.clone(),
                v.phone.clone(),
                v.from.clone(),
                v.visiting.clone(),
            )
        }
    };
    let (kind, (name, id, phone, from, visiting), plate, household) = match &passage.subject {
        Subject::Pass {
            category,
            holder,
            household,
            ..
        } => (
            category
                .map_or("通行证（无法读取）", |c| c.label_zh())
                .to_string(),
            (
                holder.clone().unwrap_or_default(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ),
            String::new(),
            household.map(|h| h.number.to_string()).unwrap_or_default(),
        ),
        Subject::Visitor(v) => (
            "现场登记访客".to_string(),
            person(v),
            String::new(),
            v.household
                .map(|h| h.number.to_string())
                .unwrap_or_default(),
        ),
        Subject::Vehicle(v) => (
            format!("车辆（{} 人）", v.occupants),
            person(&v.driver),
            v.plate.clone(),
            v.driver
                .household
                .map(|h| h.number.to_string())
                .unwrap_or_default(),
        ),
    };
    [
        passage.at.format("%Y-%m-%d %H:%M:%S").to_string(),
        passage.at.date_naive().to_string(),
        p.checkpoint.clone(),
        p.terminal.clone(),
        p.record.operator.clone(),
        match passage.direction {
            Direction::In => "进".into(),
            Direction::Out => "出".into(),
        },
        kind,
        name,
        id,
        phone,
        plate,
        from,
        visiting,
        household,
        passage
            .temperatures
            .iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join(" / "),
        match passage.outcome {
            Outcome::Released => "放行".into(),
            Outcome::Refused => "劝返".into(),
            Outcome::Referred => "转介".into(),
            Outcome::Cancelled => "取消".into(),
        },
        passage
            .reason
            .map(|r| super::views::reason_label(r.code()).to_string())
            .unwrap_or_default(),
    ]
}

fn workbook(
    passages: &[StoredPassage],
    masked: bool,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("通行记录")?;
    let bold = Format::new().set_bold();
    for (c, title) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *title, &bold)?;
    }
    for (r, p) in passages.iter().enumerate() {
        for (c, cell) in row(p, masked).iter().enumerate() {
            // Text, always: an ID number written as a number loses digits.
            sheet.write_string(r as u32 + 1, c as u16, cell)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}
