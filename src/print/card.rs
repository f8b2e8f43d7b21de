//! What one printed pass card says, worked out from the stored pass before
//! anything is drawn. Everything the holder reads on the card agrees with
//! the QR code: the name and dates come from the pass text itself.

use chrono::NaiveDate;

use kakou_core::domain::Category;
use kakou_core::pass::{self, PassError};

/// One card's contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub serial: u64,
    /// The colour the card is printed in: the category the gate shows on the
    /// day of printing.
    pub category: Category,
    /// For a red card, the colour the gate shows after the return period.
    pub turns_into: Option<(Category, NaiveDate)>,
    /// The holder's name exactly as the QR code carries it.
    pub holder: String,
    /// The household's canonical address, `3-2-501` or the village group.
    pub address: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub community: String,
    /// The exact pass text the QR code encodes.
    pub text: String,
}

impl Card {
    /// The card for a stored pass text, as printed on `today`.
    pub fn new(
        text: &str,
        address: &str,
        community: &str,
        today: NaiveDate,
    ) -> Result<Card, PassError> {
        let claims = pass::decode(text)?.claims;
        let category = claims.effective_category(today);
        let turns_into = match (category, claims.returned_until) {
            (Category::Returned, Some(last_day)) => {
                last_day.succ_opt().map(|d| (claims.category, d))
            }
            _ => None,
        };
        Ok(Card {
            serial: claims.serial,
            category,
            turns_into,
            holder: claims.holder,
            address: address.to_string(),
            valid_from: claims.valid_from,
            valid_until: claims.valid_until,
            community: community.to_string(),
            text: text.to_string(),
        })
    }

    /// The card's colour as RGB. Chosen to match the colours people know
    /// from health-code apps and still read as distinct when printed on an
    /// office colour laser.
    pub fn colour(&self) -> (u8, u8, u8) {
        colour(self.category)
    }

    /// The small English line under the Chinese category name.
    pub fn label_en(&self) -> &'static str {
        label_en(self.category)
    }

    /// "2026-11-01 至 2027-01-29": both days inclusive, as the pass says.
    pub fn validity(&self) -> String {
        format!("{} 至 {}", self.valid_from, self.valid_until)
    }

    /// On a red card, when it turns green or blue by itself, in Chinese and
    /// English, so nobody throws a card away that is still good.
    pub fn turns_into_note(&self) -> Option<(String, String)> {
        self.turns_into.map(|(base, from)| {
            (
                format!("{from} 起自动转为{}", colour_word_zh(base)),
                format!("{} from {from}", colour_word(base)),
            )
        })
    }
}

/// The card's colour: the one palette of `kakou_core`, which the gate
/// screen uses too.
pub fn colour(category: Category) -> (u8, u8, u8) {
    let [r, g, b] = category.rgb();
    (r, g, b)
}

pub fn label_en(category: Category) -> &'static str {
    match category {
        Category::Resident => "GREEN · RESIDENT",
        Category::Tenant => "BLUE · TENANT",
        Category::Returned => "RED · RETURNED",
        Category::Visitor => "PINK · VISITOR",
    }
}

fn colour_word_zh(category: Category) -> &'static str {
    match category {
        Category::Resident => "绿码",
        Category::Tenant => "蓝码",
        Category::Returned => "红码",
        Category::Visitor => "粉码",
    }
}

fn colour_word(category: Category) -> &'static str {
    match category {
        Category::Resident => "green",
        Category::Tenant => "blue",
        Category::Returned => "red",
        Category::Visitor => "pink",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use ed25519_dalek::SigningKey;
    use kakou_core::pass::{PassClaims, key_id_for};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn text(category: Category, returned_until: Option<&str>) -> String {
        let key = SigningKey::from_bytes(&[7; 32]);
        let claims = PassClaims {
            serial: 1024,
            key_id: key_id_for(&key.verifying_key().to_bytes()),
            category,
            returned_until: returned_until.map(day),
            household_ref: 305,
            holder: "张三".into(),
            valid_from: day("2026-11-01"),
            valid_until: day("2027-01-31"),
        };
        pass::issue(&claims, &key).unwrap()
    }

    #[test]
    fn a_card_takes_name_serial_and_dates_from_the_pass_text() {
        let t = text(Category::Tenant, None);
        let card = Card::new(&t, "3-2-501", "幸福里", day("2026-11-24")).unwrap();
        assert_eq!(card.serial, 1024);
        assert_eq!(card.holder, "张三");
        assert_eq!(card.category, Category::Tenant);
        assert_eq!(card.validity(), "2026-11-01 至 2027-01-31");
        assert_eq!(card.text, t);
        assert_eq!(card.turns_into_note(), None);
        assert_eq!(card.label_en(), "BLUE · TENANT");
    }

    #[test]
    fn a_returned_card_is_red_and_says_when_it_turns_green() {
        let t = text(Category::Resident, Some("2026-11-30"));
        let card = Card::new(&t, "3-2-501", "幸福里", day("2026-11-24")).unwrap();
        assert_eq!(card.category, Category::Returned);
        assert_eq!(
            card.turns_into_note(),
            Some((
                "2026-12-01 起自动转为绿码".to_string(),
                "green from 2026-12-01".to_string()
            ))
        );
    }

    #[test]
    fn a_returned_card_printed_after_the_return_period_is_green() {
        let t = text(Category::Resident, Some("2026-11-30"));
        let card = Card::new(&t, "3-2-501", "幸福里", day("2026-12-01")).unwrap();
        assert_eq!(card.category, Category::Resident);
        assert_eq!(card.turns_into, None);
    }

    #[test]
    fn a_text_that_is_not_a_pass_makes_no_card() {
        assert!(Card::new("KK1:NOPE", "3-2-501", "幸福里", day("2026-11-24")).is_err());
    }

    #[test]
    fn the_four_colours_are_distinct() {
        let colours: std::collections::HashSet<_> = Category::ALL.into_iter().map(colour).collect();
        assert_eq!(colours.len(), 4);
    }
}
