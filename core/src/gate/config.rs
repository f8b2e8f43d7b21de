use serde::{Deserialize, Serialize};

use crate::domain::{ExitQuota, Temperature};

/// The community's rules for the gate, set by the shift lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GateConfig {
    /// A reading at or above this is a fever (default 37.3 °C).
    pub fever_at: Temperature,
    /// How long a person rests before the second reading after a fever.
    pub rest_seconds: i64,
    /// How long a screen may be left alone before the flow returns to idle.
    pub idle_timeout_seconds: i64,
    /// How long the outcome stays on screen before the gate returns to idle.
    pub outcome_seconds: i64,
    /// The exit quota for households that have none of their own; off by default.
    pub exit_quota: Option<ExitQuota>,
}

impl Default for GateConfig {
    fn default() -> Self {
        GateConfig {
            fever_at: Temperature::DEFAULT_FEVER,
            rest_seconds: 300,
            idle_timeout_seconds: 120,
            outcome_seconds: 6,
            exit_quota: None,
        }
    }
}
