//! How long `kakou pass print` takes to make the PDF for 1,000 cards (125
//! A4 pages): QR encoding, text shaping, drawing and font subsetting, with
//! the same code the command runs. The goal is at most 5 s in a release
//! build on the 2-core machine of DESIGN §8.
//!
//! `cargo bench --bench print` prints one line per run and the median.

use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use ed25519_dalek::SigningKey;
use kakou::print::{Card, render};
use kakou_core::domain::Category;
use kakou_core::pass::{self, PassClaims, key_id_for};

const CARDS: usize = 1000;
const RUNS: usize = 5;
const GOAL: Duration = Duration::from_secs(5);

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "欧阳"];
const GIVEN: &[&str] = &[
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "建国华",
];

/// A community's worth of cards: every category, names of one to five
/// characters, so the QR codes range over versions 6 and 7.
fn cards() -> Vec<Card> {
    let key = SigningKey::from_bytes(&[7; 32]);
    let key_id = key_id_for(&key.verifying_key().to_bytes());
    let from = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    (0..CARDS)
        .map(|i| {
            let (category, returned_until) = match i % 4 {
                1 => (Category::Tenant, None),
                2 => (Category::Resident, from.checked_add_days(Days::new(20))),
                _ => (Category::Resident, None),
            };
            let claims = PassClaims {
                serial: i as u64 + 1,
                key_id,
                category,
                returned_until,
                household_ref: (i / 3) as u32,
                holder: format!(
                    "{}{}",
                    SURNAMES[i % SURNAMES.len()],
                    GIVEN[i / SURNAMES.len() % GIVEN.len()]
                ),
                valid_from: from,
                valid_until: from + Days::new(89),
            };
            let text = pass::issue(&claims, &key).unwrap();
            let address = format!("{}-{}-{}", i / 36 + 1, i / 18 % 2 + 1, 101 + i / 3 % 6);
            Card::new(&text, &address, "幸福里社区", today).unwrap()
        })
        .collect()
}

fn main() {
    let cards = cards();
    let mut times = Vec::with_capacity(RUNS);
    for run in 1..=RUNS {
        let started = Instant::now();
        let printed = render(&cards, "幸福里社区 通行证").unwrap();
        let took = started.elapsed();
        assert_eq!(printed.pages, CARDS.div_ceil(8));
        println!(
            "run {run}: {CARDS} cards, {} pages, {:.1} MB PDF in {:.2} s",
            printed.pages,
            printed.pdf.len() as f64 / 1e6,
            took.as_secs_f64()
        );
        times.push(took);
    }
    times.sort();
    let median = times[RUNS / 2];
    println!(
        "print {CARDS} cards: median {:.2} s (goal ≤ {} s) {}",
        median.as_secs_f64(),
        GOAL.as_secs(),
        if median <= GOAL {
            "ok"
        } else {
            "SLOWER THAN THE GOAL"
        }
    );
}
