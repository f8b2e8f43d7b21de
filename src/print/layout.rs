//! Where everything goes on a sheet of pass cards. Pure geometry in
//! millimetres with the origin at the top left of the page and y growing
//! downwards (as krilla draws); no I/O, no fonts, so it can be tested and
//! reused by the round-trip test to cut a rendered page into cards.

/// A4 portrait.
pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;

/// ISO/IEC 7810 ID-1, the size of a bank card or an ID card, so the pass
/// fits the card holders and lanyards residents already have.
pub const CARD_W: f32 = 85.6;
pub const CARD_H: f32 = 54.0;

pub const COLUMNS: usize = 2;
pub const ROWS: usize = 4;
pub const CARDS_PER_PAGE: usize = COLUMNS * ROWS;

/// The space between neighbouring cards. It holds the cut marks of both
/// cards, so a guillotine cut along one card's edge never clips the next.
pub const GUTTER: f32 = 10.0;

/// Cut marks start this far from the card's corner, so no ink lands on the
/// card itself when the cut is a little off, and run this long.
pub const MARK_GAP: f32 = 1.0;
pub const MARK_LEN: f32 = 3.0;
// The marks of two cards that meet in a gutter must not join into one line
// that hides where each cut goes; checked when the constants change.
const _: () = assert!(2.0 * (MARK_GAP + MARK_LEN) < GUTTER);

/// Thin enough to cut through, thick enough to see: 0.25 pt hairlines.
pub const MARK_WIDTH_PT: f32 = 0.25;

/// The coloured band at the top of the card with the category's name.
pub const BAND_H: f32 = 11.0;

/// The QR code's square including its quiet zone.
pub const QR_BOX: f32 = 41.0;
/// The quiet zone is white card, so the square nearly reaches the card's
/// right and bottom edges; this much is kept so that a cut a little inside
/// the marks still leaves the whole quiet zone.
pub const QR_INSET: f32 = 1.0;
/// The white border scanners need around a QR code (ISO/IEC 18004).
pub const QUIET_ZONE_MODULES: usize = 4;
/// The largest QR version a pass needs (docs/pass-format.md).
pub const MAX_QR_VERSION: i16 = 8;
/// The smallest module that prints and scans reliably from a 300 dpi office
/// printer: six printer dots.
pub const MIN_MODULE: f32 = 0.5;

/// Text on the card keeps this far from the card's edges.
pub const CARD_PADDING: f32 = 4.0;

/// Points per millimetre: PDF measures in points (1/72 inch).
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// A rectangle in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn right(&self) -> f32 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }

    /// Whether the two rectangles share any area (touching edges do not).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    /// Whether `other` lies entirely within this rectangle.
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }

    /// The same rectangle moved by (`dx`, `dy`), to place a card's parts on
    /// the page.
    pub fn offset(&self, dx: f32, dy: f32) -> Rect {
        Rect {
            x: self.x + dx,
            y: self.y + dy,
            ..*self
        }
    }
}

/// A straight line from (x1, y1) to (x2, y2), in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub x1: f32,
    pub y1: f32,
    pub x2: f32,
    pub y2: f32,
}

/// The whole page.
pub fn page() -> Rect {
    Rect {
        x: 0.0,
        y: 0.0,
        w: PAGE_W,
        h: PAGE_H,
    }
}

/// The left and top margins that centre the grid of cards on the page.
fn margins() -> (f32, f32) {
    let grid_w = COLUMNS as f32 * CARD_W + (COLUMNS - 1) as f32 * GUTTER;
    let grid_h = ROWS as f32 * CARD_H + (ROWS - 1) as f32 * GUTTER;
    ((PAGE_W - grid_w) / 2.0, (PAGE_H - grid_h) / 2.0)
}

/// The card in `slot` (0 to 7, left to right, then top to bottom).
pub fn card(slot: usize) -> Rect {
    assert!(slot < CARDS_PER_PAGE, "a page holds {CARDS_PER_PAGE} cards");
    let (left, top) = margins();
    let (row, column) = (slot / COLUMNS, slot % COLUMNS);
    Rect {
        x: left + column as f32 * (CARD_W + GUTTER),
        y: top + row as f32 * (CARD_H + GUTTER),
        w: CARD_W,
        h: CARD_H,
    }
}

/// The eight short lines at a card's corners that continue its edges
/// outwards: cutting along them gives exactly the card.
pub fn cut_marks(card: &Rect) -> [Line; 8] {
    let (l, r, t, b) = (card.x, card.right(), card.y, card.bottom());
    let (near, far) = (MARK_GAP, MARK_GAP + MARK_LEN);
    let horizontal = |y: f32, x_edge: f32, outward: f32| Line {
        x1: x_edge + outward * near,
        y1: y,
        x2: x_edge + outward * far,
        y2: y,
    };
    let vertical = |x: f32, y_edge: f32, outward: f32| Line {
        x1: x,
        y1: y_edge + outward * near,
        x2: x,
        y2: y_edge + outward * far,
    };
    [
        horizontal(t, l, -1.0),
        horizontal(t, r, 1.0),
        horizontal(b, l, -1.0),
        horizontal(b, r, 1.0),
        vertical(l, t, -1.0),
        vertical(r, t, -1.0),
        vertical(l, b, 1.0),
        vertical(r, b, 1.0),
    ]
}

/// The parts of one card, relative to the card's top left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CardParts {
    /// The category colour band across the top.
    pub band: Rect,
    /// The QR code with its quiet zone, at the bottom right.
    pub qr: Rect,
    /// The holder's name, address, serial and validity, left of the QR.
    pub text: Rect,
}

pub fn card_parts() -> CardParts {
    let band = Rect {
        x: 0.0,
        y: 0.0,
        w: CARD_W,
        h: BAND_H,
    };
    let qr = Rect {
        x: CARD_W - QR_INSET - QR_BOX,
        y: CARD_H - QR_INSET - QR_BOX,
        w: QR_BOX,
        h: QR_BOX,
    };
    // The QR's own quiet zone separates it from the text, so the text may
    // run up to the square's edge.
    let text = Rect {
        x: CARD_PADDING,
        y: BAND_H + 1.5,
        w: qr.x - CARD_PADDING,
        h: CARD_H - BAND_H - 1.5 - 2.0,
    };
    CardParts { band, qr, text }
}

/// Modules across a QR code of `version`, without the quiet zone.
pub fn qr_modules(version: i16) -> usize {
    17 + 4 * version as usize
}

/// The size of one module when a code of `version` and its quiet zone fill
/// the QR square. Every version gets the same square, so cards look alike
/// and shorter names get larger, easier modules.
pub fn module_size(version: i16) -> f32 {
    QR_BOX / (qr_modules(version) + 2 * QUIET_ZONE_MODULES) as f32
}

/// The strip under the cards for the page's footer line.
pub fn footer() -> Rect {
    let bottom_of_cards = card(CARDS_PER_PAGE - 1).bottom();
    Rect {
        x: margins().0,
        y: bottom_of_cards + MARK_GAP + MARK_LEN + 2.0,
        w: PAGE_W - 2.0 * margins().0,
        h: 6.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Office printers cannot print the outermost few millimetres of a sheet.
    const PRINTER_SAFE_MARGIN: f32 = 6.0;

    fn safe_area() -> Rect {
        Rect {
            x: PRINTER_SAFE_MARGIN,
            y: PRINTER_SAFE_MARGIN,
            w: PAGE_W - 2.0 * PRINTER_SAFE_MARGIN,
            h: PAGE_H - 2.0 * PRINTER_SAFE_MARGIN,
        }
    }

    fn cards() -> Vec<Rect> {
        (0..CARDS_PER_PAGE).map(card).collect()
    }

    #[test]
    fn every_card_is_id1_sized_and_inside_the_printable_area() {
        for c in cards() {
            assert!(
                (c.w - 85.6).abs() < 1e-4 && (c.h - 54.0).abs() < 1e-4,
                "{c:?}"
            );
            assert!(
                safe_area().contains(&c),
                "{c:?} is outside the printable area"
            );
        }
    }

    #[test]
    fn no_two_cards_overlap_and_all_eight_are_distinct() {
        let cards = cards();
        assert_eq!(cards.len(), 8);
        for (i, a) in cards.iter().enumerate() {
            for b in &cards[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn the_grid_is_two_columns_of_four_rows() {
        let cards = cards();
        let xs: std::collections::BTreeSet<i32> =
            cards.iter().map(|c| (c.x * 10.0) as i32).collect();
        let ys: std::collections::BTreeSet<i32> =
            cards.iter().map(|c| (c.y * 10.0) as i32).collect();
        assert_eq!((xs.len(), ys.len()), (2, 4));
        // Left to right, then top to bottom.
        assert!(cards[0].x < cards[1].x && cards[0].y == cards[1].y);
        assert!(cards[1].y < cards[2].y);
    }

    #[test]
    #[should_panic(expected = "a page holds 8 cards")]
    fn there_is_no_ninth_slot() {
        card(8);
    }

    #[test]
    fn cut_marks_continue_the_card_edges_without_touching_any_card() {
        let cards = cards();
        for c in &cards {
            let marks = cut_marks(c);
            for m in marks {
                // Each mark lies on the line of one of the card's edges.
                let on_edge = (m.y1 == m.y2 && (m.y1 == c.y || m.y1 == c.bottom()))
                    || (m.x1 == m.x2 && (m.x1 == c.x || m.x1 == c.right()));
                assert!(on_edge, "{m:?} does not continue an edge of {c:?}");
                let bounds = Rect {
                    x: m.x1.min(m.x2),
                    y: m.y1.min(m.y2),
                    w: (m.x2 - m.x1).abs().max(1e-3),
                    h: (m.y2 - m.y1).abs().max(1e-3),
                };
                assert!(
                    safe_area().contains(&bounds),
                    "{m:?} is off the printable area"
                );
                for other in &cards {
                    assert!(!other.overlaps(&bounds), "{m:?} is printed on {other:?}");
                }
            }
        }
    }

    #[test]
    fn the_parts_of_a_card_fit_it_and_do_not_overlap() {
        let parts = card_parts();
        let whole = Rect {
            x: 0.0,
            y: 0.0,
            w: CARD_W,
            h: CARD_H,
        };
        for part in [parts.band, parts.qr, parts.text] {
            assert!(whole.contains(&part), "{part:?} sticks out of the card");
        }
        assert!(!parts.band.overlaps(&parts.qr));
        assert!(!parts.band.overlaps(&parts.text));
        assert!(!parts.text.overlaps(&parts.qr));
        assert!(
            parts.text.w >= 35.0,
            "too narrow for a name: {:?}",
            parts.text
        );
    }

    #[test]
    fn the_largest_pass_qr_prints_with_modules_of_half_a_millimetre_or_more() {
        assert_eq!(qr_modules(MAX_QR_VERSION), 49);
        let module = module_size(MAX_QR_VERSION);
        assert!(module >= MIN_MODULE, "module {module} mm");
        // At 300 dpi that is at least six printer dots per module.
        assert!(module / 25.4 * 300.0 >= 5.9);
        // Smaller versions only get larger modules.
        assert!((1..MAX_QR_VERSION).all(|v| module_size(v) > module));
    }

    #[test]
    fn the_footer_sits_below_the_cards_and_their_marks_on_the_page() {
        let footer = footer();
        assert!(safe_area().contains(&footer), "{footer:?}");
        for c in cards() {
            assert!(!c.overlaps(&footer));
        }
        assert!(footer.y > card(7).bottom() + MARK_GAP + MARK_LEN);
    }
}
