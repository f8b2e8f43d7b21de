//! What can go wrong below the command line and the kiosk.

use std::path::PathBuf;

use kakou_core::lang::Lang;

use crate::store::StoreError;
use crate::store::issuing_key::KeyFileError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The command needs an existing store and there is none at the path:
    /// a typo in `--db` must not create an empty store.
    #[error(
        "no store at {0}: run `kakou init --community NAME --checkpoint NAME` first, or pass --db"
    )]
    NoStore(PathBuf),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    KeyFile(#[from] KeyFileError),
    /// A verifier gate (or a store whose key file is gone) was asked to do
    /// what only the issuing store can.
    #[error("this terminal cannot issue passes: {0}")]
    NotIssuing(KeyFileError),
    /// The system gave no random salt for the lead PIN's hash.
    #[error("cannot hash the lead PIN: {0}")]
    PinHash(String),
}

impl AppError {
    /// The error in the user's language. Store and file errors carry the
    /// system's own words, which stay as they are.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (AppError::NoStore(path), Lang::Zh) => format!(
                "{} 处没有数据库：请先运行 kakou init --community 社区名 --checkpoint 卡口名，或用 --db 指定",
                path.display()
            ),
            (AppError::NotIssuing(e), Lang::Zh) => {
                format!("本终端不能签发通行证（只有签发终端持有社区密钥）：{e}")
            }
            (AppError::PinHash(why), Lang::Zh) => format!("无法生成组长密码的哈希：{why}"),
            (other, _) => other.to_string(),
        }
    }
}
