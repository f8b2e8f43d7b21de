//! The trust list (public keys) as a file, for gates that never see a
//! network.

use kakou_core::pass::TrustList;

use super::{AppError, Lookup, Terminal};
use crate::store::keys::{self, TrustedKeyRow};

/// The keys this gate trusts.
pub fn export(terminal: &Terminal) -> Result<TrustList, AppError> {
    Lookup::new(terminal).trust_list()
}

/// Adds the keys of `list` to this gate's trust list; returns how many.
pub fn import(terminal: &mut Terminal, list: &TrustList) -> Result<usize, AppError> {
    terminal.store_mut().write(|tx| {
        for k in list.keys() {
            keys::trust(
                tx,
                &TrustedKeyRow {
                    key_id: k.key_id,
                    community: k.community.clone(),
                    public_key: k.public_key,
                },
            )?;
        }
        Ok(())
    })?;
    Ok(list.keys().len())
}
