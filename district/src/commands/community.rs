//! `kakou-district community list|add`: the communities, their web
//! addresses and visitor keys.

use anyhow::Result;
use chrono::Utc;
use serde_json::json;

use crate::storage::{Community, Storage};
use crate::visitor::new_community;

/// The community `name`, created with a fresh slug and visitor key when it
/// does not exist yet (its key then enters the pull feed).
pub async fn ensure(storage: &dyn Storage, name: &str) -> Result<Community> {
    if let Some(c) = storage
        .communities()
        .await?
        .into_iter()
        .find(|c| c.name == name)
    {
        return Ok(c);
    }
    let community = storage
        .ensure_community(&new_community(name, Utc::now()))
        .await?;
    tracing::info!(community = %community.name, slug = %community.slug, "community created with a visitor key");
    Ok(community)
}

pub async fn list(db: Option<&str>) -> Result<()> {
    let storage = super::open(db).await?;
    let mut out = std::io::stdout().lock();
    for c in storage.communities().await? {
        super::emit(
            &mut out,
            &json!({"community": c.name, "slug": c.slug, "visitor_key_id": c.visitor_key_id,
                    "visitor_public_key": c.visitor_public,
                    "pages": format!("/c/{}", c.slug), "visitor_form": format!("/v/{}", c.slug)}),
        )?;
    }
    Ok(())
}

pub async fn add(db: Option<&str>, name: &str) -> Result<()> {
    super::check_name("community", name)?;
    let storage = super::open(db).await?;
    let c = ensure(storage.as_ref(), name).await?;
    super::emit(
        &mut std::io::stdout().lock(),
        &json!({"community": c.name, "slug": c.slug, "visitor_key_id": c.visitor_key_id}),
    )
}
