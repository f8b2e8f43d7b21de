//! `kakou qr decode FILE…`: the gate's decode pipeline on image files.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use serde_json::json;

use super::{Answer, emit};

/// Decodes every file; a file that cannot be read gets an `error` field and
/// the others still run. The answer is "no" when any file held no code.
pub fn run(files: &[PathBuf]) -> Result<Answer> {
    let mut out = std::io::stdout().lock();
    let mut all_found = true;
    for file in files {
        let started = Instant::now();
        let result = kakou_scan::decode_file(file);
        let ms = (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
        let line = match result {
            Ok(decoded) => {
                all_found &= !decoded.texts.is_empty();
                json!({"file": file, "texts": decoded.texts, "ms": ms})
            }
            Err(e) => {
                all_found = false;
                json!({"file": file, "texts": [], "ms": ms, "error": e.code(), "message": e.to_string()})
            }
        };
        emit(&mut out, &line)?;
    }
    Ok(if all_found { Answer::Yes } else { Answer::No })
}
