//! `kakou lead-pin PIN`: sets the PIN that guards the kiosk's lead screen.

use std::io::BufRead;
use std::path::Path;

use anyhow::{Result, bail};

use super::Answer;
use crate::app::{Terminal, lead_pin};

pub fn run(db: &Path, pin: &str) -> Result<Answer> {
    let pin = if pin == "-" {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        line.trim().to_string()
    } else {
        pin.to_string()
    };
    if !lead_pin::valid_pin(&pin) {
        bail!("a lead PIN is 4 to 8 digits (it is typed on the kiosk keypad)");
    }
    let mut terminal = Terminal::open(db)?;
    lead_pin::set(&mut terminal, &pin)?;
    eprintln!("kakou: lead PIN set");
    Ok(Answer::Yes)
}
