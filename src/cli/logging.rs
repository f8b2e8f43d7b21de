//! Where kakou's log lines go, with every personal number masked on the
//! way (`kakou_core::privacy::mask_text`), whatever logged it.
//!
//! - Under systemd (`JOURNAL_STREAM` set) to journald, with the event's
//!   fields; else to a file rotated daily in the store's folder
//!   (`logs/kakou.YYYY-MM-DD.log`, the last fourteen kept), when the store
//!   exists — a command that makes nothing makes no log folder either.
//!   `KAKOU_LOG` (an `EnvFilter`, default `info`) chooses what is kept.
//! - To stderr: what commands tell their user (target [`SAY`]) as it is,
//!   and warnings and errors of everything else — unless stderr itself is
//!   the journal, which has them already.

mod masked;

use std::path::Path;

use tracing::Level;
use tracing_subscriber::filter::{EnvFilter, LevelFilter, filter_fn};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{Layer, Registry, fmt};

pub use masked::{MaskedLayer, MaskedWriter};

/// The target of what a command tells its user (`say!`).
pub const SAY: &str = "kakou::say";

/// How many daily log files are kept.
const KEPT_FILES: usize = 14;

type Boxed = Box<dyn Layer<Registry> + Send + Sync>;

/// The folder of the file log for the store at `db`.
pub fn folder_for(db: &Path) -> std::path::PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("logs")
}

fn kept() -> EnvFilter {
    EnvFilter::try_from_env("KAKOU_LOG").unwrap_or_else(|_| EnvFilter::new("info"))
}

/// The journald sink, when systemd gave this process a journal.
fn journal() -> Option<Boxed> {
    std::env::var_os("JOURNAL_STREAM")?;
    let layer = tracing_journald::layer().ok()?;
    Some(MaskedLayer::new(layer).with_filter(kept()).boxed())
}

/// The daily file beside the store, when the store exists.
fn file(db: &Path) -> Option<Boxed> {
    if !db.is_file() {
        return None;
    }
    // The appender prunes old files before it makes the folder, and says
    // so on stderr when the folder is not there yet.
    std::fs::create_dir_all(folder_for(db)).ok()?;
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("kakou")
        .filename_suffix("log")
        .max_log_files(KEPT_FILES)
        .build(folder_for(db))
        .ok()?;
    let layer = fmt::layer()
        .with_ansi(false)
        .with_writer(MaskedWriter::new(appender))
        .with_filter(kept());
    Some(layer.boxed())
}

/// Whether stderr is the journal stream systemd set up (`JOURNAL_STREAM`
/// is `device:inode` of it), so stderr lines would repeat the journal's.
fn stderr_is_journal() -> bool {
    let Some(stream) = std::env::var_os("JOURNAL_STREAM") else {
        return false;
    };
    let Some((dev, ino)) = stream.to_str().and_then(|s| s.split_once(':')) else {
        return false;
    };
    let Ok(stat) = rustix::fs::fstat(std::io::stderr()) else {
        return false;
    };
    dev.parse::<u64>().ok() == Some(stat.st_dev) && ino.parse::<u64>().ok() == Some(stat.st_ino)
}

/// Sets up the log for a command on the store at `db`. Never fails: a log
/// that cannot be opened leaves stderr.
pub fn init(db: &Path) {
    let mut layers: Vec<Boxed> = Vec::new();
    let journal = journal();
    let to_journal = journal.is_some();
    layers.extend(journal.or_else(|| file(db)));
    if !(to_journal && stderr_is_journal()) {
        let said = fmt::layer()
            .without_time()
            .with_level(false)
            .with_target(false)
            .with_ansi(false)
            .with_writer(MaskedWriter::new(std::io::stderr))
            .with_filter(filter_fn(|m| {
                m.target() == SAY && *m.level() <= Level::INFO
            }));
        let warned = fmt::layer()
            .without_time()
            .with_ansi(false)
            .with_writer(MaskedWriter::new(std::io::stderr))
            .with_filter(LevelFilter::WARN)
            .with_filter(filter_fn(|m| m.target() != SAY));
        layers.push(said.boxed());
        layers.push(warned.boxed());
    }
    let _ = tracing_subscriber::registry().with(layers).try_init();
    // The standard panic message goes to stderr unmasked and may quote what
    // the code was handling; this one goes through the masked sinks.
    std::panic::set_hook(Box::new(|info| {
        tracing::error!(target: SAY, "kakou: {info}");
    }));
}

#[cfg(test)]
mod tests;
