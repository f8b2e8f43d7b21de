//! `kakou doctor`'s verdicts: what each check of a gate machine found, how
//! bad it is, and what to do about it, in both languages.
//!
//! The shell looks (lists cameras, opens the audio output, reads the disk's
//! free space, inspects the store, reads the clock, connects to the
//! server) and hands the facts here. Only a [`Status::Fault`] makes the
//! doctor exit non-zero: something that stops the gate from working or
//! from keeping its records right. A gate without a camera or a speaker
//! still works (the USB scanner, silence), so those are notes.

use chrono::{DateTime, Datelike, FixedOffset};
use serde::Serialize;

use crate::lang::Lang;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    /// Worth knowing; the gate works as it is.
    Note,
    /// The gate works, but not for long or not fully: fix it soon.
    Warn,
    /// The gate cannot work, or cannot keep its records right.
    Fault,
}

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Which check: `config`, `camera`, `audio`, `disk`, `store`, `clock`, `server`.
    pub check: &'static str,
    pub status: Status,
    /// What was found, as a stable machine code.
    pub code: &'static str,
    zh: String,
    en: String,
}

impl Finding {
    fn new(
        check: &'static str,
        status: Status,
        code: &'static str,
        zh: String,
        en: String,
    ) -> Self {
        Finding {
            check,
            status,
            code,
            zh,
            en,
        }
    }

    /// What was found and what to do, in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// Whether any finding is a real fault (the doctor's exit status).
pub fn has_fault(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.status == Status::Fault)
}

/// The configuration file: read and valid, absent, or refused (with the
/// reader's own message in Chinese and English, which names the key and
/// the line).
pub fn config(path: Option<&str>, refused: Option<(&str, &str)>) -> Finding {
    match (path, refused) {
        (_, Some((zh, en))) => Finding::new(
            "config",
            Status::Fault,
            "config_invalid",
            format!("配置文件有误，kakou 不会按它运行：{zh}。请改正后再试"),
            format!("The configuration file is refused, kakou will not run with it: {en}. Correct it and try again"),
        ),
        (Some(path), None) => Finding::new(
            "config",
            Status::Ok,
            "config_read",
            format!("配置文件 {path} 已读取"),
            format!("Configuration read from {path}"),
        ),
        (None, None) => Finding::new(
            "config",
            Status::Note,
            "config_absent",
            "没有配置文件，全部使用默认值（/etc/kakou/kakou.toml，格式见 docs/config.md）".into(),
            "No configuration file; every setting is the default (/etc/kakou/kakou.toml, see docs/config.md)".into(),
        ),
    }
}

/// What the camera check saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CameraFacts {
    /// The cameras present, by name.
    Listed(Vec<String>),
    /// The camera system works and lists nothing.
    NoneFound,
    /// This build has no camera support.
    NotBuilt,
    /// The camera system itself is unavailable (the reason as the system said it).
    Unavailable(String),
}

pub fn camera(facts: &CameraFacts) -> Finding {
    let scanner_zh = "扫码枪和手工输入照常可用";
    let scanner_en = "the USB scanner and typing the code still work";
    match facts {
        CameraFacts::Listed(names) => Finding::new(
            "camera",
            Status::Ok,
            "camera_found",
            format!("找到 {} 个摄像头：{}", names.len(), names.join("、")),
            format!("{} camera(s) found: {}", names.len(), names.join(", ")),
        ),
        CameraFacts::NoneFound => Finding::new(
            "camera",
            Status::Note,
            "no_camera",
            format!(
                "本机没有摄像头（{scanner_zh}）。要用摄像头扫码：插上 USB 摄像头，并确认 kakou 用户在 video 组"
            ),
            format!(
                "This machine has no camera ({scanner_en}). To scan with a camera: plug in a USB camera and make sure the kakou user is in the video group"
            ),
        ),
        CameraFacts::NotBuilt => Finding::new(
            "camera",
            Status::Note,
            "camera_not_built",
            format!("此版本的 kakou 未编译摄像头支持（{scanner_zh}）"),
            format!("This build of kakou has no camera support ({scanner_en})"),
        ),
        CameraFacts::Unavailable(why) => Finding::new(
            "camera",
            Status::Note,
            "camera_unavailable",
            format!("无法使用摄像头系统：{why}（{scanner_zh}）"),
            format!("The camera system is unavailable: {why} ({scanner_en})"),
        ),
    }
}

/// The audio output: its name, or `None` when none could be opened.
pub fn audio(output: Option<&str>) -> Finding {
    match output {
        Some(name) => Finding::new(
            "audio",
            Status::Ok,
            "audio_found",
            format!("音频输出可用：{name}"),
            format!("Audio output available: {name}"),
        ),
        None => Finding::new(
            "audio",
            Status::Note,
            "no_audio",
            "本机没有可用的音频输出：语音提示将保持静音，闸口照常工作。要播放语音：接上音箱，并确认 kakou 用户在 audio 组".into(),
            "This machine has no audio output: the voice prompts stay silent and the gate works as usual. To hear them: connect a speaker and make sure the kakou user is in the audio group".into(),
        ),
    }
}

/// Below this much free space a commit may fail any moment.
pub const DISK_FAULT_BYTES: u64 = 100 * 1024 * 1024;
/// Below this much the lead should make room soon (weeks of passages are
/// a few hundred megabytes at most).
pub const DISK_WARN_BYTES: u64 = 1024 * 1024 * 1024;

/// Free space in the store's folder, or why it could not be read.
pub fn disk(folder: &str, free: Result<u64, String>) -> Finding {
    let mib = |b: u64| b / (1024 * 1024);
    match free {
        Err(why) => Finding::new(
            "disk",
            Status::Warn,
            "disk_unknown",
            format!("无法读取 {folder} 的剩余空间：{why}"),
            format!("Cannot read the free space of {folder}: {why}"),
        ),
        Ok(bytes) if bytes < DISK_FAULT_BYTES => Finding::new(
            "disk",
            Status::Fault,
            "disk_full",
            format!(
                "{folder} 只剩 {} MB：登记随时可能无法保存。请立即删除不需要的文件或换更大的存储",
                mib(bytes)
            ),
            format!(
                "Only {} MB left in {folder}: a passage may fail to save any moment. Delete files you do not need, or move to a larger disk, now",
                mib(bytes)
            ),
        ),
        Ok(bytes) if bytes < DISK_WARN_BYTES => Finding::new(
            "disk",
            Status::Warn,
            "disk_low",
            format!("{folder} 剩余 {} MB，空间不多：请尽快清理", mib(bytes)),
            format!(
                "{} MB left in {folder}, which is little: make room soon",
                mib(bytes)
            ),
        ),
        Ok(bytes) => Finding::new(
            "disk",
            Status::Ok,
            "disk_ok",
            format!("{folder} 剩余 {} MB", mib(bytes)),
            format!("{} MB free in {folder}", mib(bytes)),
        ),
    }
}

/// What the store check saw, without changing the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreFacts {
    /// No file at the path.
    Missing,
    /// The file is not an SQLite database, or SQLite reports damage (its
    /// first words).
    Damaged(String),
    /// A sound SQLite file without kakou's tables.
    NotAStore,
    /// Written by a newer kakou.
    TooNew { found: i64, supported: i64 },
    /// Sound, at this schema version (older ones are upgraded on opening).
    Sound { version: i64, supported: i64 },
}

pub fn store(path: &str, facts: &StoreFacts) -> Finding {
    match facts {
        StoreFacts::Missing => Finding::new(
            "store",
            Status::Fault,
            "store_missing",
            format!(
                "{path} 处没有数据库：请运行 kakou init --community 社区名 --checkpoint 卡口名（闸口终端再导入数据包 kakou bundle import）"
            ),
            format!(
                "No store at {path}: run kakou init --community NAME --checkpoint NAME (a gate then imports its bundle with kakou bundle import)"
            ),
        ),
        StoreFacts::Damaged(why) => Finding::new(
            "store",
            Status::Fault,
            "store_damaged",
            format!(
                "数据库 {path} 已损坏（{why}）。请停止 kakou-kiosk，保留这个文件交给技术人员，用备份恢复；没有备份时在新数据库上重新 init 并导入台账"
            ),
            format!(
                "The store {path} is damaged ({why}). Stop kakou-kiosk, keep this file for a technician and restore a backup; without one, init a new store and import the ledger again"
            ),
        ),
        StoreFacts::NotAStore => Finding::new(
            "store",
            Status::Fault,
            "not_a_store",
            format!("{path} 是 SQLite 数据库，但不是 kakou 的数据库：请检查 --db 或 KAKOU_DB"),
            format!("{path} is an SQLite database but not a kakou store: check --db or KAKOU_DB"),
        ),
        StoreFacts::TooNew { found, supported } => Finding::new(
            "store",
            Status::Fault,
            "store_too_new",
            format!(
                "数据库由更新版本的 kakou 写入（版本 {found}，本程序最高读 {supported}）：请升级 kakou"
            ),
            format!(
                "The store was written by a newer kakou (version {found}; this one reads up to {supported}): upgrade kakou"
            ),
        ),
        StoreFacts::Sound { version, supported } if version < supported => Finding::new(
            "store",
            Status::Ok,
            "store_old",
            format!("数据库完好（版本 {version}），下次打开时升级到版本 {supported}"),
            format!(
                "The store is sound (version {version}) and is upgraded to version {supported} when next opened"
            ),
        ),
        StoreFacts::Sound { version, .. } => Finding::new(
            "store",
            Status::Ok,
            "store_ok",
            format!("数据库完好（版本 {version}）"),
            format!("The store is sound (version {version})"),
        ),
    }
}

/// How far the clock may be behind the newest passage before it is
/// called wrong: a clock corrected by a few seconds is no fault.
pub const CLOCK_SLACK_SECONDS: i64 = 120;

/// The clock, against the newest passage the store holds (if any). A clock
/// before it, or before 2020 (a board without a battery starts in 1970),
/// is a fault: passages would be stamped out of order, and exit quotas,
/// reports and retention count the wrong days.
pub fn clock(now: DateTime<FixedOffset>, newest: Option<DateTime<FixedOffset>>) -> Finding {
    let shown = now.format("%Y-%m-%d %H:%M:%S %:z");
    if now.year() < 2020 {
        return Finding::new(
            "clock",
            Status::Fault,
            "clock_unset",
            format!(
                "系统时间是 {shown}，显然没有设置：请设置正确的日期和时间（timedatectl set-time，或联网自动校时）"
            ),
            format!(
                "The system time is {shown}, which was never set: set the date and time (timedatectl set-time, or let it sync over the network)"
            ),
        );
    }
    match newest {
        Some(newest) if (newest - now).num_seconds() > CLOCK_SLACK_SECONDS => {
            let at = newest.format("%Y-%m-%d %H:%M:%S %:z");
            Finding::new(
                "clock",
                Status::Fault,
                "clock_behind",
                format!(
                    "系统时间 {shown} 早于最新一条通行记录（{at}）：时钟被调慢了。请设置正确的时间后再开闸"
                ),
                format!(
                    "The system time {shown} is before the newest passage ({at}): the clock went back. Set the right time before the gate opens"
                ),
            )
        }
        _ => Finding::new(
            "clock",
            Status::Ok,
            "clock_ok",
            format!("系统时间 {shown}"),
            format!("System time {shown}"),
        ),
    }
}

/// The district server (named in the configuration, else the one the
/// store was enrolled with), and whether it answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerFacts {
    NotConfigured,
    Reachable { url: String, millis: u128 },
    Unreachable { url: String, why: String },
}

pub fn server(facts: &ServerFacts) -> Finding {
    match facts {
        ServerFacts::NotConfigured => Finding::new(
            "server",
            Status::Note,
            "server_not_configured",
            "未配置区里的服务器（配置文件的 server，或 kakou enroll），跳过；本终端离线工作".into(),
            "No district server configured (`server` in the configuration, or `kakou enroll`); skipped, this terminal works offline".into(),
        ),
        ServerFacts::Reachable { url, millis } => Finding::new(
            "server",
            Status::Ok,
            "server_reachable",
            format!("服务器 {url} 可以连接（{millis} 毫秒）"),
            format!("The server {url} answers ({millis} ms)"),
        ),
        ServerFacts::Unreachable { url, why } => Finding::new(
            "server",
            Status::Warn,
            "server_unreachable",
            format!("连不上服务器 {url}（{why}）：记录保存在本机，联网后再同步。请检查网络和服务器地址（配置文件的 server，或 kakou enroll 时给的）"),
            format!("Cannot reach the server {url} ({why}): records stay on this terminal until it syncs. Check the network and the server's address (`server` in the configuration, or the one given to `kakou enroll`)"),
        ),
    }
}

#[cfg(test)]
mod tests;
