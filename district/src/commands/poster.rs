//! `kakou-district poster --community C [--checkpoint G] --base-url URL --out FILE`.

use anyhow::{Context, Result, bail};

use super::Answer;
use crate::cli::PosterArgs;
use crate::poster;

pub async fn run(db: Option<&str>, args: &PosterArgs) -> Result<Answer> {
    let base = args.base_url.trim();
    if !(base.starts_with("http://") || base.starts_with("https://")) {
        bail!(
            "--base-url must start with http:// or https:// (the address phones reach the district at)"
        );
    }
    let storage = super::open(db).await?;
    let Some(community) = storage
        .communities()
        .await?
        .into_iter()
        .find(|c| c.name == args.community)
    else {
        bail!(
            "no community named `{}`; `kakou-district community list` shows them",
            args.community
        );
    };
    let checkpoint = args.checkpoint.clone().unwrap_or_default();
    let url = poster::visitor_url(base, &community.slug);
    let pdf = poster::pdf(&community.name, &checkpoint, &url)?;
    std::fs::write(&args.out, &pdf)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    super::emit(
        &mut std::io::stdout().lock(),
        &serde_json::json!({"poster": args.out, "url": url, "bytes": pdf.len()}),
    )?;
    Ok(Answer::Yes)
}
