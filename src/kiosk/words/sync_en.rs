//! English for sync: the status bar and the lead's today page.

use kakou_core::sync::schedule::Link;

use super::en::En;
use super::sync::{SyncFacts, SyncWords};

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
