//! Input files that could hang, abort or exhaust the terminal, through the
//! real binary: `import residents` refuses them with a clear error in both
//! languages and leaves the store exactly as it was, and `qr decode` reports
//! each of them on its own line while the other files still decode.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{id_number, init, json_lines, kakou, run_ok, store_dump};

/// Runs kakou with the arguments and no input, and fails the test instead
/// of hanging it when kakou waits on a file rather than refusing it.
fn run_bounded(args: &[&std::ffi::OsStr]) -> Output {
    let mut child = kakou()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kakou starts");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            child.kill().unwrap();
            panic!("kakou {args:?} did not end: it waited on its input");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// A store with a household, its people and their passes, so that "nothing
/// changed" is checked against something.
fn populated_store(dir: &Path) -> PathBuf {
    let db = dir.join("gate.db");
    init(&db);
    let ledger = dir.join("good.csv");
    std::fs::write(
        &ledger,
        format!(
            "楼栋,单元,房号,姓名,身份证号,类别\n3,2,501,张三,{},居民\n3,2,501,李梅,{},租户\n",
            id_number(1),
            id_number(2)
        ),
    )
    .unwrap();
    run_ok(&db, &["import", "residents", ledger.to_str().unwrap()], "");
    run_ok(&db, &["pass", "issue", "--all"], "");
    db
}

/// Imports `file` in both languages; each run must fail with exit code 2,
/// say everything in `en` and `zh` on stderr and leave every table of the
/// store as it was.
fn import_is_refused(db: &Path, file: &Path, en: &[&str], zh: &[&str]) {
    for (lang, words) in [("en", en), ("zh", zh)] {
        let before = store_dump(db);
        let out = run_bounded(&[
            "--db".as_ref(),
            db.as_os_str(),
            "--lang".as_ref(),
            lang.as_ref(),
            "import".as_ref(),
            "residents".as_ref(),
            file.as_os_str(),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}: {stderr}", file.display());
        for w in words {
            assert!(stderr.contains(w), "{w:?} not in: {stderr}");
        }
        assert_eq!(
            store_dump(db),
            before,
            "importing {} changed the store",
            file.display()
        );
    }
}

#[test]
fn an_xlsx_with_cells_at_a1_and_xfd1048576_is_refused_naming_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated_store(dir.path());
    let file = dir.path().join("corners.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "姓名").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    book.save(&file).unwrap();
    assert!(std::fs::metadata(&file).unwrap().len() < 8 * 1024);
    import_is_refused(
        &db,
        &file,
        &[
            "A1:XFD1048576",
            "1048576 rows × 16384 columns",
            "at most 2000000 cells",
        ],
        &[
            "A1:XFD1048576",
            "1048576 行 × 16384 列",
            "台账最多 2000000 个单元格",
        ],
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_waiting_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated_store(dir.path());
    let fifo = dir.path().join("ledger.csv");
    mkfifo(&fifo);
    import_is_refused(&db, &fifo, &["a pipe (FIFO), not a file"], &["管道"]);
}

#[cfg(unix)]
#[test]
fn dev_zero_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated_store(dir.path());
    import_is_refused(
        &db,
        Path::new("/dev/zero"),
        &["/dev/zero is a device, not a file"],
        &["/dev/zero 是一个设备，不是文件"],
    );
}

#[test]
fn a_folder_and_an_old_excel_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = populated_store(dir.path());
    import_is_refused(&db, dir.path(), &["is a folder"], &["文件夹"]);
    let xls = dir.path().join("旧台账.xls");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    std::fs::write(&xls, ole).unwrap();
    import_is_refused(&db, &xls, &["save it as .xlsx"], &["另存为 .xlsx"]);
}

/// A PNG of the pass text, as a phone screenshot of a pass would be.
fn pass_png(path: &Path, text: &str) {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).unwrap();
    let modules = code.width() as u32;
    let dark = code.to_colors();
    let scale = 6;
    let side = (modules + 8) * scale;
    let img = image::GrayImage::from_fn(side, side, |x, y| {
        let (mx, my) = (x / scale, y / scale);
        let inside = (4..modules + 4).contains(&mx) && (4..modules + 4).contains(&my);
        let is_dark =
            inside && dark[((my - 4) * modules + (mx - 4)) as usize] == qrcode::Color::Dark;
        image::Luma([if is_dark { 0 } else { 255 }])
    });
    img.save(path).unwrap();
}

/// The start of a PNG whose header claims 100000×100000 pixels: if the
/// decoder believed it, it would need 10 GB before finding the data gone.
fn huge_png_header(path: &Path) {
    let mut png = image::GrayImage::new(1, 1);
    png.put_pixel(0, 0, image::Luma([255]));
    let mut bytes = Vec::new();
    png.write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Png,
    )
    .unwrap();
    // The IHDR chunk follows the 8-byte signature and its 8-byte head;
    // width and height are its first 8 bytes, then comes its CRC.
    bytes[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bytes[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let crc = crc32(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    std::fs::write(path, bytes).unwrap();
}

/// The CRC-32 of PNG chunks (ISO 3309), bit by bit.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(unix)]
#[test]
fn qr_decode_reports_each_bad_file_and_still_decodes_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("camera.png");
    mkfifo(&fifo);
    let huge = dir.path().join("huge.png");
    huge_png_header(&huge);
    let good = dir.path().join("pass.png");
    let text = "KK1:BOUNDED INPUT TEST 0123456789";
    pass_png(&good, text);

    let files = [
        Path::new("/dev/zero"),
        fifo.as_path(),
        dir.path(),
        huge.as_path(),
        good.as_path(),
    ];
    let mut args: Vec<&std::ffi::OsStr> = vec!["qr".as_ref(), "decode".as_ref()];
    args.extend(files.iter().map(|f| f.as_os_str()));
    let out = run_bounded(&args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = json_lines(&out);
    assert_eq!(lines.len(), files.len(), "{lines:?}");
    let codes: Vec<&str> = lines
        .iter()
        .map(|l| l["error"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        codes,
        [
            "not_a_file",
            "not_a_file",
            "not_a_file",
            "image_too_large",
            ""
        ]
    );
    for (line, file) in lines.iter().zip(files) {
        assert_eq!(line["file"], file.to_str().unwrap());
    }
    assert!(
        lines[3]["message"]
            .as_str()
            .unwrap()
            .contains("100000×100000 pixels"),
        "{}",
        lines[3]
    );
    assert_eq!(lines[4]["texts"], serde_json::json!([text]));
}
