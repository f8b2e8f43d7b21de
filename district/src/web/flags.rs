//! The cross-gate flags page: what only the district sees (a household's
//! exits at several gates beyond its quota, one pass at two gates minutes
//! apart; `kakou_core::sync::cross_gate`), the flags sync raised for the
//! community's terminals, and the household edits that lost last-writer-wins.

use std::collections::{BTreeMap, HashSet};

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::{Days, Duration, NaiveDate};
use kakou_core::domain::{HouseholdRef, Subject};
use kakou_core::sync::cross_gate::{self, GatePassage, PASS_REUSE_WINDOW_MINUTES};

use super::auth::Viewer;
use super::page::{self, PageError, render};
use super::staff::{RangeQuery, nav};
use super::views::{self, Nav};
use crate::server::AppState;

pub struct OverQuotaRow {
    household: String,
    quota: String,
    exits: Vec<String>,
    across: bool,
}

pub struct ReuseRow {
    pass: String,
    holder: String,
    first: String,
    second: String,
    apart: String,
}

pub struct SyncFlagRow {
    at: String,
    kind: String,
    terminal: String,
    detail: String,
}

pub struct ConflictRow {
    at: String,
    household: String,
    winner: String,
    loser: String,
}

#[derive(Template)]
#[template(path = "flags.html")]
struct FlagsPage {
    nav: Nav,
    community: String,
    slug: String,
    from: NaiveDate,
    to: NaiveDate,
    window: i64,
    over_quota: Vec<OverQuotaRow>,
    reuse: Vec<ReuseRow>,
    sync_flags: Vec<SyncFlagRow>,
    conflicts: Vec<ConflictRow>,
}

pub async fn flags(
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
    // A quota window reaches back before `from`: read the days before it
    // too, so the first days' exits are judged with their whole window.
    let households = state.storage.households(&community.name).await?;
    let longest = households
        .iter()
        .filter_map(|h| h.quota.map(|q| q.days))
        .chain(
            state
                .storage
                .default_exit_quota(&community.name)
                .await?
                .map(|q| q.days),
        )
        .max()
        .unwrap_or(1);
    let read_from = from
        .checked_sub_days(Days::new(u64::from(longest.saturating_sub(1))))
        .unwrap_or(from);
    let passages = state
        .storage
        .passages(Some(&community.name), read_from, to)
        .await?;
    let gate: Vec<GatePassage<'_>> = passages
        .iter()
        .map(|p| GatePassage {
            id: &p.record.id,
            checkpoint: &p.checkpoint,
            terminal: &p.terminal,
            passage: &p.record.passage,
        })
        .collect();
    let default_quota = state.storage.default_exit_quota(&community.name).await?;
    let quotas: BTreeMap<HouseholdRef, Option<kakou_core::domain::ExitQuota>> = households
        .iter()
        .map(|h| {
            (
                HouseholdRef {
                    key_id: h.key_id,
                    number: h.number,
                },
                h.quota,
            )
        })
        .collect();
    let addresses: BTreeMap<HouseholdRef, String> = households
        .iter()
        .map(|h| {
            (
                HouseholdRef {
                    key_id: h.key_id,
                    number: h.number,
                },
                h.address.clone(),
            )
        })
        .collect();
    let over_quota = cross_gate::exits_beyond_quota(&gate, |h| {
        quotas.get(&h).copied().flatten().or(default_quota)
    })
    .into_iter()
    .filter(|f| f.exits.last().is_some_and(|e| e.at.date_naive() >= from))
    .map(|f| OverQuotaRow {
        household: views::household_name(&addresses, f.household),
        quota: views::quota_text(f.quota),
        across: f.across_gates(),
        exits: f.exits.iter().map(views::seen_text).collect(),
    })
    .collect();
    let holders: BTreeMap<&str, String> = passages
        .iter()
        .filter_map(|p| match &p.record.passage.subject {
            Subject::Pass {
                holder: Some(h), ..
            } => Some((p.record.id.as_str(), h.clone())),
            _ => None,
        })
        .collect();
    let reuse =
        cross_gate::pass_used_at_two_gates(&gate, Duration::minutes(PASS_REUSE_WINDOW_MINUTES))
            .into_iter()
            .filter(|f| f.second.at.date_naive() >= from)
            .map(|f| ReuseRow {
                pass: format!("{:08x} · {}", f.key_id, f.serial),
                holder: holders
                    .get(f.second.id.as_str())
                    .cloned()
                    .unwrap_or_default(),
                first: views::seen_text(&f.first),
                second: views::seen_text(&f.second),
                apart: format!("{} 分 {} 秒", f.seconds_apart / 60, f.seconds_apart % 60),
            })
            .collect();
    let ours: HashSet<String> = state
        .storage
        .terminals()
        .await?
        .into_iter()
        .filter(|t| t.community == community.name)
        .map(|t| t.id)
        .collect();
    let sync_flags = state
        .storage
        .flags()
        .await?
        .into_iter()
        .filter(|f| ours.contains(&f.terminal))
        .map(|f| SyncFlagRow {
            at: f.created_at,
            kind: f.kind,
            terminal: f.terminal,
            detail: kakou_core::privacy::mask_text(&f.detail.to_string()),
        })
        .collect();
    let conflicts = state
        .storage
        .household_conflicts(&community.name)
        .await?
        .into_iter()
        .map(|c| ConflictRow {
            at: c.recorded_at,
            household: views::household_name(
                &addresses,
                HouseholdRef {
                    key_id: c.key_id,
                    number: c.number,
                },
            ),
            winner: format!(
                "{}（{}）",
                views::status_label(c.winner.status),
                c.winner.terminal
            ),
            loser: format!(
                "{}（{}）",
                views::status_label(c.loser.status),
                c.loser.terminal
            ),
        })
        .collect();
    render(&FlagsPage {
        nav: nav(&viewer, Some(&community), "flags"),
        community: community.name.clone(),
        slug: community.slug.clone(),
        from,
        to,
        window: PASS_REUSE_WINDOW_MINUTES,
        over_quota,
        reuse,
        sync_flags,
        conflicts,
    })
}
