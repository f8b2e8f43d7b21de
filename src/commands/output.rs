//! How commands answer: one JSON object per line on stdout, and an exit
//! status that says whether the answer was "yes" or "no".

use std::io::Write;

use serde::Serialize;

/// What a command reports back: success, or "ran, and the answer is no"
/// (exit 1). Errors (exit 2) travel as `Err`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
}

/// Prints one JSON object as one line and flushes, so that a reader (or a
/// killed process) never sees half a line.
pub fn emit(out: &mut impl Write, value: &impl Serialize) -> std::io::Result<()> {
    let mut line = serde_json::to_vec(value)?;
    line.push(b'\n');
    out.write_all(&line)?;
    out.flush()
}

/// Who the audit log names for what a command did: the system user who
/// ran it (`cli:root`, `cli:kakou`).
pub fn cli_user() -> String {
    let user = ["SUDO_USER", "USER", "LOGNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty());
    format!("cli:{}", user.as_deref().unwrap_or("unknown"))
}

/// Why an output file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteRefusal {
    #[error("{0} is this terminal's store or its key; kakou never writes over them")]
    Store(std::path::PathBuf),
    #[error("{0} already exists and was left alone; choose another name or add --force")]
    Exists(std::path::PathBuf),
    #[error("cannot write {path}: {source}")]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

impl WriteRefusal {
    pub fn message(&self, lang: kakou_core::lang::Lang) -> String {
        use kakou_core::lang::Lang;
        match (self, lang) {
            (WriteRefusal::Store(p), Lang::Zh) => {
                format!("{} 是本机的数据库或密钥文件，kakou 不会覆盖它", p.display())
            }
            (WriteRefusal::Exists(p), Lang::Zh) => format!(
                "{} 已存在，未覆盖；换一个文件名，或加 --force 覆盖",
                p.display()
            ),
            (WriteRefusal::Io { path, source }, Lang::Zh) => {
                format!("无法写入 {}：{source}", path.display())
            }
            (other, Lang::En) => other.to_string(),
        }
    }
}

/// A path with its folder resolved, so two spellings of one file compare
/// equal (`./k.db`, `dir/../k.db`, a symbolic link to it).
fn resolved(path: &std::path::Path) -> std::path::PathBuf {
    if let Ok(full) = path.canonicalize() {
        return full;
    }
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    match (parent.canonicalize(), path.file_name()) {
        (Ok(folder), Some(name)) => folder.join(name),
        _ => path.to_path_buf(),
    }
}

/// Writes an export (a key list, a bundle, a PDF, a spreadsheet) to `out`:
/// never over the store at `db` or its key, and over another existing file
/// only with `force`. The bytes go to a temporary file beside `out` first,
/// so an interrupted write never leaves half a file where a whole one was.
pub fn write_file(
    out: &std::path::Path,
    bytes: &[u8],
    force: bool,
    db: &std::path::Path,
) -> Result<(), WriteRefusal> {
    let target = resolved(out);
    if crate::app::setup::store_files(db)
        .iter()
        .any(|p| resolved(p) == target)
    {
        return Err(WriteRefusal::Store(out.to_path_buf()));
    }
    if out.exists() && !force {
        return Err(WriteRefusal::Exists(out.to_path_buf()));
    }
    let io = |source| WriteRefusal::Io {
        path: out.to_path_buf(),
        source,
    };
    let mut partial = out.as_os_str().to_owned();
    partial.push(format!(".part-{}", std::process::id()));
    let partial = std::path::PathBuf::from(partial);
    let written = std::fs::File::create_new(&partial)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| {
            if force {
                std::fs::rename(&partial, out)
            } else {
                // A link fails when the name was taken meanwhile.
                std::fs::hard_link(&partial, out)
            }
        });
    let _ = std::fs::remove_file(&partial);
    written.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            WriteRefusal::Exists(out.to_path_buf())
        } else {
            io(e)
        }
    })
}
