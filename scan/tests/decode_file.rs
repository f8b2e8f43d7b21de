//! `decode_file`: what `kakou qr decode FILE…` sees.

mod support;

use kakou_scan::{ScanError, decode_file};
use rand::SeedableRng;
use rand::rngs::StdRng;
use support::synth;

#[test]
fn a_pass_photo_decodes_to_its_text() {
    let mut rng = StdRng::seed_from_u64(11);
    let pass = synth::pass_text(&mut rng);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("pass.png");
    synth::pass_frame(&mut rng, &pass)
        .save(&path)
        .expect("write");

    let decoded = decode_file(&path).expect("readable");

    assert_eq!(decoded.texts, vec![pass]);
    assert!(!decoded.panicked);
}

#[test]
fn the_format_is_taken_from_the_content_not_the_name() {
    let mut rng = StdRng::seed_from_u64(12);
    let pass = synth::pass_text(&mut rng);
    let dir = tempfile::tempdir().expect("temp dir");
    let png = dir.path().join("pass.png");
    synth::upright_pass_frame(&mut rng, &pass)
        .save(&png)
        .expect("write");
    let misnamed = dir.path().join("pass.jpg");
    std::fs::rename(&png, &misnamed).expect("rename");

    assert_eq!(decode_file(&misnamed).expect("readable").texts, vec![pass]);
}

#[test]
fn a_missing_file_is_a_read_error_naming_the_file() {
    let err = decode_file(std::path::Path::new("/nonexistent/kakou/pass.png")).unwrap_err();
    assert!(matches!(err, ScanError::Read { .. }), "{err:?}");
    assert_eq!(err.code(), "read_failed");
    assert!(
        err.to_string().contains("/nonexistent/kakou/pass.png"),
        "{err}"
    );
}

#[test]
fn a_folder_is_not_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let err = decode_file(dir.path()).unwrap_err();
    assert!(
        matches!(
            err,
            ScanError::NotAFile {
                kind: "a folder",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.code(), "not_a_file");
}

#[test]
fn a_text_file_is_not_an_image() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("notes.png");
    std::fs::write(&path, "KK1:THIS IS TEXT, NOT A PICTURE\n").expect("write");
    let err = decode_file(&path).unwrap_err();
    assert!(matches!(err, ScanError::NotAnImage { .. }), "{err:?}");
    assert_eq!(err.code(), "not_an_image");
    assert!(err.to_string().contains("notes.png"), "{err}");
}

#[test]
fn a_truncated_png_is_not_an_image() {
    let mut rng = StdRng::seed_from_u64(13);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("cut.png");
    synth::blank_frame(&mut rng).save(&path).expect("write");
    let bytes = std::fs::read(&path).expect("read");
    std::fs::write(&path, &bytes[..bytes.len() / 3]).expect("truncate");
    let err = decode_file(&path).unwrap_err();
    assert!(matches!(err, ScanError::NotAnImage { .. }), "{err:?}");
}

#[test]
fn an_image_without_a_code_decodes_to_nothing() {
    let mut rng = StdRng::seed_from_u64(14);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("blank.png");
    synth::blank_frame(&mut rng).save(&path).expect("write");
    let decoded = decode_file(&path).expect("readable");
    assert!(decoded.texts.is_empty(), "{:?}", decoded.texts);
}
