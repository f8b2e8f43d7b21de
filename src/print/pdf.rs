//! Drawing pass cards into a PDF with krilla: vector shapes for the bands,
//! cut marks and QR codes, and the bundled font (subset to the characters
//! used) for the text. The geometry comes from `layout`; this module only
//! draws it.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect as PdfRect, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;

use kakou_core::lang::Lang;

use super::card::Card;
use super::fonts::Typeface;
use super::layout::{self, PT_PER_MM, Rect};
use super::qr::{self, QrError};

/// What printing made: the PDF file's bytes and what the user should know.
#[derive(Debug)]
pub struct Printed {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Cards whose name or address has characters the bundled font lacks;
    /// they print as empty boxes and the shift lead should write them in.
    pub missing_glyphs: Vec<MissingGlyphs>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MissingGlyphs {
    pub serial: u64,
    pub chars: String,
}

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error("pass {serial} cannot be printed as a QR code: {source}")]
    Qr { serial: u64, source: QrError },
    #[error("the PDF could not be made: {0}")]
    Pdf(String),
}

impl PrintError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PrintError::Qr { serial, .. }, Lang::Zh) => {
                format!(
                    "通行证 {serial} 的内容无法生成二维码（不是有效的通行证文本），请吊销后重新签发"
                )
            }
            (PrintError::Pdf(detail), Lang::Zh) => format!("无法生成 PDF：{detail}"),
            (other, Lang::En) => other.to_string(),
        }
    }
}

const BLACK: (u8, u8, u8) = (0, 0, 0);
const GREY: (u8, u8, u8) = (0x55, 0x55, 0x55);
const WHITE: (u8, u8, u8) = (0xff, 0xff, 0xff);

/// Lays out `cards` eight to an A4 page, in the order given.
pub fn render(cards: &[Card], title: &str) -> Result<Printed, PrintError> {
    let fonts = Fonts {
        regular: Typeface::regular(),
        bold: Typeface::bold(),
    };
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .creator("kakou".to_string()),
    );
    let pages = cards.len().div_ceil(layout::CARDS_PER_PAGE);
    let mut missing_glyphs = Vec::new();
    let size = (layout::PAGE_W * PT_PER_MM, layout::PAGE_H * PT_PER_MM);
    for (page_index, page_cards) in cards.chunks(layout::CARDS_PER_PAGE).enumerate() {
        let settings = PageSettings::from_wh(size.0, size.1).expect("A4 is a valid page size");
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for (slot, card) in page_cards.iter().enumerate() {
            let at = layout::card(slot);
            let missing = draw_card(&mut surface, &fonts, card, at)?;
            if !missing.is_empty() {
                missing_glyphs.push(MissingGlyphs {
                    serial: card.serial,
                    chars: missing.into_iter().collect(),
                });
            }
            draw_cut_marks(&mut surface, &at);
        }
        let footer = format!(
            "{} 通行证  ·  第 {} / {} 页  ·  沿角线裁切 Cut along the corner marks",
            page_cards[0].community,
            page_index + 1,
            pages
        );
        let f = layout::footer();
        fonts.regular.draw(
            &mut surface,
            &footer,
            Line::centred(f.x + f.w / 2.0, f.y + 4.0, 7.0, GREY).max_width(f.w),
        );
        surface.finish();
        page.finish();
    }
    let pdf = document
        .finish()
        .map_err(|e| PrintError::Pdf(format!("{e:?}")))?;
    Ok(Printed {
        pdf,
        pages,
        missing_glyphs,
    })
}

struct Fonts {
    regular: Typeface,
    bold: Typeface,
}

/// Draws one card with its top left corner at `at`; returns the characters
/// the font could not show.
fn draw_card(
    surface: &mut Surface,
    fonts: &Fonts,
    card: &Card,
    at: Rect,
) -> Result<Vec<char>, PrintError> {
    let parts = layout::card_parts();
    let band = parts.band.offset(at.x, at.y);
    let text = parts.text.offset(at.x, at.y);
    let qr_box = parts.qr.offset(at.x, at.y);
    let pad = layout::CARD_PADDING;
    let mut missing = Vec::new();

    fill_rect(surface, &band, card.colour());
    // The band: category in Chinese and English on the left, the community
    // on the right, all white on the card's colour.
    let left = band.x + pad;
    let right = band.right() - pad;
    fonts.bold.draw(
        surface,
        card.category.label_zh(),
        Line::left(left, band.y + 6.4, 14.0, WHITE),
    );
    fonts.regular.draw(
        surface,
        card.label_en(),
        Line::left(left, band.y + 9.6, 5.5, WHITE),
    );
    let community_room = band.w / 2.0 - pad;
    missing.extend(fonts.bold.draw(
        surface,
        &card.community,
        Line::right(right, band.y + 6.0, 10.0, WHITE).max_width(community_room),
    ));
    fonts.regular.draw(
        surface,
        "出入通行证  PASS",
        Line::right(right, band.y + 9.6, 5.5, WHITE),
    );

    // The text column, top to bottom.
    let x = text.x;
    let w = text.w - 1.0;
    missing.extend(fonts.bold.draw(
        surface,
        &card.holder,
        Line::left(x, text.y + 6.0, 16.0, BLACK).max_width(w),
    ));
    let mut y = text.y + 10.5;
    let mut field = |label: &str, value: &str, size: f32| {
        fonts
            .regular
            .draw(surface, label, Line::left(x, y, 5.5, GREY));
        let m = fonts.bold.draw(
            surface,
            value,
            Line::left(x, y + 4.3, size, BLACK).max_width(w),
        );
        y += 7.6;
        m
    };
    missing.extend(field("住址 Address", &card.address, 10.0));
    missing.extend(field("编号 Serial No.", &card.serial.to_string(), 10.0));
    missing.extend(field("有效期 Valid", &card.validity(), 8.5));
    if let Some((zh, en)) = card.turns_into_note() {
        // In the card's red, under the dates it qualifies.
        fonts.bold.draw(
            surface,
            &zh,
            Line::left(x, y + 0.9, 6.5, card.colour()).max_width(w),
        );
        fonts.regular.draw(
            surface,
            &en,
            Line::left(x, y + 3.3, 5.0, card.colour()).max_width(w),
        );
    }
    fonts.regular.draw(
        surface,
        "请与身份证一同出示  Show with your ID card",
        Line::left(x, text.bottom(), 5.0, GREY).max_width(w),
    );

    draw_qr(surface, card, &qr_box)?;
    Ok(missing)
}

/// The QR code as one filled path of merged rectangles, so neighbouring
/// modules have no anti-aliasing seams between them.
fn draw_qr(surface: &mut Surface, card: &Card, qr_box: &Rect) -> Result<(), PrintError> {
    let code = qr::encode(&card.text).map_err(|source| PrintError::Qr {
        serial: card.serial,
        source,
    })?;
    let module = layout::module_size(code.version) * PT_PER_MM;
    let quiet = layout::QUIET_ZONE_MODULES as f32 * module;
    // Drawn in module units under a scaling transform: whole-number
    // coordinates keep the PDF's path data short and exact.
    let mut path = PathBuilder::new();
    for r in code.rects() {
        if let Some(rect) = PdfRect::from_xywh(r.x as f32, r.y as f32, r.w as f32, r.h as f32) {
            path.push_rect(rect);
        }
    }
    if let Some(path) = path.finish() {
        surface.push_transform(&Transform::from_row(
            module,
            0.0,
            0.0,
            module,
            qr_box.x * PT_PER_MM + quiet,
            qr_box.y * PT_PER_MM + quiet,
        ));
        surface.set_fill(Some(fill(BLACK)));
        surface.draw_path(&path);
        surface.pop();
    }
    Ok(())
}

fn draw_cut_marks(surface: &mut Surface, card: &Rect) {
    let mut path = PathBuilder::new();
    for m in layout::cut_marks(card) {
        path.move_to(m.x1 * PT_PER_MM, m.y1 * PT_PER_MM);
        path.line_to(m.x2 * PT_PER_MM, m.y2 * PT_PER_MM);
    }
    if let Some(path) = path.finish() {
        surface.set_fill(None);
        surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(0, 0, 0).into(),
            width: layout::MARK_WIDTH_PT,
            ..Default::default()
        }));
        surface.draw_path(&path);
        surface.set_stroke(None);
    }
}

fn fill_rect(surface: &mut Surface, rect: &Rect, colour: (u8, u8, u8)) {
    let mut path = PathBuilder::new();
    if let Some(r) = pdf_rect(rect) {
        path.push_rect(r);
    }
    if let Some(path) = path.finish() {
        surface.set_fill(Some(fill(colour)));
        surface.draw_path(&path);
    }
}

fn fill((r, g, b): (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

fn pdf_rect(r: &Rect) -> Option<PdfRect> {
    PdfRect::from_xywh(
        r.x * PT_PER_MM,
        r.y * PT_PER_MM,
        r.w * PT_PER_MM,
        r.h * PT_PER_MM,
    )
}

/// Where and how to draw one line of text: position in millimetres (the
/// baseline's left end, right end or middle), size in points.
#[derive(Debug, Clone, Copy)]
struct Line {
    x: f32,
    baseline: f32,
    size: f32,
    colour: (u8, u8, u8),
    align: Align,
    /// Longer lines are drawn smaller until they fit.
    max_width: Option<f32>,
}

#[derive(Debug, Clone, Copy)]
enum Align {
    Left,
    Right,
    Centre,
}

impl Line {
    fn left(x: f32, baseline: f32, size: f32, colour: (u8, u8, u8)) -> Line {
        Line {
            x,
            baseline,
            size,
            colour,
            align: Align::Left,
            max_width: None,
        }
    }

    fn right(x: f32, baseline: f32, size: f32, colour: (u8, u8, u8)) -> Line {
        Line {
            align: Align::Right,
            ..Line::left(x, baseline, size, colour)
        }
    }

    fn centred(x: f32, baseline: f32, size: f32, colour: (u8, u8, u8)) -> Line {
        Line {
            align: Align::Centre,
            ..Line::left(x, baseline, size, colour)
        }
    }

    fn max_width(self, mm: f32) -> Line {
        Line {
            max_width: Some(mm),
            ..self
        }
    }
}

impl Typeface {
    /// Draws `text` on one line; returns the characters the font lacks.
    fn draw(&self, surface: &mut Surface, text: &str, line: Line) -> Vec<char> {
        let shaped = self.shape(text);
        let natural_mm = shaped.width_em * line.size / PT_PER_MM;
        let size = match line.max_width {
            Some(max) if natural_mm > max => line.size * max / natural_mm,
            _ => line.size,
        };
        let width_mm = shaped.width_em * size / PT_PER_MM;
        let x = match line.align {
            Align::Left => line.x,
            Align::Right => line.x - width_mm,
            Align::Centre => line.x - width_mm / 2.0,
        };
        surface.set_stroke(None);
        surface.set_fill(Some(fill(line.colour)));
        surface.draw_glyphs(
            Point::from_xy(x * PT_PER_MM, line.baseline * PT_PER_MM),
            &shaped.glyphs,
            self.pdf.clone(),
            text,
            size,
            false,
        );
        shaped.missing
    }
}
