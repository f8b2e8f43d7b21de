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
    /// A spreadsheet could not be made (the writer's own words).
    #[error("cannot write the spreadsheet: {0}")]
    Spreadsheet(String),
    /// The configuration names another community or checkpoint than the
    /// store's: the store (or the configuration) belongs to another gate.
    #[error(
        "the configuration {} says {key} `{configured}`, but the store is {key} `{stored}`: use the right --db, or correct the configuration",
        path.display()
    )]
    ConfigMismatch {
        key: &'static str,
        configured: String,
        stored: String,
        path: PathBuf,
    },
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
            (AppError::Spreadsheet(why), Lang::Zh) => format!("无法生成电子表格：{why}"),
            (
                AppError::ConfigMismatch {
                    key,
                    configured,
                    stored,
                    path,
                },
                Lang::Zh,
            ) => {
                let what = if *key == "community" {
                    "社区"
                } else {
                    "卡口"
                };
                format!(
                    "配置文件 {} 写的{what}是“{configured}”，数据库却是“{stored}”：请用正确的 --db，或改正配置文件",
                    path.display()
                )
            }
            (other, _) => other.to_string(),
        }
    }
}
