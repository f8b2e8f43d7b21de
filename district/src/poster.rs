//! The QR poster hung at a gate: the address of the community's visitor
//! pre-registration page as a QR code, and short instructions in Chinese.
//! `kakou-district poster` writes it as a PDF (krilla, the bundled font
//! embedded and subset); the staff page `/c/<slug>/poster` shows the same
//! words and code for printing from a browser.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use rustybuzz::{Face, UnicodeBuffer};

use crate::web::qr::{self, QUIET_ZONE};

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/KakouSans-Regular.otf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/KakouSans-Bold.otf");

/// The visitor page of a community under `base_url`.
pub fn visitor_url(base_url: &str, slug: &str) -> String {
    format!("{}/v/{slug}", base_url.trim_end_matches('/'))
}

/// What the poster tells a visitor, in the words of the community offices.
pub fn instructions(checkpoint: &str) -> Vec<String> {
    let gate = if checkpoint.is_empty() {
        "卡口".to_string()
    } else {
        format!("{checkpoint}卡口")
    };
    vec![
        "请您提前扫码登记，省得排队时间长了。".into(),
        "用手机扫描上方二维码，填写姓名、证件号、手机号、探访住户和到访日期。".into(),
        "登记后手机上会显示粉色访客码，仅到访当天有效。".into(),
        format!("到访时请在{gate}出示访客码和身份证，配合测温。"),
        "不会用手机的访客，请到卡口由工作人员现场登记。".into(),
    ]
}

#[derive(Debug, thiserror::Error)]
pub enum PosterError {
    #[error("the address cannot be a QR code: {0}")]
    Qr(#[from] qr::QrError),
    #[error("the PDF could not be made: {0}")]
    Pdf(String),
}

/// A4 in points.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.0;
const PINK: (u8, u8, u8) = (0xd9, 0x4f, 0x94);
const INK: (u8, u8, u8) = (0x1d, 0x23, 0x29);
const GREY: (u8, u8, u8) = (0x5b, 0x66, 0x70);

struct Typeface {
    font: Font,
    face: Face<'static>,
}

impl Typeface {
    fn load(bytes: &'static [u8]) -> Typeface {
        // Compiled in and exercised by the tests: a failure is a broken build.
        Typeface {
            font: Font::new(bytes.into(), 0).expect("the bundled font loads"),
            face: Face::from_slice(bytes, 0).expect("the bundled font parses"),
        }
    }

    /// The width of a line at `size` points.
    fn width(&self, text: &str, size: f32) -> f32 {
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(&self.face, &[], buffer);
        let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        units as f32 / f32::from(self.face.units_per_em() as u16) * size
    }

    /// Splits `text` into lines no wider than `max` points, between any
    /// two characters (Chinese breaks anywhere).
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for c in text.chars() {
            line.push(c);
            if self.width(&line, size) > max && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::take(&mut line));
                line.push(c);
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        lines
    }

    fn draw(
        &self,
        surface: &mut Surface,
        text: &str,
        x: f32,
        baseline: f32,
        size: f32,
        colour: (u8, u8, u8),
    ) {
        surface.set_fill(Some(fill(colour)));
        surface.draw_text(
            Point::from_xy(x, baseline),
            self.font.clone(),
            size,
            text,
            false,
            TextDirection::Auto,
        );
    }

    fn centred(
        &self,
        surface: &mut Surface,
        text: &str,
        baseline: f32,
        size: f32,
        colour: (u8, u8, u8),
    ) {
        let x = (PAGE_W - self.width(text, size)) / 2.0;
        self.draw(surface, text, x, baseline, size, colour);
    }
}

fn fill((r, g, b): (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn rect(surface: &mut Surface, x: f32, y: f32, w: f32, h: f32, colour: (u8, u8, u8)) {
    let mut path = PathBuilder::new();
    if let Some(r) = Rect::from_xywh(x, y, w, h) {
        path.push_rect(r);
    }
    if let Some(path) = path.finish() {
        surface.set_fill(Some(fill(colour)));
        surface.draw_path(&path);
    }
}

/// The poster as a one-page A4 PDF.
pub fn pdf(community: &str, checkpoint: &str, url: &str) -> Result<Vec<u8>, PosterError> {
    let matrix = qr::text_matrix(url)?;
    let regular = Typeface::load(REGULAR);
    let bold = Typeface::load(BOLD);
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{community} 访客预约登记"))
            .creator("kakou-district".to_string()),
    );
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).expect("A4 is a valid page size");
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();

    // A pink band, like the pink pass the visitor will get.
    rect(&mut surface, 0.0, 0.0, PAGE_W, 120.0, PINK);
    let title = if checkpoint.is_empty() {
        community.to_string()
    } else {
        format!("{community} · {checkpoint}")
    };
    bold.centred(&mut surface, &title, 62.0, 30.0, (0xff, 0xff, 0xff));
    regular.centred(
        &mut surface,
        "访客预约登记 · Visitor pre-registration",
        100.0,
        18.0,
        (0xff, 0xff, 0xff),
    );

    // The QR code, 110 mm wide with its quiet zone, centred.
    let side_modules = (matrix.width + 2 * QUIET_ZONE) as f32;
    let side = 110.0 * 72.0 / 25.4;
    let module = side / side_modules;
    let left = (PAGE_W - side) / 2.0;
    let top = 150.0;
    rect(&mut surface, left, top, side, side, (0xff, 0xff, 0xff));
    for (x, y, w) in matrix.runs() {
        rect(
            &mut surface,
            left + (x + QUIET_ZONE) as f32 * module,
            top + (y + QUIET_ZONE) as f32 * module,
            w as f32 * module,
            module,
            INK,
        );
    }

    let mut baseline = top + side + 40.0;
    let lines = instructions(checkpoint);
    bold.centred(&mut surface, &lines[0], baseline, 24.0, PINK);
    baseline += 40.0;
    for (i, line) in lines.iter().enumerate().skip(1) {
        let number = format!("{i}. ");
        let indent = regular.width(&number, 15.0);
        regular.draw(&mut surface, &number, MARGIN, baseline, 15.0, INK);
        for part in regular.wrap(line, 15.0, PAGE_W - 2.0 * MARGIN - indent) {
            regular.draw(&mut surface, &part, MARGIN + indent, baseline, 15.0, INK);
            baseline += 24.0;
        }
        baseline += 4.0;
    }
    regular.centred(&mut surface, url, PAGE_H - 40.0, 11.0, GREY);

    surface.finish();
    page.finish();
    document
        .finish()
        .map_err(|e| PosterError::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_poster_names_the_gate_and_links_the_community_page() {
        assert_eq!(
            visitor_url("https://district.example/", "k3x9q2ab"),
            "https://district.example/v/k3x9q2ab"
        );
        let lines = instructions("东门");
        assert_eq!(lines[0], "请您提前扫码登记，省得排队时间长了。");
        assert!(lines.iter().any(|l| l.contains("东门卡口")));
        assert!(instructions("").iter().any(|l| l.contains("在卡口出示")));
    }

    #[test]
    fn long_lines_wrap_within_the_width() {
        let face = Typeface::load(REGULAR);
        let text = "用手机扫描上方二维码，填写姓名、证件号、手机号、探访住户和到访日期。";
        let lines = face.wrap(text, 15.0, 200.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), text);
        assert!(lines.iter().all(|l| face.width(l, 15.0) <= 200.0));
        // A CJK character is one em wide.
        assert!((face.width("卡口", 10.0) - 20.0).abs() < 0.5);
    }

    #[test]
    fn the_pdf_is_one_page_with_the_font_embedded() {
        let pdf = pdf("幸福里小区", "东门", "http://127.0.0.1:8787/v/k3x9q2ab").unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        // The fonts are embedded, subset: far smaller than the 3 MB they
        // came from, far larger than a page without them.
        assert!(
            pdf.len() > 10_000 && pdf.len() < 400_000,
            "{} bytes",
            pdf.len()
        );
    }
}
