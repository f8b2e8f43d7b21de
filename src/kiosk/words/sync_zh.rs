//! 同步状态的中文用语：状态栏和值班组长页。

use kakou_core::sync::schedule::Link;

use super::sync::{SyncFacts, SyncWords};
use super::zh::Zh;

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
