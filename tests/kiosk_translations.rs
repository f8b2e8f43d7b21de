//! Every text the kiosk translates with @tr has an English entry, so that
//! switching to English never leaves a Chinese label behind.

use std::collections::BTreeSet;

/// A translatable text: its context (`@tr("context" => "text")`), if any,
/// and the text.
type Key = (Option<String>, String);

fn tr_strings() -> BTreeSet<Key> {
    let mut found = BTreeSet::new();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/ui")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "slint") {
            let text = std::fs::read_to_string(&path).unwrap();
            for piece in text.split("@tr(\"").skip(1) {
                let (first, rest) = piece.split_once('"').unwrap();
                let key = match rest.trim_start().strip_prefix("=>") {
                    Some(text) => {
                        let text = text.trim_start().strip_prefix('"').unwrap();
                        (
                            Some(first.to_string()),
                            text.split('"').next().unwrap().to_string(),
                        )
                    }
                    None => (None, first.to_string()),
                };
                found.insert(key);
            }
        }
    }
    found
}

fn po_entries() -> Vec<(Key, String)> {
    let po = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/lang/en/LC_MESSAGES/kakou.po"
    ))
    .unwrap();
    let mut entries = Vec::new();
    let (mut context, mut id) = (None, None);
    for line in po.lines() {
        if let Some(rest) = line.strip_prefix("msgctxt \"") {
            context = Some(rest.trim_end_matches('"').to_string());
        } else if let Some(rest) = line.strip_prefix("msgid \"") {
            id = Some(rest.trim_end_matches('"').to_string());
        } else if let Some(rest) = line.strip_prefix("msgstr \"") {
            let context = context.take();
            if let Some(id) = id.take().filter(|i| !i.is_empty()) {
                entries.push(((context, id), rest.trim_end_matches('"').to_string()));
            }
        }
    }
    entries
}

#[test]
fn every_ui_string_has_an_english_translation() {
    let wanted = tr_strings();
    assert!(wanted.len() > 50, "found only {} @tr strings", wanted.len());
    let entries = po_entries();
    let translated: BTreeSet<Key> = entries
        .iter()
        .filter(|(_, en)| !en.is_empty())
        .map(|(id, _)| id.clone())
        .collect();
    let missing: Vec<_> = wanted.difference(&translated).collect();
    assert!(missing.is_empty(), "untranslated: {missing:?}");
    let stale: Vec<_> = translated.difference(&wanted).collect();
    assert!(
        stale.is_empty(),
        "translations of strings no longer used: {stale:?}"
    );
    for ((_, id), en) in &entries {
        assert_eq!(
            id.matches("{}").count(),
            en.matches("{}").count(),
            "placeholders differ in {id:?} → {en:?}"
        );
    }
}
