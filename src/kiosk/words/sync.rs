//! What the status bar and the lead's today page say about sync with the
//! district, which every language has beside [`super::Words`] (in
//! `sync_zh.rs` and `sync_en.rs`). The facts come from `app::sync::status`
//! and the sync thread's latest round; these are only the sentences.

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kiosk::words::words;
    use kakou_core::lang::Lang;

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
        let zh = words(Lang::Zh);
        assert_eq!(
            zh.link(&facts(Link::Offline, false)),
            "离线 · 同步于 20:31 · 待传 12"
        );
        let en = words(Lang::En);
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
        let zh = words(Lang::Zh);
        assert!(
            zh.lead_note(&facts(Link::Online, true), None)
                .ends_with("正在同步…")
        );
        let stuck = zh.lead_note(&facts(Link::Refused, false), Some("区里拒绝：终端已被吊销"));
        assert!(stuck.contains("终端已被吊销"), "{stuck}");
        let offline = words(Lang::En).lead_note(&facts(Link::Offline, false), None);
        assert!(offline.contains("Nothing is lost"), "{offline}");
    }
}
