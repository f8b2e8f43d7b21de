//! Turning what storage and the core answer into the rows the templates
//! show: plain strings and numbers, worded once here.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, NaiveDate};
use kakou_core::domain::{ExitQuota, HouseholdRef, HouseholdStatus};
use kakou_core::report::DailyReport;
use kakou_core::sync::cross_gate::Seen;
use kakou_core::sync::district_report::ReportLine;

use super::grid;
use crate::storage::{Community, HouseholdView};

/// The header of every staff page.
pub struct Nav {
    pub user: String,
    pub role: &'static str,
    pub admin: bool,
    pub csrf: String,
    pub community: Option<NavCommunity>,
    pub active: &'static str,
}

pub struct NavCommunity {
    pub name: String,
    pub slug: String,
}

impl NavCommunity {
    pub fn of(c: &Community) -> NavCommunity {
        NavCommunity {
            name: c.name.clone(),
            slug: c.slug.clone(),
        }
    }
}

pub fn status_label(status: HouseholdStatus) -> &'static str {
    match status {
        HouseholdStatus::Normal => "正常",
        HouseholdStatus::CloseContact => "密接",
        HouseholdStatus::SecondaryContact => "次密接",
        HouseholdStatus::HomeQuarantine => "居家隔离",
        HouseholdStatus::Vacant => "空置",
    }
}

/// One checkpoint's day on the dashboard.
pub struct DayRow {
    pub checkpoint: String,
    pub passages: u32,
    pub people_in: u32,
    pub people_out: u32,
    pub visitors: u32,
    pub vehicles: u32,
    pub fever: u32,
    pub refused: u32,
    pub referred: u32,
    pub cancelled: u32,
    pub reported: bool,
}

impl DayRow {
    pub fn of(r: &DailyReport, reported: bool) -> DayRow {
        DayRow {
            checkpoint: r.checkpoint.clone(),
            passages: r.passages,
            people_in: r.people_in.total,
            people_out: r.people_out.total,
            visitors: r.people_in.visitor + r.people_out.visitor,
            vehicles: r.vehicles.values().sum(),
            fever: r.fever_readings,
            refused: r.refused.values().sum(),
            referred: r.referred.values().sum(),
            cancelled: r.cancelled,
            reported,
        }
    }
}

/// One community's part of a day's report lines: each checkpoint's report
/// (a zero one for an enrolled checkpoint without passages) with whether
/// it has reported, and the checkpoints that have not.
#[derive(Clone)]
pub struct CommunityDay {
    pub reports: Vec<(DailyReport, bool)>,
    pub not_reported: Vec<String>,
}

pub fn community_day(day: NaiveDate, lines: &[ReportLine], community: &str) -> CommunityDay {
    let not_reported: Vec<String> = lines
        .iter()
        .filter_map(|l| match l {
            ReportLine::NotReported {
                community: c,
                checkpoint,
                ..
            } if c == community => Some(checkpoint.clone()),
            _ => None,
        })
        .collect();
    let mut reports: BTreeMap<String, DailyReport> = lines
        .iter()
        .filter_map(|l| match l {
            ReportLine::Counts {
                community: c,
                report,
            } if c == community => Some((report.checkpoint.clone(), report.clone())),
            _ => None,
        })
        .collect();
    for checkpoint in &not_reported {
        reports.entry(checkpoint.clone()).or_insert_with(|| {
            kakou_core::sync::district_report::checkpoint_report(day, checkpoint, &[])
        });
    }
    CommunityDay {
        reports: reports
            .into_values()
            .map(|r| {
                let reported = !not_reported.contains(&r.checkpoint);
                (r, reported)
            })
            .collect(),
        not_reported,
    }
}

/// A report row for the reports page.
pub struct ReportRow {
    pub day: NaiveDate,
    pub checkpoint: String,
    pub zero: bool,
    pub passages: u32,
    pub people_in: String,
    pub people_out: String,
    pub vehicles: String,
    pub fever: u32,
    pub refused: String,
    pub referred: String,
    pub cancelled: u32,
    pub alerts: u32,
    pub reported: bool,
    pub in_total: u32,
    pub out_total: u32,
}

fn people(p: &kakou_core::report::PeopleCounts) -> String {
    format!(
        "{} （{}/{}/{}/{}）",
        p.total, p.resident, p.tenant, p.returned, p.visitor
    )
}

/// A passage reason's code as the community offices say it.
pub fn reason_label(code: &str) -> &str {
    match code {
        "fever" => "发热",
        "symptoms" => "有症状",
        "travel_14d" => "14天内外出",
        "contact_14d" => "14天内接触",
        "household_quarantine" => "居家隔离户",
        "household_close_contact" => "密接户",
        "exit_quota" => "超出外出限额",
        "operator" => "值守人决定",
        "timeout" => "超时",
        "malformed" => "通行证无法识别",
        "bad_signature" => "通行证签名不符",
        "unknown_key" => "未知签发密钥",
        "not_yet_valid" => "通行证未生效",
        "expired" => "通行证过期",
        "revoked" => "通行证已吊销",
        "other_community" => "外社区通行证",
        other => other,
    }
}

fn reasons(map: &BTreeMap<String, u32>) -> String {
    map.iter()
        .map(|(k, v)| format!("{} {v}", reason_label(k)))
        .collect::<Vec<_>>()
        .join("，")
}

impl ReportRow {
    pub fn of(r: &DailyReport, reported: bool) -> ReportRow {
        ReportRow {
            day: r.day,
            checkpoint: r.checkpoint.clone(),
            zero: r.zero_report,
            passages: r.passages,
            people_in: people(&r.people_in),
            people_out: people(&r.people_out),
            vehicles: format!(
                "{} （{}）",
                r.vehicles.values().sum::<u32>(),
                r.vehicle_occupants
            ),
            fever: r.fever_readings,
            refused: reasons(&r.refused),
            referred: reasons(&r.referred),
            cancelled: r.cancelled,
            alerts: r.alerts,
            reported,
            in_total: r.people_in.total,
            out_total: r.people_out.total,
        }
    }
}

/// A cell of the household map.
pub struct CellView {
    pub room: String,
    pub status: &'static str,
    pub label: &'static str,
    pub address: String,
}

pub struct RowView {
    pub floor: u32,
    pub cells: Vec<Option<CellView>>,
}

pub struct BuildingView {
    pub number: u32,
    pub units: Vec<(u32, usize)>,
    pub rows: Vec<RowView>,
}

pub struct OtherView {
    pub address: String,
    pub status: &'static str,
    pub label: &'static str,
}

pub struct LegendItem {
    pub code: &'static str,
    pub label: &'static str,
    pub count: usize,
}

/// The household map of a community's households.
pub fn household_map(
    households: &[HouseholdView],
) -> (Vec<BuildingView>, Vec<OtherView>, Vec<LegendItem>) {
    let addresses: Vec<&str> = households.iter().map(|h| h.address.as_str()).collect();
    let layout = grid::layout(&addresses);
    let cell = |i: usize, column: (u32, u32), floor: u32| {
        let h = &households[i];
        CellView {
            room: format!("{}{:02}", floor, column.1),
            status: h.status.code(),
            label: status_label(h.status),
            address: h.address.clone(),
        }
    };
    let buildings = layout
        .buildings
        .iter()
        .map(|b| BuildingView {
            number: b.number,
            units: b.units(),
            rows: b
                .floors
                .iter()
                .zip(&b.cells)
                .map(|(&floor, cells)| RowView {
                    floor,
                    cells: cells
                        .iter()
                        .zip(&b.columns)
                        .map(|(c, &column)| c.map(|i| cell(i, column, floor)))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let others = layout
        .others
        .iter()
        .map(|&i| OtherView {
            address: households[i].address.clone(),
            status: households[i].status.code(),
            label: status_label(households[i].status),
        })
        .collect();
    let legend = HouseholdStatus::ALL
        .iter()
        .map(|&s| LegendItem {
            code: s.code(),
            label: status_label(s),
            count: households.iter().filter(|h| h.status == s).count(),
        })
        .collect();
    (buildings, others, legend)
}

/// A household as a person reads it: its address and number.
pub fn household_name(households: &BTreeMap<HouseholdRef, String>, h: HouseholdRef) -> String {
    match households.get(&h) {
        Some(address) => format!("{address}（#{}）", h.number),
        None => format!("#{} / 密钥 {:08x}", h.number, h.key_id),
    }
}

pub fn quota_text(q: ExitQuota) -> String {
    format!("每 {} 天 {} 次", q.days, q.outings)
}

pub fn local_time(at: DateTime<FixedOffset>) -> String {
    at.format("%m-%d %H:%M").to_string()
}

pub fn seen_text(s: &Seen) -> String {
    let direction = match s.direction {
        kakou_core::domain::Direction::In => "进",
        kakou_core::domain::Direction::Out => "出",
    };
    format!("{} {} {}", local_time(s.at), s.checkpoint, direction)
}

/// The checkpoints of a week's lines, in name order: the chart's series.
pub fn checkpoints_of(days: &[CommunityDay]) -> Vec<String> {
    days.iter()
        .flat_map(|d| d.reports.iter().map(|(r, _)| r.checkpoint.clone()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}
