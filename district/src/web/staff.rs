//! The staff pages: every community at a glance, and per community the
//! dashboard, the household map, reports, visitors and the poster; the
//! audit log for admins. The flags page is `flags.rs`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::http::header::HOST;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Days, NaiveDate};
use kakou_core::domain::mask_document_number;
use kakou_core::privacy::mask_phone;
use kakou_core::sync::district_report::district_day;
use serde::Deserialize;

use super::auth::Viewer;
use super::chart::{self, Chart, Series};
use super::page::{self, PageError, render};
use super::qr;
use super::views::{
    self, BuildingView, DayRow, LegendItem, Nav, NavCommunity, OtherView, ReportRow,
};
use crate::poster;
use crate::server::AppState;
use crate::storage::{AuditEntry, Community, Role};

pub(super) fn nav(viewer: &Viewer, community: Option<&Community>, active: &'static str) -> Nav {
    Nav {
        user: viewer.user.name.clone(),
        role: match viewer.user.role {
            Role::Admin => "街道管理员",
            Role::Lead => "社区负责人",
        },
        admin: viewer.is_admin(),
        csrf: viewer.csrf.clone(),
        community: community.map(NavCommunity::of),
        active,
    }
}

#[derive(Deserialize, Default)]
pub struct DayQuery {
    day: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct RangeQuery {
    pub(super) from: Option<String>,
    pub(super) to: Option<String>,
}

/// The lines of `district_day` for one day.
async fn day_lines(
    state: &AppState,
    day: NaiveDate,
) -> Result<Vec<kakou_core::sync::district_report::ReportLine>, PageError> {
    let inputs = state.storage.day_inputs(day).await?;
    Ok(district_day(
        day,
        &inputs.enrolled,
        &inputs.passages,
        &inputs.reported,
    ))
}

pub struct OverviewRow {
    name: String,
    slug: String,
    checkpoints: usize,
    passages: u32,
    people_in: u32,
    people_out: u32,
    fever: u32,
    refused: u32,
    not_reported: Vec<String>,
}

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    nav: Nav,
    day: NaiveDate,
    rows: Vec<OverviewRow>,
}

/// `/`: an admin sees every community; a lead goes to their own.
pub async fn overview(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<DayQuery>,
) -> Result<Response, PageError> {
    let communities = state.storage.communities().await?;
    if viewer.user.role == Role::Lead {
        let own = communities
            .iter()
            .find(|c| viewer.user.may_see(&c.name))
            .ok_or_else(|| {
                PageError::new(
                    axum::http::StatusCode::NOT_FOUND,
                    "您的社区还没有登记卡口",
                    "Your community has no checkpoint enrolled yet.",
                )
            })?;
        return Ok(Redirect::to(&format!("/c/{}", own.slug)).into_response());
    }
    let day = page::day_or(q.day.as_deref(), page::today(&state))?;
    let lines = day_lines(&state, day).await?;
    let rows = communities
        .iter()
        .map(|c| {
            let d = views::community_day(day, &lines, &c.name);
            let sum = |f: fn(&kakou_core::report::DailyReport) -> u32| {
                d.reports.iter().map(|(r, _)| f(r)).sum()
            };
            OverviewRow {
                name: c.name.clone(),
                slug: c.slug.clone(),
                checkpoints: d.reports.len(),
                passages: sum(|r| r.passages),
                people_in: sum(|r| r.people_in.total),
                people_out: sum(|r| r.people_out.total),
                fever: sum(|r| r.fever_readings),
                refused: sum(|r| r.refused.values().sum()),
                not_reported: d.not_reported.clone(),
            }
        })
        .collect();
    render(&OverviewPage {
        nav: nav(&viewer, None, "overview"),
        day,
        rows,
    })
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    nav: Nav,
    community: String,
    slug: String,
    day: NaiveDate,
    week_from: NaiveDate,
    not_reported: Vec<String>,
    today: Vec<DayRow>,
    chart: Chart,
    series: Vec<(usize, String)>,
    admin: bool,
    csrf: String,
}

/// How many days the dashboard's chart shows.
const CHART_DAYS: u64 = 7;

pub async fn dashboard(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Query(q): Query<DayQuery>,
) -> Result<Response, PageError> {
    let community = viewer.community(&state, &slug).await?;
    let day = page::day_or(q.day.as_deref(), page::today(&state))?;
    let week_from = day
        .checked_sub_days(Days::new(CHART_DAYS - 1))
        .unwrap_or(day);
    let mut days = Vec::new();
    for d in week_from.iter_days().take(CHART_DAYS as usize) {
        let lines = day_lines(&state, d).await?;
        days.push((d, views::community_day(d, &lines, &community.name)));
    }
    let week: Vec<views::CommunityDay> = days.iter().map(|(_, d)| d.clone()).collect();
    let checkpoints = views::checkpoints_of(&week);
    let series: Vec<Series> = checkpoints
        .iter()
        .map(|cp| Series {
            name: cp.clone(),
            values: days
                .iter()
                .map(|(_, d)| {
                    d.reports
                        .iter()
                        .find(|(r, _)| &r.checkpoint == cp)
                        .map_or(0, |(r, _)| r.passages)
                })
                .collect(),
        })
        .collect();
    let labels: Vec<String> = days
        .iter()
        .map(|(d, _)| d.format("%m-%d").to_string())
        .collect();
    let chart = chart::bar_chart(&labels, &series, 720.0, 240.0);
    let (_, this_day) = days.pop().expect("the chart has days");
    render(&DashboardPage {
        nav: nav(&viewer, Some(&community), "dashboard"),
        community: community.name.clone(),
        slug: community.slug.clone(),
        day,
        week_from,
        not_reported: this_day.not_reported.clone(),
        today: this_day
            .reports
            .iter()
            .map(|(r, reported)| DayRow::of(r, *reported))
            .collect(),
        chart,
        series: checkpoints.into_iter().enumerate().collect(),
        admin: viewer.is_admin(),
        csrf: viewer.csrf.clone(),
    })
}

#[derive(Template)]
#[template(path = "map.html")]
struct MapPage {
    nav: Nav,
    community: String,
    total: usize,
    buildings: Vec<BuildingView>,
    others: Vec<OtherView>,
    legend: Vec<LegendItem>,
}

pub async fn map(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let community = viewer.community(&state, &slug).await?;
    let households = state.storage.households(&community.name).await?;
    let (buildings, others, legend) = views::household_map(&households);
    render(&MapPage {
        nav: nav(&viewer, Some(&community), "map"),
        community: community.name.clone(),
        total: households.len(),
        buildings,
        others,
        legend,
    })
}

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    nav: Nav,
    community: String,
    slug: String,
    from: NaiveDate,
    to: NaiveDate,
    rows: Vec<ReportRow>,
    total_passages: u32,
    total_in: u32,
    total_out: u32,
    total_fever: u32,
}

pub async fn report(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Query(q): Query<RangeQuery>,
) -> Result<Response, PageError> {
    let community = viewer.community(&state, &slug).await?;
    let (from, to) = page::range(
        q.from.as_deref(),
        q.to.as_deref(),
        page::today(&state),
        7,
        62,
    )?;
    let mut rows = Vec::new();
    for day in from.iter_days().take_while(|d| *d <= to) {
        let lines = day_lines(&state, day).await?;
        let d = views::community_day(day, &lines, &community.name);
        rows.extend(
            d.reports
                .iter()
                .map(|(r, reported)| ReportRow::of(r, *reported)),
        );
    }
    render(&ReportPage {
        nav: nav(&viewer, Some(&community), "report"),
        community: community.name.clone(),
        slug: community.slug.clone(),
        from,
        to,
        total_passages: rows.iter().map(|r| r.passages).sum(),
        total_in: rows.iter().map(|r| r.in_total).sum(),
        total_out: rows.iter().map(|r| r.out_total).sum(),
        total_fever: rows.iter().map(|r| r.fever).sum(),
        rows,
    })
}

pub struct VisitorRow {
    day: NaiveDate,
    serial: u64,
    name: String,
    id_number: String,
    phone: String,
    from: String,
    address: String,
    created_at: String,
}

#[derive(Template)]
#[template(path = "visitors.html")]
struct VisitorsPage {
    nav: Nav,
    community: String,
    slug: String,
    from: NaiveDate,
    to: NaiveDate,
    visitors: Vec<VisitorRow>,
}

pub async fn visitors(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Query(q): Query<RangeQuery>,
) -> Result<Response, PageError> {
    let community = viewer.community(&state, &slug).await?;
    let today = page::today(&state);
    let (from, to) = page::range(
        q.from.as_deref(),
        q.to.as_deref()
            .or(Some(&(today + Days::new(7)).to_string())),
        today,
        8,
        62,
    )?;
    let visitors = state
        .storage
        .visitors(&community.name, from, to)
        .await?
        .into_iter()
        .map(|v| VisitorRow {
            day: v.visit_day,
            serial: v.serial,
            name: v.name,
            id_number: mask_document_number(&v.id_number),
            phone: mask_phone(&v.phone),
            from: v.from,
            address: v.address,
            created_at: v.created_at,
        })
        .collect();
    render(&VisitorsPage {
        nav: nav(&viewer, Some(&community), "visitors"),
        community: community.name.clone(),
        slug: community.slug.clone(),
        from,
        to,
        visitors,
    })
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    nav: Nav,
    entries: Vec<AuditEntry>,
}

pub async fn audit(State(state): State<AppState>, viewer: Viewer) -> Result<Response, PageError> {
    if !viewer.is_admin() {
        return Err(PageError::forbidden());
    }
    let entries = state.storage.audit(500).await?;
    render(&AuditPage {
        nav: nav(&viewer, None, "audit"),
        entries,
    })
}

#[derive(Deserialize, Default)]
pub struct PosterQuery {
    checkpoint: Option<String>,
}

#[derive(Template)]
#[template(path = "poster.html")]
struct PosterPage {
    nav: Nav,
    community: String,
    slug: String,
    checkpoint: String,
    base_url: String,
    url: String,
    qr: String,
    lines: Vec<String>,
}

pub async fn poster(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<PosterQuery>,
) -> Result<Response, PageError> {
    let community = viewer.community(&state, &slug).await?;
    let base_url = match &state.web.config.public_url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => {
            let host = headers
                .get(HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("127.0.0.1");
            format!("http://{host}")
        }
    };
    let url = poster::visitor_url(&base_url, &community.slug);
    let qr = qr::text_matrix(&url)
        .map_err(|e| {
            PageError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "二维码生成失败",
                e.to_string(),
            )
        })?
        .svg(400, "访客登记二维码");
    let checkpoint = q.checkpoint.unwrap_or_default().trim().to_string();
    render(&PosterPage {
        nav: nav(&viewer, Some(&community), "poster"),
        lines: poster::instructions(&checkpoint),
        community: community.name.clone(),
        slug: community.slug.clone(),
        checkpoint,
        base_url,
        url,
        qr,
    })
}
