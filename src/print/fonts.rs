//! The bundled CJK fonts (Noto Sans CJK SC cut to GB 2312, see
//! assets/fonts/README.md), compiled into the binary so a card prints the
//! same on a machine without any Chinese font, and the shaping that turns a
//! line of text into positioned glyphs.
//!
//! Text is shaped once with rustybuzz (the shaper krilla itself uses): the
//! result gives the line's width, to shrink a long name until it fits, and
//! is then drawn as is.

use krilla::text::{Font, GlyphId, KrillaGlyph};
use rustybuzz::{Face, UnicodeBuffer};

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/KakouSans-Regular.otf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/KakouSans-Bold.otf");

/// One weight of the bundled font, ready to measure and to draw.
pub struct Typeface {
    pub pdf: Font,
    shaper: Face<'static>,
}

/// A line of text shaped in one typeface.
pub struct Shaped {
    pub glyphs: Vec<KrillaGlyph>,
    /// The advance of the whole line at a size of 1, in ems.
    pub width_em: f32,
    /// Characters the font has no glyph for: they would print as empty boxes.
    pub missing: Vec<char>,
}

impl Typeface {
    pub fn regular() -> Typeface {
        Typeface::load(REGULAR)
    }

    pub fn bold() -> Typeface {
        Typeface::load(BOLD)
    }

    fn load(bytes: &'static [u8]) -> Typeface {
        // Both fonts are compiled in and checked by the tests below, so a
        // failure here is a broken build, not something a user can cause.
        let pdf = Font::new(bytes.into(), 0).expect("bundled font loads");
        let shaper = Face::from_slice(bytes, 0).expect("bundled font parses");
        Typeface { pdf, shaper }
    }

    pub fn shape(&self, text: &str) -> Shaped {
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let output = rustybuzz::shape(&self.shaper, &[], buffer);
        let upem = self.shaper.units_per_em() as f32;
        let infos = output.glyph_infos();
        let positions = output.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width = 0.0;
        let mut missing = Vec::new();
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            // A cluster's text runs to where the next cluster starts; the
            // PDF keeps it so the printed text can be searched and copied.
            let end = infos[i + 1..]
                .iter()
                .map(|next| next.cluster as usize)
                .find(|&c| c != start)
                .unwrap_or(text.len());
            if info.glyph_id == 0 {
                missing.extend(text[start..end].chars());
            }
            let advance = pos.x_advance as f32 / upem;
            width += advance;
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                advance,
                pos.x_offset as f32 / upem,
                pos.y_offset as f32 / upem,
                pos.y_advance as f32 / upem,
                start..end,
                None,
            ));
        }
        Shaped {
            glyphs,
            width_em: width,
            missing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_latin_and_digits_all_have_glyphs() {
        for face in [Typeface::regular(), Typeface::bold()] {
            let shaped = face.shape("绿码 居民 幸福里社区 3-2-501 No. 17 有效期 2026-11-24 至");
            assert!(shaped.missing.is_empty(), "{:?}", shaped.missing);
            assert!(shaped.glyphs.iter().all(|g| g.glyph_id.to_u32() != 0));
        }
    }

    #[test]
    fn a_character_outside_gb2312_is_reported_missing() {
        // 堃 is a common name character that GB 2312 lacks (it is in GBK).
        let shaped = Typeface::regular().shape("王堃");
        assert_eq!(shaped.missing, vec!['堃']);
    }

    #[test]
    fn cjk_characters_are_one_em_wide_and_widths_add_up() {
        let face = Typeface::regular();
        let one = face.shape("张").width_em;
        assert!((one - 1.0).abs() < 0.01, "{one}");
        let three = face.shape("张三丰").width_em;
        assert!((three - 3.0 * one).abs() < 0.01);
        assert!(face.shape("ab").width_em < face.shape("张三").width_em);
    }

    #[test]
    fn every_glyph_maps_back_to_its_text_for_copying() {
        let text = "李梅 3-2-501";
        let shaped = Typeface::regular().shape(text);
        let joined: String = shaped
            .glyphs
            .iter()
            .map(|g| &text[g.text_range.clone()])
            .collect();
        assert_eq!(joined, text);
    }
}
