use serde::{Deserialize, Serialize};

/// The health status the community office sets for a whole household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum HouseholdStatus {
    #[default]
    Normal,
    /// 密接: a member was a close contact; nobody goes out.
    CloseContact,
    /// 次密接: contact of a close contact; watched, not confined.
    SecondaryContact,
    /// 居家隔离: home quarantine; nobody goes out.
    HomeQuarantine,
    /// 空置: nobody lives there.
    Vacant,
}

impl HouseholdStatus {
    pub const ALL: [HouseholdStatus; 5] = [
        HouseholdStatus::Normal,
        HouseholdStatus::CloseContact,
        HouseholdStatus::SecondaryContact,
        HouseholdStatus::HomeQuarantine,
        HouseholdStatus::Vacant,
    ];

    pub fn code(self) -> &'static str {
        match self {
            HouseholdStatus::Normal => "normal",
            HouseholdStatus::CloseContact => "close_contact",
            HouseholdStatus::SecondaryContact => "secondary_contact",
            HouseholdStatus::HomeQuarantine => "home_quarantine",
            HouseholdStatus::Vacant => "vacant",
        }
    }

    pub fn from_code(code: &str) -> Option<HouseholdStatus> {
        HouseholdStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Reads the words a ledger uses for a status, in Chinese or English.
    pub fn from_ledger_word(word: &str) -> Option<HouseholdStatus> {
        let w = word.trim();
        if w.is_empty() {
            return Some(HouseholdStatus::Normal);
        }
        match w {
            "正常" => Some(HouseholdStatus::Normal),
            "密接" => Some(HouseholdStatus::CloseContact),
            "次密接" => Some(HouseholdStatus::SecondaryContact),
            "居家隔离" => Some(HouseholdStatus::HomeQuarantine),
            "空置" => Some(HouseholdStatus::Vacant),
            other => HouseholdStatus::from_code(&other.to_ascii_lowercase()),
        }
    }

    /// Whether members of the household may leave at all.
    pub fn confines_members(self) -> bool {
        matches!(
            self,
            HouseholdStatus::HomeQuarantine | HouseholdStatus::CloseContact
        )
    }
}

/// At most `outings` exits per household within any `days` consecutive days
/// (the seed practice is one person every two days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitQuota {
    pub outings: u32,
    pub days: u32,
}

impl std::str::FromStr for ExitQuota {
    type Err = String;

    /// Reads `OUTINGS/DAYS` as the lead types it (`1/2`: one outing per
    /// household every two days).
    fn from_str(s: &str) -> Result<ExitQuota, String> {
        let parsed = s
            .split_once('/')
            .and_then(|(o, d)| Some((o.trim().parse().ok()?, d.trim().parse().ok()?)));
        match parsed {
            Some((outings, days)) if days > 0 && days <= 366 => Ok(ExitQuota { outings, days }),
            _ => Err(format!(
                "`{s}` is not OUTINGS/DAYS with DAYS from 1 to 366 (e.g. 1/2: one outing per household every two days)"
            )),
        }
    }
}

/// A household as every gate of its community names it: the issuing key
/// that numbers the community's households, and the number the issuing
/// store gave it. A pass carries the number; two gates whose ledgers were
/// imported in different orders still agree on it, because only the
/// issuing store numbers households and never reuses a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct HouseholdRef {
    pub key_id: u32,
    pub number: u32,
}

/// A 户: one address, one status, optionally one exit quota.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Household {
    pub reference: HouseholdRef,
    /// Building-unit-room ("3-2-501") or village group, as the ledger writes it.
    pub address: String,
    pub status: HouseholdStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotas_read_as_outings_per_days() {
        assert_eq!(
            "1/2".parse(),
            Ok(ExitQuota {
                outings: 1,
                days: 2
            })
        );
        assert_eq!(
            " 3 / 7 ".parse(),
            Ok(ExitQuota {
                outings: 3,
                days: 7
            })
        );
        assert_eq!(
            "0/1".parse(),
            Ok(ExitQuota {
                outings: 0,
                days: 1
            })
        );
        for bad in ["", "1", "1/0", "a/2", "1/-2", "-1/2", "1/367", "1/2/3"] {
            let err = bad.parse::<ExitQuota>().unwrap_err();
            assert!(err.contains("OUTINGS/DAYS"), "{bad}: {err}");
        }
    }
}
