//! The gate rules as stored in the terminal's settings.

use kakou_core::domain::{ExitQuota, Temperature};
use kakou_core::gate::GateConfig;
use rusqlite::Connection;

use super::{StoreError, meta};

fn number(conn: &Connection, key: &str, default: i64) -> Result<i64, StoreError> {
    match meta::get(conn, key)? {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| StoreError::Damaged(format!("setting {key} = `{v}`"))),
    }
}

/// The gate rules, with the defaults of DESIGN §6 for what was never set.
pub fn load(conn: &Connection) -> Result<GateConfig, StoreError> {
    let default = GateConfig::default();
    let outings = number(conn, "exit_quota_outings", 0)?;
    let days = number(conn, "exit_quota_days", 0)?;
    Ok(GateConfig {
        fever_at: Temperature(
            number(conn, "fever_at_tenths", default.fever_at.tenths().into())? as i32,
        ),
        rest_seconds: number(conn, "rest_seconds", default.rest_seconds)?,
        idle_timeout_seconds: number(conn, "idle_timeout_seconds", default.idle_timeout_seconds)?,
        outcome_seconds: number(conn, "outcome_seconds", default.outcome_seconds)?,
        exit_quota: (outings > 0 && days > 0).then_some(ExitQuota {
            outings: outings as u32,
            days: days as u32,
        }),
    })
}

pub fn save(conn: &Connection, config: &GateConfig) -> Result<(), StoreError> {
    let quota = config.exit_quota;
    for (key, value) in [
        ("fever_at_tenths", i64::from(config.fever_at.tenths())),
        ("rest_seconds", config.rest_seconds),
        ("idle_timeout_seconds", config.idle_timeout_seconds),
        ("outcome_seconds", config.outcome_seconds),
        ("exit_quota_outings", quota.map_or(0, |q| q.outings.into())),
        ("exit_quota_days", quota.map_or(0, |q| q.days.into())),
    ] {
        meta::set(conn, key, &value.to_string())?;
    }
    Ok(())
}
