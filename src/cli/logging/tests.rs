use std::sync::{Arc, Mutex};

use kakou_core::privacy::find_personal_numbers;
use tracing_subscriber::fmt;
use tracing_subscriber::layer::SubscriberExt;

use super::*;

/// A writer into a shared buffer, as a test's stand-in for a file.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Shared {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

/// Logs an event and a span full of personal numbers.
fn log_personal_numbers() {
    let span = tracing::info_span!("visitor", phone = "13800138000");
    let _entered = span.enter();
    span.record("phone", "13900139000");
    tracing::warn!(
        id_number = "11010519491231002X",
        count = 3,
        "no household for 李四 13800138000"
    );
    let error = std::io::Error::other("refused 11010519491231002X");
    tracing::error!(error = &error as &dyn std::error::Error, "failed");
}

#[test]
fn the_written_lines_are_masked() {
    let out = Shared::default();
    let sink = out.clone();
    let subscriber = tracing_subscriber::registry().with(
        fmt::layer()
            .with_ansi(false)
            .with_writer(MaskedWriter::new(move || sink.clone())),
    );
    tracing::subscriber::with_default(subscriber, log_personal_numbers);
    let text = out.text();
    assert!(find_personal_numbers(&text).is_empty(), "{text}");
    assert!(text.contains("110105********002X"), "{text}");
    assert!(text.contains("no household for 李四 138****8000"), "{text}");
    assert!(text.contains("count=3"), "{text}");
}

#[test]
fn a_layer_that_takes_the_fields_gets_them_masked() {
    let out = Shared::default();
    let sink = out.clone();
    // The fmt layer stands for journald here: it reads the fields of the
    // events and spans it is handed, and writes them without any masking.
    let unmasked = fmt::layer()
        .with_ansi(false)
        .with_writer(move || sink.clone());
    let subscriber = tracing_subscriber::registry().with(MaskedLayer::new(unmasked));
    tracing::subscriber::with_default(subscriber, log_personal_numbers);
    let text = out.text();
    assert!(find_personal_numbers(&text).is_empty(), "{text}");
    assert!(text.contains("id_number=110105********002X"), "{text}");
    assert!(
        text.contains("phone=139****9000"),
        "the span's recorded field: {text}"
    );
    assert!(text.contains("no household for 李四 138****8000"), "{text}");
    assert!(text.contains("refused 110105********002X"), "{text}");
    assert!(
        text.contains("WARN") && text.contains("ERROR"),
        "levels kept: {text}"
    );
}

#[test]
fn the_file_log_lives_beside_the_store() {
    assert_eq!(
        folder_for(Path::new("/var/lib/kakou/kakou.db")),
        Path::new("/var/lib/kakou/logs")
    );
    assert_eq!(folder_for(Path::new("k.db")), Path::new("./logs"));
}
