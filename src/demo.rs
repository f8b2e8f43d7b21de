//! The bundled demo community (`demo/`, written by
//! `cargo run -p kakou-core --example make_demo`): a ledger, one day of
//! gate traffic and the outcomes that day must have.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use ed25519_dalek::SigningKey;
use kakou_core::lang::Lang;
use kakou_core::ledger;
use kakou_core::pass::TrustedKey;
use serde::Deserialize;

use crate::commands::init::{InitArgs, init_store, parse_quota};
use crate::ledger::apply;
use crate::store::{Store, keys};

pub const LEDGER: &str = include_str!("../demo/ledger.csv");
pub const SCENARIO: &str = include_str!("../demo/scenario.jsonl");
pub const EXPECTED: &str = include_str!("../demo/expected.jsonl");
const PARAMS: &str = include_str!("../demo/demo.json");

/// The demo's settings, as the generator wrote them.
#[derive(Debug, Deserialize)]
pub struct DemoParams {
    pub community: String,
    pub checkpoint: String,
    pub neighbour: String,
    pub day: chrono::NaiveDate,
    pub exit_quota: String,
    pub issuing_key_seed: String,
    pub neighbour_key_seed: String,
    pub revoked_serials: Vec<String>,
}

pub fn params() -> Result<DemoParams> {
    Ok(serde_json::from_str(PARAMS)?)
}

fn key_from_hex(hex: &str) -> Result<SigningKey> {
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16))
        .collect::<Result<_, _>>()?;
    let seed: [u8; 32] = bytes
        .try_into()
        .map_err(|_| anyhow::anyhow!("demo key seed is not 32 bytes"))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Where the demo store lives by default: beside the real one, never it.
pub fn default_path() -> PathBuf {
    crate::cli::default_db().with_file_name("kakou-demo.db")
}

/// Removes an earlier demo store at `db` (only files whose settings say
/// they are the demo's) and builds a fresh one.
pub fn setup(db: &Path) -> Result<Store> {
    let p = params()?;
    if db.exists() {
        let old = Store::open(db)?;
        let is_demo = old
            .settings()
            .map(|s| s.community == p.community)
            .unwrap_or(false);
        drop(old);
        if !is_demo {
            bail!(
                "{} exists and is not a demo store; refusing to replace it",
                db.display()
            );
        }
        for suffix in ["", "-wal", "-shm", ".issuing-key"] {
            let mut name = db.as_os_str().to_owned();
            name.push(suffix);
            let path = PathBuf::from(name);
            if path.exists() {
                std::fs::remove_file(&path)
                    .with_context(|| format!("removing {}", path.display()))?;
            }
        }
    }
    let args = InitArgs {
        community: p.community.clone(),
        checkpoint: p.checkpoint.clone(),
        exit_quota: Some(parse_quota(&p.exit_quota).map_err(anyhow::Error::msg)?),
        rest_seconds: None,
    };
    init_store(db, &args, &key_from_hex(&p.issuing_key_seed)?)?;
    let mut store = Store::open(db)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(LEDGER.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.map(|rec| rec.iter().map(str::to_string).collect()))
        .collect::<Result<_, _>>()?;
    let parsed = ledger::parse(&rows, Lang::Zh, p.day)
        .map_err(|e| anyhow::anyhow!("the demo ledger is broken: {e:?}"))?;
    let neighbour = TrustedKey::new(
        p.neighbour.clone(),
        &key_from_hex(&p.neighbour_key_seed)?.verifying_key(),
    );
    let imported_at = format!("{}T05:00:00+08:00", p.day);
    store.write(|tx| {
        apply(tx, &parsed, &imported_at)?;
        keys::trust(
            tx,
            &keys::TrustedKeyRow {
                key_id: neighbour.key_id,
                community: neighbour.community.clone(),
                public_key: neighbour.public_key,
            },
        )?;
        for serial in &p.revoked_serials {
            let serial = serial
                .parse()
                .map_err(|_| crate::store::StoreError::Damaged(format!("serial {serial}")))?;
            keys::revoke(tx, serial, "lost", &imported_at)?;
        }
        Ok(())
    })?;
    Ok(store)
}
