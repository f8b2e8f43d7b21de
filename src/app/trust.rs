//! The trust list (public keys) as a file, for gates that never see a
//! network. Keys are only ever added: a key already trusted under another
//! community or role is a conflict, refused with the whole file.

use kakou_core::lang::Lang;
use kakou_core::pass::{KeyConflict, TrustList, new_keys};

use super::{AppError, Lookup, Terminal};
use crate::store::keys::{self, TrustedKeyRow};

/// The keys this gate trusts.
pub fn export(terminal: &Terminal) -> Result<TrustList, AppError> {
    Lookup::new(terminal).trust_list()
}

#[derive(Debug, thiserror::Error)]
pub enum TrustRefusal {
    #[error("{}", conflict_message(.0, Lang::En))]
    Conflict(KeyConflict),
    #[error(transparent)]
    App(#[from] AppError),
}

impl TrustRefusal {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            TrustRefusal::Conflict(c) => conflict_message(c, lang),
            TrustRefusal::App(e) => e.message(lang),
        }
    }
}

/// Why a key conflict is refused, in the user's language.
pub fn conflict_message(c: &KeyConflict, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "文件把密钥 {:08x} 标为“{}”（{}）的，本机信任它为“{}”（{}）的；不会改动已信任的密钥，未导入任何密钥",
            c.key_id,
            c.offered.0,
            c.offered.1.code(),
            c.held.0,
            c.held.1.code()
        ),
        Lang::En => format!(
            "the file names key {:08x} as {}'s ({}), but this terminal trusts it as {}'s ({}); a trusted key is never relabelled, so nothing was imported",
            c.key_id,
            c.offered.0,
            c.offered.1.code(),
            c.held.0,
            c.held.1.code()
        ),
    }
}

/// Adds the keys of `list` this gate does not trust yet; returns how many.
pub fn import(terminal: &mut Terminal, list: &TrustList) -> Result<usize, TrustRefusal> {
    let held = export(terminal)?.keys().to_vec();
    let new = new_keys(&held, list.keys()).map_err(TrustRefusal::Conflict)?;
    terminal
        .store_mut()
        .write(|tx| {
            for k in &new {
                keys::trust(
                    tx,
                    &TrustedKeyRow {
                        key_id: k.key_id,
                        community: k.community.clone(),
                        public_key: k.public_key,
                        role: k.role,
                    },
                )?;
            }
            Ok(())
        })
        .map_err(AppError::from)?;
    Ok(new.len())
}
