//! Printing pass cards: A4 sheets of eight ID-1 cards with cut marks, each
//! with its category colour, holder, household, serial, validity and QR
//! code. `layout` is the geometry, `card` what a card says, `qr` the code,
//! `fonts` the bundled CJK font and `pdf` the drawing.

pub mod card;
pub mod fonts;
pub mod layout;
pub mod pdf;
pub mod qr;

pub use card::Card;
pub use pdf::{MissingGlyphs, PrintError, Printed, render};
