//! `kakou bundle export|import`: the community's master data carried by
//! hand from the issuing store to gates without a network (DESIGN §5). The
//! format and its checks are `kakou_core::bundle`'s; this reads and writes
//! the store, all in one transaction.

use chrono::{DateTime, FixedOffset};
use kakou_core::bundle::{
    self, BundleContent, BundleError, BundleHousehold, BundleRevocation, Held, Refusal,
};
use kakou_core::lang::Lang;
use kakou_core::pass::{KeyConflict, TrustedKey, new_keys};
use serde::Serialize;

use super::{AppError, Role, Terminal, trust};
use crate::store::keys::{self, TrustedKeyRow};
use crate::store::{StoreError, households, meta};

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exported {
    pub version: u64,
    pub keys: usize,
    pub households: usize,
    pub revocations: usize,
}

/// What an import changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub community: String,
    pub version: u64,
    /// The bundle's households, which are now this gate's.
    pub households: usize,
    pub keys_added: usize,
    pub revocations_added: usize,
    /// The first bundle of this gate: its issuer is now pinned.
    pub pinned: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum BundleRefusal {
    #[error("only the community's issuing store writes bundles; this is a verifier gate")]
    NotIssuing,
    #[error(
        "this is the community's issuing store; bundles are imported on the other gates (made with `kakou init --gate`)"
    )]
    NotAGate,
    #[error("the file is not a readable bundle: {0}")]
    Unreadable(BundleError),
    #[error("the bundle is for `{bundle}`, and this gate serves `{gate}`")]
    OtherCommunity { bundle: String, gate: String },
    #[error(
        "the bundle is signed by another key than the one this gate took from its first bundle; ask the community's lead"
    )]
    OtherIssuer,
    #[error("the bundle is version {bundle}, older than version {held} already here")]
    Older { bundle: u64, held: u64 },
    #[error("{}", trust::conflict_message(.0, Lang::En))]
    KeyConflict(KeyConflict),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<StoreError> for BundleRefusal {
    fn from(e: StoreError) -> BundleRefusal {
        BundleRefusal::App(e.into())
    }
}

impl BundleRefusal {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            BundleRefusal::NotIssuing => "not_issuing",
            BundleRefusal::NotAGate => "not_a_gate",
            BundleRefusal::Unreadable(e) => e.code(),
            BundleRefusal::OtherCommunity { .. } => "bundle_other_community",
            BundleRefusal::OtherIssuer => "bundle_other_issuer",
            BundleRefusal::Older { .. } => "bundle_older",
            BundleRefusal::KeyConflict(_) => "key_conflict",
            BundleRefusal::App(_) => "store",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (BundleRefusal::NotIssuing, Lang::Zh) => {
                "只有社区的签发终端才能导出数据包；本机是验证卡口".into()
            }
            (BundleRefusal::NotAGate, Lang::Zh) => {
                "本机是社区的签发终端；数据包应导入到其他卡口（用 kakou init --gate 建立）".into()
            }
            (BundleRefusal::Unreadable(e), Lang::Zh) => format!("文件不是可读的数据包：{e}"),
            (BundleRefusal::OtherCommunity { bundle, gate }, Lang::Zh) => {
                format!("数据包属于“{bundle}”，本卡口属于“{gate}”，未导入")
            }
            (BundleRefusal::OtherIssuer, Lang::Zh) => {
                "数据包的签发密钥与本卡口首次导入时记下的不同，未导入；请联系社区组长".into()
            }
            (BundleRefusal::Older { bundle, held }, Lang::Zh) => {
                format!("数据包版本 {bundle} 比本机已有的版本 {held} 旧，未导入")
            }
            (BundleRefusal::KeyConflict(c), lang) => trust::conflict_message(c, lang),
            (BundleRefusal::App(e), lang) => e.message(lang),
            (other, _) => other.to_string(),
        }
    }
}

/// Writes the community's master data, signed, with the next version.
pub fn export(
    terminal: &mut Terminal,
    now: DateTime<FixedOffset>,
) -> Result<(String, Exported), BundleRefusal> {
    if terminal.role() != Role::Issuing {
        return Err(BundleRefusal::NotIssuing);
    }
    let key = terminal.issuing_key()?;
    let issuer = TrustedKey::new(terminal.settings().community.clone(), &key.verifying_key());
    let keys = trust::export(terminal)?.keys().to_vec();
    let content = terminal.store_mut().write(|tx| {
        let version = meta::bundle_held(tx)?.0 + 1;
        meta::set_bundle_held(tx, version, None)?;
        let households = households::all(tx)?
            .into_iter()
            .filter(|h| h.household.reference.key_id == issuer.key_id)
            .map(|h| BundleHousehold {
                number: h.household.reference.number,
                address: h.household.address,
                status: h.household.status,
                quota: h.quota,
            })
            .collect();
        let revocations = keys::revocations(tx)?
            .into_iter()
            .map(|r| BundleRevocation {
                key_id: r.key_id,
                serial: r.serial,
                reason: r.reason,
                revoked_at: r.revoked_at,
            })
            .collect();
        Ok(BundleContent {
            community: issuer.community.clone(),
            version,
            written_at: now.to_rfc3339(),
            issuer: issuer.clone(),
            keys: keys.clone(),
            households,
            revocations,
        })
    })?;
    let summary = Exported {
        version: content.version,
        keys: content.keys.len(),
        households: content.households.len(),
        revocations: content.revocations.len(),
    };
    Ok((bundle::seal(&content, &key), summary))
}

/// Replaces this gate's master data of its community with the bundle's:
/// households exactly as listed, keys and revocations added (they only
/// ever grow). The first bundle pins the community's key; a later one
/// signed by another key, or older than the one held, is refused.
pub fn import(terminal: &mut Terminal, text: &str) -> Result<Imported, BundleRefusal> {
    if terminal.role() != Role::Gate {
        return Err(BundleRefusal::NotAGate);
    }
    let content = bundle::open(text).map_err(BundleRefusal::Unreadable)?;
    let community = terminal.settings().community.clone();
    let held_keys = trust::export(terminal)?.keys().to_vec();
    let added_keys = new_keys(&held_keys, &content.keys).map_err(BundleRefusal::KeyConflict)?;
    terminal.store_mut().transaction(|tx| {
        let (version, issuer) = meta::bundle_held(tx)?;
        let held = issuer
            .as_deref()
            .and_then(from_hex)
            .map(|issuer| Held { issuer, version });
        bundle::accept(&content, &community, held.as_ref()).map_err(|r| match r {
            Refusal::OtherCommunity { bundle, gate } => {
                BundleRefusal::OtherCommunity { bundle, gate }
            }
            Refusal::OtherIssuer => BundleRefusal::OtherIssuer,
            Refusal::Older { bundle, held } => BundleRefusal::Older { bundle, held },
        })?;
        for key in &added_keys {
            keys::trust(
                tx,
                &TrustedKeyRow {
                    key_id: key.key_id,
                    community: key.community.clone(),
                    public_key: key.public_key,
                    role: key.role,
                },
            )?;
        }
        let listed: Vec<_> = content
            .households
            .iter()
            .map(|h| (h.number, h.address.clone(), h.status, h.quota))
            .collect();
        households::replace_community(tx, content.issuer.key_id, &listed, &content.written_at)?;
        let mut revocations_added = 0;
        for r in &content.revocations {
            if keys::revoke(tx, r.key_id, r.serial, &r.reason, &r.revoked_at)? {
                revocations_added += 1;
            }
        }
        meta::set_community_key_id(tx, content.issuer.key_id)?;
        let issuer_hex: String = content
            .issuer
            .public_key
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        meta::set_bundle_held(tx, content.version, Some(&issuer_hex))?;
        Ok(Imported {
            community: content.community.clone(),
            version: content.version,
            households: content.households.len(),
            keys_added: added_keys.len(),
            revocations_added,
            pinned: held.is_none(),
        })
    })
}

fn from_hex(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 || !hex.is_ascii() {
        return None;
    }
    let mut bytes = [0u8; 32];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(bytes)
}
