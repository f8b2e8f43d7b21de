//! The first-run screen: the kiosk started without a store at `--db` and
//! without `--demo`. It has nothing to control (there is no store to work
//! on), so it is only a view, built where the store failed to open.
//! Nothing is created at `--db` by merely starting: only `kakou init` and
//! the demo make stores.

use std::path::Path;

use kakou_core::lang::Lang;

use super::view::{FirstRunView, ScreenId, View};
use super::words::words;

/// What the kiosk shows when there is no store at `db`.
pub fn view(db: &Path, lang: Lang) -> View {
    let mut view = View::default();
    view.app.lang = lang;
    view.app.data_as_of = words(lang).no_ledger().into();
    view.screen = ScreenId::FirstRun;
    let db = db.display().to_string();
    view.first_run = FirstRunView {
        db_arg: shell_word(&db),
        db,
    };
    view
}

/// `text` as one word for a POSIX shell: as it is when it needs no
/// quoting, else in single quotes.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,@%".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commands_get_the_path_as_one_shell_word() {
        let cases = [
            ("/var/lib/kakou/kakou.db", "/var/lib/kakou/kakou.db"),
            ("/home/lead/my gate.db", "'/home/lead/my gate.db'"),
            ("/tmp/it's.db", r"'/tmp/it'\''s.db'"),
            ("/srv/东门.db", "'/srv/东门.db'"),
            ("$HOME/x.db", "'$HOME/x.db'"),
            ("", "''"),
        ];
        for (path, word) in cases {
            assert_eq!(shell_word(path), word, "{path}");
        }
    }

    #[test]
    fn the_view_is_the_first_run_screen_in_the_language_asked() {
        let view = view(Path::new("/var/lib/kakou/kakou.db"), Lang::En);
        assert_eq!(view.screen, ScreenId::FirstRun);
        assert_eq!(view.app.lang, Lang::En);
        assert_eq!(view.first_run.db, "/var/lib/kakou/kakou.db");
        assert!(!view.app.demo, "nothing claims a demo");
    }
}
