//! What the status bar and the lead's today page say about sync with the
//! district, in each language. The facts come from `app::sync::status`
//! and the sync thread's latest round; these are only the sentences.

use kakou_core::lang::Lang;
use kakou_core::sync::schedule::Link;

/// The facts a sync sentence is made of.
pub struct SyncFacts<'a> {
    pub enrolled: bool,
    pub link: Link,
    /// When the last complete round ended, already formatted.
    pub last_ok: Option<&'a str>,
    /// Events the district has not acknowledged yet.
    pub pending: u64,
    /// Household edits that lost to newer ones, kept for the lead.
    pub conflicts: u64,
    /// The lead asked for a round that has not ended yet.
    pub asked: bool,
}

pub trait SyncWords {
    /// The short state beside the status bar's dot.
    fn link(&self, facts: &SyncFacts) -> String;
    /// The lead's line on the today page, with what to do when sync is
    /// stuck (`problem`: the reason `app` gave, in this language).
    fn lead_note(&self, facts: &SyncFacts, problem: Option<&str>) -> String;
}

pub fn sync_words(lang: Lang) -> &'static dyn SyncWords {
    match lang {
        Lang::Zh => &Zh,
        Lang::En => &En,
    }
}

struct Zh;
struct En;

impl SyncWords for Zh {
    fn link(&self, f: &SyncFacts) -> String {
        if !f.enrolled {
            return "未接入区里".into();
        }
        let state = match f.link {
            Link::Online => "在线",
            Link::Offline => "离线",
            Link::Unknown => "连接中",
            Link::Refused => "被区里拒绝",
        };
        match f.last_ok {
            Some(at) => format!("{state} · 同步于 {at} · 待传 {}", f.pending),
            None => format!("{state} · 未同步过 · 待传 {}", f.pending),
        }
    }

    fn lead_note(&self, f: &SyncFacts, problem: Option<&str>) -> String {
        if !f.enrolled {
            return "本终端未接入区里，数据只存在本机。接入：在终端上运行 kakou enroll --server 地址 --code 注册码（注册码向区里要）。".into();
        }
        let mut note = match f.last_ok {
            Some(at) => format!("上次同步 {at}，还有 {} 条待上传。", f.pending),
            None => format!("还没有同步成功过，{} 条待上传。", f.pending),
        };
        if f.asked {
            note.push_str("正在同步…");
        } else if f.link == Link::Offline {
            note.push_str("现在连不上区里，联网后会自动补传，数据不会丢。");
        }
        if f.conflicts > 0 {
            note.push_str(&format!(
                "有 {} 条住户状态修改晚于别的卡口，未生效。",
                f.conflicts
            ));
        }
        if let Some(problem) = problem {
            note.push_str(problem);
        }
        note
    }
}

impl SyncWords for En {
    fn link(&self, f: &SyncFacts) -> String {
        if !f.enrolled {
            return "not enrolled".into();
        }
        let state = match f.link {
            Link::Online => "online",
            Link::Offline => "offline",
            Link::Unknown => "connecting",
            Link::Refused => "refused by the district",
        };
        match f.last_ok {
            Some(at) => format!("{state} · synced {at} · {} waiting", f.pending),
            None => format!("{state} · never synced · {} waiting", f.pending),
        }
    }

    fn lead_note(&self, f: &SyncFacts, problem: Option<&str>) -> String {
        if !f.enrolled {
            return "This terminal is not enrolled with the district; its data stays here. To enrol, run kakou enroll --server URL --code CODE on the terminal (the district gives the code).".into();
        }
        let mut note = match f.last_ok {
            Some(at) => format!("Last synced {at}; {} events waiting. ", f.pending),
            None => format!("Never synced yet; {} events waiting. ", f.pending),
        };
        if f.asked {
            note.push_str("Syncing…");
        } else if f.link == Link::Offline {
            note.push_str(
                "The district cannot be reached now; everything is sent once it can. Nothing is lost.",
            );
        }
        if f.conflicts > 0 {
            note.push_str(&format!(
                " {} household status edits lost to later ones from other gates.",
                f.conflicts
            ));
        }
        if let Some(problem) = problem {
            note.push(' ');
            note.push_str(problem);
        }
        note
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(link: Link, asked: bool) -> SyncFacts<'static> {
        SyncFacts {
            enrolled: true,
            link,
            last_ok: Some("20:31"),
            pending: 12,
            conflicts: 0,
            asked,
        }
    }

    #[test]
    fn the_status_bar_says_the_link_the_last_sync_and_what_waits() {
        let zh = sync_words(Lang::Zh);
        assert_eq!(
            zh.link(&facts(Link::Offline, false)),
            "离线 · 同步于 20:31 · 待传 12"
        );
        let en = sync_words(Lang::En);
        assert_eq!(
            en.link(&facts(Link::Online, false)),
            "online · synced 20:31 · 12 waiting"
        );
        let not = SyncFacts {
            enrolled: false,
            ..facts(Link::Unknown, false)
        };
        assert_eq!(zh.link(&not), "未接入区里");
    }

    #[test]
    fn the_lead_hears_that_a_round_runs_and_why_sync_is_stuck() {
        let zh = sync_words(Lang::Zh);
        assert!(
            zh.lead_note(&facts(Link::Online, true), None)
                .ends_with("正在同步…")
        );
        let stuck = zh.lead_note(&facts(Link::Refused, false), Some("区里拒绝：终端已被吊销"));
        assert!(stuck.contains("终端已被吊销"), "{stuck}");
        let offline = sync_words(Lang::En).lead_note(&facts(Link::Offline, false), None);
        assert!(offline.contains("Nothing is lost"), "{offline}");
    }
}
