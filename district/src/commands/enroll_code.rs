//! `kakou-district enroll-code --community C --checkpoint G`: a one-time
//! code for enrolling one terminal at that checkpoint.

use anyhow::{Result, bail};
use chrono::Utc;
use serde_json::json;

use crate::cli::EnrollCodeArgs;
use crate::secrets::{new_enroll_code, normalise_enroll_code, sha256_hex};
use crate::storage::{NewEnrollCode, time_text};

pub async fn run(db: Option<&str>, args: &EnrollCodeArgs) -> Result<()> {
    super::check_name("community", &args.community)?;
    super::check_name("checkpoint", &args.checkpoint)?;
    if args.valid_hours == 0 {
        bail!("--valid-hours must be at least 1");
    }
    let storage = super::open(db).await?;
    let now = Utc::now();
    // The community's pages and visitor key exist from its first gate on,
    // so that gate pulls the visitor key with its first sync.
    super::community::ensure(storage.as_ref(), &args.community).await?;
    let code = new_enroll_code();
    let expires_at = now + chrono::Duration::hours(i64::from(args.valid_hours));
    storage
        .create_enroll_code(&NewEnrollCode {
            code_hash: sha256_hex(&normalise_enroll_code(&code)),
            community: args.community.clone(),
            checkpoint: args.checkpoint.clone(),
            created_at: now,
            expires_at,
        })
        .await?;
    super::emit(
        &mut std::io::stdout().lock(),
        &json!({"code": code, "expires_at": time_text(expires_at)}),
    )
}
