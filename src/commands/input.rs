//! Reading a small input file (a key list, a bundle) the way every command
//! reads one: only a regular file, and never more than a cap, so a FIFO or
//! `/dev/zero` given by mistake ends at once with a clear word.

use std::io::Read;
use std::path::Path;

use kakou_core::lang::Lang;

#[derive(Debug, thiserror::Error)]
pub enum ReadRefusal {
    #[error("cannot read {path}: {source}")]
    Open {
        path: String,
        source: std::io::Error,
    },
    #[error("{0} is not a regular file")]
    NotAFile(String),
    #[error("{path} is larger than {limit} bytes; it is not what was asked for")]
    TooLarge { path: String, limit: u64 },
    #[error("{0} is not UTF-8 text")]
    NotText(String),
}

impl ReadRefusal {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ReadRefusal::Open { path, source }, Lang::Zh) => format!("无法读取 {path}：{source}"),
            (ReadRefusal::NotAFile(p), Lang::Zh) => format!("{p} 不是普通文件"),
            (ReadRefusal::TooLarge { path, limit }, Lang::Zh) => {
                format!("{path} 超过 {limit} 字节，不是所需的文件")
            }
            (ReadRefusal::NotText(p), Lang::Zh) => format!("{p} 不是 UTF-8 文本"),
            (other, Lang::En) => other.to_string(),
        }
    }
}

/// The text of the regular file at `path`, at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadRefusal> {
    let name = path.display().to_string();
    let open = |source| ReadRefusal::Open {
        path: name.clone(),
        source,
    };
    let file = std::fs::File::open(path).map_err(open)?;
    if !file.metadata().map_err(open)?.is_file() {
        return Err(ReadRefusal::NotAFile(name));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(open)?;
    if bytes.len() as u64 > limit {
        return Err(ReadRefusal::TooLarge { path: name, limit });
    }
    String::from_utf8(bytes).map_err(|_| ReadRefusal::NotText(name))
}
