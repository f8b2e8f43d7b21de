//! The community's master data as a signed file, for gates without a
//! network (DESIGN §5, `kakou bundle export|import`).
//!
//! The issuing store writes what every gate of the community must agree on —
//! the keys it trusts, its households (number, address, status, quota) and
//! every revocation — signs it with the community's issuing key and stamps
//! it with a version that only grows. A verifier gate reads it, checks it
//! with [`open`], and decides with [`accept`] whether it may replace what it
//! holds. No person, ID number or phone is ever in a bundle.
//!
//! The file is JSON: `{"format":"kakou-bundle-1","content":{…},"signature":"…"}`.
//! The signature is Ed25519 over `"kakou/bundle/1\0"` followed by the
//! content as this module serialises it, so a reader checks the content it
//! understood, not bytes it skipped.

use ed25519_dalek::{Signature, Signer, SigningKey};
use serde::{Deserialize, Serialize};

use crate::domain::{ExitQuota, HouseholdStatus};
use crate::pass::{TrustList, TrustedKey};

/// The marker of the bundle file format; a reader refuses any other.
pub const BUNDLE_FORMAT: &str = "kakou-bundle-1";

/// What the signature covers, before the content: a bundle signature can
/// never be taken for a pass signature made with the same key.
pub const BUNDLE_SIGNATURE_CONTEXT: &[u8] = b"kakou/bundle/1\0";

/// The master data of one community.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleContent {
    /// The community's name, exactly as its gates spell it.
    pub community: String,
    /// Grows with every bundle the issuing store writes; a gate refuses a
    /// bundle older than the one it holds.
    pub version: u64,
    /// When the issuing store wrote it (RFC 3339), for the gate's "data as of".
    pub written_at: String,
    /// The community's issuing key, which signs the bundle. The first bundle
    /// a gate imports pins it.
    pub issuer: TrustedKey,
    /// Every key the gates of this community trust (the issuer's own, the
    /// neighbours', the visitor key).
    pub keys: Vec<TrustedKey>,
    pub households: Vec<BundleHousehold>,
    pub revocations: Vec<BundleRevocation>,
}

/// A household as the community's gates need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleHousehold {
    /// The issuing store's number, which passes carry.
    pub number: u32,
    pub address: String,
    pub status: HouseholdStatus,
    /// The household's own exit quota, if it has one.
    pub quota: Option<ExitQuota>,
}

/// A revoked card: one serial of one key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleRevocation {
    pub key_id: u32,
    pub serial: u64,
    pub reason: String,
    pub revoked_at: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BundleFile {
    format: String,
    content: BundleContent,
    /// 128 hex digits.
    signature: String,
}

/// Why a bundle file cannot be read, or was not written by the key it names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    #[error("not a kakou bundle: {0}")]
    Json(String),
    #[error("the format is `{found}`, not {BUNDLE_FORMAT}")]
    WrongFormat { found: String },
    #[error("the bundle's keys are not a valid trust list: {0}")]
    Keys(String),
    #[error("the issuer's key is not listed among the bundle's keys")]
    IssuerNotListed,
    #[error("the issuer's key belongs to `{key}`, not to the bundle's community `{community}`")]
    IssuerOfAnotherCommunity { key: String, community: String },
    #[error("the signature does not match the content: the file was altered or damaged")]
    BadSignature,
    #[error("household number {0} appears twice")]
    DuplicateHousehold(u32),
}

impl BundleError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            BundleError::Json(_) => "bundle_json",
            BundleError::WrongFormat { .. } => "bundle_wrong_format",
            BundleError::Keys(_) => "bundle_keys",
            BundleError::IssuerNotListed => "bundle_issuer_not_listed",
            BundleError::IssuerOfAnotherCommunity { .. } => "bundle_issuer_other_community",
            BundleError::BadSignature => "bundle_bad_signature",
            BundleError::DuplicateHousehold(_) => "bundle_duplicate_household",
        }
    }
}

fn signed_message(content: &BundleContent) -> Vec<u8> {
    let mut message = BUNDLE_SIGNATURE_CONTEXT.to_vec();
    // Serialising a struct of ours cannot fail: it has no maps with non-text
    // keys and no types that refuse.
    message.extend(serde_json::to_vec(content).unwrap_or_default());
    message
}

/// Signs `content` with the community's issuing key and writes the file.
pub fn seal(content: &BundleContent, key: &SigningKey) -> String {
    let signature = key.sign(&signed_message(content));
    let file = BundleFile {
        format: BUNDLE_FORMAT.to_string(),
        content: content.clone(),
        signature: signature
            .to_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// Reads a bundle file and checks that it is whole and signed by the issuer
/// it names, which must be a key of the bundle's own community. Whether
/// this gate accepts that issuer and version is [`accept`]'s to say.
pub fn open(text: &str) -> Result<BundleContent, BundleError> {
    let file: BundleFile =
        serde_json::from_str(text).map_err(|e| BundleError::Json(e.to_string()))?;
    if file.format != BUNDLE_FORMAT {
        return Err(BundleError::WrongFormat { found: file.format });
    }
    let content = file.content;
    TrustList::new(content.keys.clone()).map_err(|e| BundleError::Keys(e.to_string()))?;
    TrustList::new(vec![content.issuer.clone()]).map_err(|e| BundleError::Keys(e.to_string()))?;
    if !content.keys.contains(&content.issuer) {
        return Err(BundleError::IssuerNotListed);
    }
    if content.issuer.community != content.community {
        return Err(BundleError::IssuerOfAnotherCommunity {
            key: content.issuer.community.clone(),
            community: content.community.clone(),
        });
    }
    let signature = parse_signature(&file.signature).ok_or(BundleError::BadSignature)?;
    let key = content
        .issuer
        .verifying_key()
        .ok_or(BundleError::BadSignature)?;
    key.verify_strict(&signed_message(&content), &signature)
        .map_err(|_| BundleError::BadSignature)?;
    let mut numbers: Vec<u32> = content.households.iter().map(|h| h.number).collect();
    numbers.sort_unstable();
    if let Some(twice) = numbers.windows(2).find(|w| w[0] == w[1]) {
        return Err(BundleError::DuplicateHousehold(twice[0]));
    }
    Ok(content)
}

fn parse_signature(hex: &str) -> Option<Signature> {
    if hex.len() != 128 || !hex.is_ascii() {
        return None;
    }
    let mut bytes = [0u8; 64];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(Signature::from_bytes(&bytes))
}

/// What a gate holds of its community's master data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    /// The pinned issuing key: the one that signed the first bundle.
    pub issuer: [u8; 32],
    /// The version of the newest bundle imported.
    pub version: u64,
}

/// Why a gate refuses a genuine bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The bundle is another community's.
    OtherCommunity { bundle: String, gate: String },
    /// Signed by a key other than the one this gate pinned.
    OtherIssuer,
    /// Older than the bundle this gate already holds.
    Older { bundle: u64, held: u64 },
}

/// Whether a gate of `community` holding `held` takes this bundle. The
/// first bundle pins its issuer; later ones must come from that key and be
/// at least as new (the same version again is the same data, imported
/// twice without harm).
pub fn accept(
    content: &BundleContent,
    community: &str,
    held: Option<&Held>,
) -> Result<(), Refusal> {
    if content.community != community {
        return Err(Refusal::OtherCommunity {
            bundle: content.community.clone(),
            gate: community.to_string(),
        });
    }
    if let Some(held) = held {
        if held.issuer != content.issuer.public_key {
            return Err(Refusal::OtherIssuer);
        }
        if content.version < held.version {
            return Err(Refusal::Older {
                bundle: content.version,
                held: held.version,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::HouseholdStatus;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn content(community: &str, signer: &SigningKey, version: u64) -> BundleContent {
        let issuer = TrustedKey::new(community, &signer.verifying_key());
        BundleContent {
            community: community.into(),
            version,
            written_at: "2026-11-24T08:00:00+08:00".into(),
            issuer: issuer.clone(),
            keys: vec![issuer, TrustedKey::new("东城", &key(3).verifying_key())],
            households: vec![
                BundleHousehold {
                    number: 1,
                    address: "1-1-101".into(),
                    status: HouseholdStatus::Normal,
                    quota: None,
                },
                BundleHousehold {
                    number: 2,
                    address: "1-1-102".into(),
                    status: HouseholdStatus::HomeQuarantine,
                    quota: Some(ExitQuota {
                        outings: 1,
                        days: 2,
                    }),
                },
            ],
            revocations: vec![BundleRevocation {
                key_id: 7,
                serial: 12,
                reason: "lost".into(),
                revoked_at: "2026-11-24T07:00:00+08:00".into(),
            }],
        }
    }

    #[test]
    fn a_sealed_bundle_opens_to_the_same_content() {
        let c = content("幸福里", &key(1), 4);
        let text = seal(&c, &key(1));
        assert_eq!(open(&text), Ok(c));
        assert!(!text.contains("id_number") && !text.contains("phone"));
    }

    #[test]
    fn an_altered_or_foreign_bundle_does_not_open() {
        let text = seal(&content("幸福里", &key(1), 4), &key(1));
        let altered = text.replace("home_quarantine", "normal");
        assert_eq!(open(&altered), Err(BundleError::BadSignature));
        // Signed by a key other than the issuer it names.
        let forged = seal(&content("幸福里", &key(1), 4), &key(2));
        assert_eq!(open(&forged), Err(BundleError::BadSignature));
        let wrong = text.replace(BUNDLE_FORMAT, "kakou-bundle-0");
        assert!(matches!(open(&wrong), Err(BundleError::WrongFormat { .. })));
        assert!(matches!(open("{}"), Err(BundleError::Json(_))));
        let mut twice = content("幸福里", &key(1), 4);
        twice.households[1].number = 1;
        assert_eq!(
            open(&seal(&twice, &key(1))),
            Err(BundleError::DuplicateHousehold(1))
        );
        let mut stranger = content("幸福里", &key(1), 4);
        stranger.issuer.community = "东城".into();
        stranger.keys[0].community = "东城".into();
        assert!(matches!(
            open(&seal(&stranger, &key(1))),
            Err(BundleError::IssuerOfAnotherCommunity { .. })
        ));
    }

    #[test]
    fn the_first_bundle_pins_its_issuer_and_later_ones_may_not_go_back() {
        let ours = content("幸福里", &key(1), 4);
        let held = Held {
            issuer: ours.issuer.public_key,
            version: 4,
        };
        let cases = [
            (content("幸福里", &key(1), 1), None, Ok(())),
            (content("幸福里", &key(1), 5), Some(&held), Ok(())),
            (content("幸福里", &key(1), 4), Some(&held), Ok(())),
            (
                content("幸福里", &key(1), 3),
                Some(&held),
                Err(Refusal::Older { bundle: 3, held: 4 }),
            ),
            (
                content("幸福里", &key(2), 9),
                Some(&held),
                Err(Refusal::OtherIssuer),
            ),
            (
                content("东城", &key(1), 9),
                None,
                Err(Refusal::OtherCommunity {
                    bundle: "东城".into(),
                    gate: "幸福里".into(),
                }),
            ),
        ];
        for (bundle, held, expected) in cases {
            assert_eq!(
                accept(&bundle, "幸福里", held),
                expected,
                "version {} by {}",
                bundle.version,
                bundle.issuer.key_id
            );
        }
    }
}
