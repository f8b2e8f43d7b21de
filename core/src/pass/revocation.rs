//! Why a pass was revoked. The reason travels with the revocation to every
//! gate, so the volunteer can tell a lost card from one whose holder moved.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevocationReason {
    /// Reported lost (挂失).
    Lost,
    /// The holder moved out of the community.
    Moved,
    /// The card is damaged and a new one was made.
    Damaged,
    /// Replaced by a newer card of the same person.
    Replaced,
    Other,
}

impl RevocationReason {
    pub const ALL: [RevocationReason; 5] = [
        RevocationReason::Lost,
        RevocationReason::Moved,
        RevocationReason::Damaged,
        RevocationReason::Replaced,
        RevocationReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RevocationReason::Lost => "lost",
            RevocationReason::Moved => "moved",
            RevocationReason::Damaged => "damaged",
            RevocationReason::Replaced => "replaced",
            RevocationReason::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<RevocationReason> {
        RevocationReason::ALL.into_iter().find(|r| r.code() == code)
    }
}

impl std::str::FromStr for RevocationReason {
    type Err = String;

    fn from_str(s: &str) -> Result<RevocationReason, String> {
        RevocationReason::from_code(s.trim()).ok_or_else(|| {
            format!("`{s}` is not a revocation reason (lost, moved, damaged, replaced, other)")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_back_from_their_codes() {
        for reason in RevocationReason::ALL {
            assert_eq!(reason.code().parse(), Ok(reason));
        }
        assert!(
            "stolen"
                .parse::<RevocationReason>()
                .unwrap_err()
                .contains("lost, moved")
        );
    }
}
