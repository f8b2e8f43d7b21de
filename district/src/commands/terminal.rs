//! `kakou-district terminal list|revoke ID`.

use anyhow::Result;
use chrono::Utc;
use serde_json::json;

use super::Answer;

pub async fn list(db: Option<&str>) -> Result<()> {
    let storage = super::open(db).await?;
    let mut out = std::io::stdout().lock();
    for terminal in storage.terminals().await? {
        super::emit(&mut out, &terminal)?;
    }
    Ok(())
}

/// Revokes a terminal; "no" (exit 1) when there is no such terminal.
pub async fn revoke(db: Option<&str>, id: &str) -> Result<Answer> {
    let storage = super::open(db).await?;
    let found = storage.revoke_terminal(id, Utc::now()).await?;
    super::emit(
        &mut std::io::stdout().lock(),
        &json!({"terminal": id, "revoked": found}),
    )?;
    Ok(if found { Answer::Yes } else { Answer::No })
}
