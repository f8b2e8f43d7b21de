//! `kakou-district user add NAME --role admin|lead [--community C]`.

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, Result, bail};
use chrono::Utc;
use serde_json::json;

use crate::cli::UserAddArgs;
use crate::secrets::{MIN_PASSWORD_CHARS, hash_password};
use crate::storage::{NewUser, Role};

/// Reads the password: twice at a prompt on a terminal, else the first line
/// of stdin (for scripts and tests).
fn read_password() -> Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ").context("cannot read the password")?;
        let again = rpassword::prompt_password("Again: ").context("cannot read the password")?;
        if first != again {
            bail!("the two passwords differ");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from stdin")?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

pub async fn add(db: Option<&str>, args: &UserAddArgs) -> Result<()> {
    if args.name.trim().is_empty() || args.name.trim() != args.name {
        bail!("the user name is empty or starts or ends with spaces");
    }
    match (args.role, &args.community) {
        (Role::Lead, None) => bail!("a lead sees one community: give --community"),
        (Role::Admin, Some(_)) => bail!("an admin sees every community: leave out --community"),
        (_, Some(c)) => super::check_name("community", c)?,
        _ => {}
    }
    let storage = super::open(db).await?;
    let password = read_password()?;
    if password.chars().count() < MIN_PASSWORD_CHARS {
        bail!("the password needs at least {MIN_PASSWORD_CHARS} characters");
    }
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await?
        .map_err(anyhow::Error::msg)?;
    storage
        .add_user(&NewUser {
            name: args.name.clone(),
            role: args.role,
            community: args.community.clone(),
            password_hash,
            created_at: Utc::now(),
        })
        .await?;
    super::emit(
        &mut std::io::stdout().lock(),
        &json!({"user": args.name, "role": args.role, "community": args.community}),
    )
}
