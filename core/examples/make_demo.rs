//! Writes the bundled demo under `demo/`: a community ledger, one day of
//! gate traffic as replay lines, and the outcome each line must have.
//!
//! The expected outcomes are worked out here from the rules as DESIGN.md
//! states them (pass reasons first, then household confinement and the exit
//! quota on the way out, then two fevers, symptoms, contact and travel), by
//! this program's own bookkeeping. It never runs the gate flow, so the demo
//! is a real check of the flow and not a copy of its output.
//!
//! Run from the workspace root: `cargo run -p kakou-core --example make_demo`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use ed25519_dalek::SigningKey;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

use kakou_core::domain::Category;
use kakou_core::pass::{PassClaims, decode, issue, key_id_for};

const COMMUNITY: &str = "幸福里社区";
const CHECKPOINT: &str = "东门";
const NEIGHBOUR: &str = "和平里社区";
const DAY: &str = "2026-11-24";
/// The demo's keys are public on purpose: anyone may forge demo passes.
const DEMO_SEED: [u8; 32] = *b"kakou DEMO issuing key - public!";
const NEIGHBOUR_SEED: [u8; 32] = *b"kakou DEMO neighbour key, public";
const STRANGER_SEED: [u8; 32] = *b"kakou DEMO key nobody trusts!!!!";
const FEVER_AT: f64 = 37.3;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "文", "华", "玉兰", "志强", "海燕", "晨",
    "欣怡",
];
const REGIONS: &[&str] = &[
    "110105", "310104", "440305", "510107", "420102", "330106", "320102",
];
const MOBILE_PREFIXES: &[&str] = &["138", "139", "150", "186", "135", "177", "199", "166"];
const PROVINCES: &[char] = &['京', '沪', '粤', '川', '鄂', '浙', '苏', '鲁'];
const PLATE_ALNUM: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Status {
    Normal,
    HomeQuarantine,
    CloseContact,
    SecondaryContact,
}

impl Status {
    fn ledger_word(self) -> &'static str {
        match self {
            Status::Normal => "正常",
            Status::HomeQuarantine => "居家隔离",
            Status::CloseContact => "密接",
            Status::SecondaryContact => "次密接",
        }
    }

    fn confinement_reason(self) -> Option<&'static str> {
        match self {
            Status::HomeQuarantine => Some("household_quarantine"),
            Status::CloseContact => Some("household_close_contact"),
            _ => None,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Status::Normal => "normal",
            Status::HomeQuarantine => "home_quarantine",
            Status::CloseContact => "close_contact",
            Status::SecondaryContact => "secondary_contact",
        }
    }
}

/// What the card in a person's hand is like, for the pass check.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum CardKind {
    Good,
    Expired,
    NotYetValid,
    Revoked,
}

struct Household {
    /// Ledger order, 1-based: the id a fresh store gives it on import.
    id: u32,
    building: u32,
    unit: u32,
    room: u32,
    status: Status,
}

struct Person {
    household: usize,
    name: String,
    id_number: String,
    phone: String,
    category: &'static str,
    returned_on: Option<NaiveDate>,
    card: CardKind,
    serial: u64,
}

impl Person {
    fn is_red_today(&self, today: NaiveDate) -> bool {
        self.returned_on
            .is_some_and(|d| today <= d + chrono::Days::new(14))
    }
}

fn id_number(rng: &mut StdRng) -> String {
    let region = REGIONS.choose(rng).unwrap();
    let year = rng.gen_range(1940..=2012);
    let month = rng.gen_range(1..=12);
    let day = rng.gen_range(1..=28);
    let seq = rng.gen_range(0..1000);
    let body = format!("{region}{year:04}{month:02}{day:02}{seq:03}");
    format!("{body}{}", check_char(&body))
}

/// GB 11643 check character (ISO 7064 MOD 11-2), computed here on its own.
fn check_char(body: &str) -> char {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let s: u32 = body
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    "10X98765432".chars().nth((s % 11) as usize).unwrap()
}

/// The same number with a wrong check character.
fn broken_id(rng: &mut StdRng) -> String {
    let good = id_number(rng);
    let (body, check) = good.split_at(17);
    let wrong = if check == "0" { '1' } else { '0' };
    format!("{body}{wrong}")
}

fn phone(rng: &mut StdRng) -> String {
    format!(
        "{}{:08}",
        MOBILE_PREFIXES.choose(rng).unwrap(),
        rng.gen_range(0..100_000_000)
    )
}

fn plate(rng: &mut StdRng) -> String {
    let province = PROVINCES.choose(rng).unwrap();
    let letter = b"ABCDEFGH"[rng.gen_range(0..8)] as char;
    let serial: String = (0..5)
        .map(|_| PLATE_ALNUM[rng.gen_range(0..PLATE_ALNUM.len())] as char)
        .collect();
    format!("{province}{letter}{serial}")
}

fn name(rng: &mut StdRng) -> String {
    format!(
        "{}{}",
        SURNAMES.choose(rng).unwrap(),
        GIVEN.choose(rng).unwrap()
    )
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn normal_temp(rng: &mut StdRng) -> f64 {
    f64::from(rng.gen_range(358..=371)) / 10.0
}

fn fever_temp(rng: &mut StdRng) -> f64 {
    f64::from(rng.gen_range(374..=392)) / 10.0
}

/// The answers object and what it alone would decide (before temperatures).
struct Answers {
    travel: bool,
    contact: bool,
    symptoms: bool,
}

impl Answers {
    fn random(rng: &mut StdRng) -> Answers {
        let roll = rng.gen_range(0..100);
        Answers {
            travel: roll < 3,
            contact: (3..5).contains(&roll),
            symptoms: (5..7).contains(&roll),
        }
    }

    fn json(&self) -> Value {
        json!({"travel_14d": self.travel, "contact_14d": self.contact, "symptoms": self.symptoms})
    }
}

/// Two temperature readings at most, and whether the pair means fever.
fn readings(rng: &mut StdRng) -> (Vec<String>, bool) {
    match rng.gen_range(0..100) {
        0 => {
            let (a, b) = (fever_temp(rng), fever_temp(rng));
            (vec![format!("{a:.1}"), format!("{b:.1}")], true)
        }
        1..=3 => {
            let (a, b) = (fever_temp(rng), normal_temp(rng));
            (vec![format!("{a:.1}"), format!("{b:.1}")], false)
        }
        _ => (vec![format!("{:.1}", normal_temp(rng))], false),
    }
}

/// The end of a passage after identification, per DESIGN §6.
fn conclude(
    fever: bool,
    answers: &Answers,
    travel_counts: bool,
) -> (&'static str, Option<&'static str>) {
    if fever {
        ("referred", Some("fever"))
    } else if answers.symptoms {
        ("referred", Some("symptoms"))
    } else if answers.contact {
        ("referred", Some("contact_14d"))
    } else if answers.travel && travel_counts {
        ("referred", Some("travel_14d"))
    } else {
        ("released", None)
    }
}

fn main() {
    let mut rng = StdRng::seed_from_u64(20261124);
    let today = date(DAY);
    let demo_key = SigningKey::from_bytes(&DEMO_SEED);
    let neighbour_key = SigningKey::from_bytes(&NEIGHBOUR_SEED);
    let stranger_key = SigningKey::from_bytes(&STRANGER_SEED);

    // The community: 10 buildings × 3 units × 10 rooms.
    let mut households = Vec::new();
    for building in 1..=10 {
        for unit in 1..=3 {
            for floor in 1..=5 {
                for door in 1..=2 {
                    households.push(Household {
                        id: households.len() as u32 + 1,
                        building,
                        unit,
                        room: floor * 100 + door,
                        status: Status::Normal,
                    });
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..households.len()).collect();
    order.shuffle(&mut rng);
    for (i, &h) in order.iter().take(15).enumerate() {
        households[h].status = match i {
            0..=5 => Status::HomeQuarantine,
            6..=9 => Status::CloseContact,
            _ => Status::SecondaryContact,
        };
    }

    let mut people: Vec<Person> = Vec::new();
    for (h, _) in households.iter().enumerate() {
        for _ in 0..rng.gen_range(1..=4) {
            let roll = rng.gen_range(0..100);
            let (category, returned_on) = match roll {
                0..=79 => ("居民", None),
                80..=94 => ("租户", None),
                _ => (
                    "返乡",
                    Some(today - chrono::Days::new(rng.gen_range(1..=10))),
                ),
            };
            people.push(Person {
                household: h,
                name: name(&mut rng),
                id_number: id_number(&mut rng),
                phone: phone(&mut rng),
                category,
                returned_on,
                card: CardKind::Good,
                serial: people.len() as u64 + 1,
            });
        }
    }
    let mut picks: Vec<usize> = (0..people.len()).collect();
    picks.shuffle(&mut rng);
    for (i, &p) in picks.iter().take(15).enumerate() {
        people[p].card = match i {
            0..=4 => CardKind::Expired,
            5..=7 => CardKind::NotYetValid,
            _ => CardKind::Revoked,
        };
    }

    // The ledger, as a community office writes it.
    let mut ledger =
        String::from("楼栋,单元,房号,户主,姓名,身份证号,联系电话,类别,户状态,返乡日期\n");
    let mut heads: HashMap<usize, String> = HashMap::new();
    for p in &people {
        let h = &households[p.household];
        let head = heads.entry(p.household).or_insert_with(|| p.name.clone());
        writeln!(
            ledger,
            "{},{},{},{},{},{},{},{},{},{}",
            h.building,
            h.unit,
            h.room,
            head,
            p.name,
            p.id_number,
            p.phone,
            p.category,
            h.status.ledger_word(),
            p.returned_on.map(|d| d.to_string()).unwrap_or_default()
        )
        .unwrap();
    }

    // Each person's card text.
    let pass_for = |p: &Person, key: &SigningKey| -> String {
        let (from, until) = match p.card {
            CardKind::Expired => (date("2026-08-01"), date("2026-10-31")),
            CardKind::NotYetValid => (date("2026-12-01"), date("2027-02-28")),
            _ => (date("2026-11-01"), date("2027-01-29")),
        };
        let base = match p.category {
            "租户" => Category::Tenant,
            _ => Category::Resident,
        };
        let claims = PassClaims {
            serial: p.serial,
            key_id: key_id_for(&key.verifying_key().to_bytes()),
            category: base,
            returned_until: p.returned_on.map(|d| d + chrono::Days::new(14)),
            household_ref: households[p.household].id,
            holder: p.name.clone(),
            valid_from: from,
            valid_until: until,
        };
        issue(&claims, key).unwrap()
    };

    // One day at the east gate.
    let mut lines: Vec<String> = Vec::new();
    let mut expected: Vec<Value> = Vec::new();
    let offset = FixedOffset::east_opt(8 * 3600).unwrap();
    let mut at: DateTime<FixedOffset> = today
        .and_hms_opt(6, 0, 0)
        .unwrap()
        .and_local_timezone(offset)
        .unwrap();
    let end = today
        .and_hms_opt(21, 30, 0)
        .unwrap()
        .and_local_timezone(offset)
        .unwrap();
    let mut exits: HashMap<usize, u32> = HashMap::new();
    let mut specials: Vec<&str> = Vec::new();
    for kind in [
        "unknown_key",
        "other_community",
        "bad_signature",
        "malformed",
        "bad_json",
        "bad_temp",
        "no_at",
        "bad_plate",
    ] {
        specials.extend(std::iter::repeat_n(kind, 3));
    }
    let expect = |lines: &Vec<String>, outcome: &str, reason: Option<&str>, alert: Option<&str>| json!({"line": lines.len(), "outcome": outcome, "reason": reason, "alert": alert});

    while at < end {
        at += Duration::seconds(rng.gen_range(8..=24));
        let stamp = at.to_rfc3339();
        let direction = if rng.gen_bool(0.5) { "in" } else { "out" };
        let answers = Answers::random(&mut rng);
        let (temps, fever) = readings(&mut rng);
        let roll = rng.gen_range(0..1000);

        if roll < 12 && !specials.is_empty() {
            let special = specials.swap_remove(rng.gen_range(0..specials.len()));
            let person = &people[rng.gen_range(0..people.len())];
            let base = json!({"at": stamp, "direction": direction, "temperatures": temps, "answers": answers.json()});
            let (line, outcome, reason) = match special {
                "unknown_key" | "other_community" | "bad_signature" | "malformed" => {
                    let text = match special {
                        "unknown_key" => pass_for(person, &stranger_key),
                        "other_community" => pass_for(person, &neighbour_key),
                        "bad_signature" => {
                            // A genuine card of ours with another card's
                            // signature: same key id, wrong signature.
                            let mine = pass_for(person, &demo_key);
                            let other = pass_for(
                                &people[(person.serial as usize) % people.len()],
                                &demo_key,
                            );
                            splice_signature(&mine, &other)
                        }
                        _ => "https://example.invalid/not-a-pass".to_string(),
                    };
                    let mut v = base.clone();
                    v["pass"] = json!(text);
                    (v.to_string(), "refused", Some(special))
                }
                "bad_json" => (
                    format!("{{\"at\":\"{stamp}\",\"direction\":"),
                    "rejected_input",
                    Some("invalid_json"),
                ),
                "no_at" => {
                    let mut v = base.clone();
                    v.as_object_mut().unwrap().remove("at");
                    v["pass"] = json!(pass_for(person, &demo_key));
                    (v.to_string(), "rejected_input", Some("invalid_at"))
                }
                "bad_temp" => {
                    let mut v = base.clone();
                    v["direction"] = json!("in");
                    v["visitor"] = json!({"name": name(&mut rng), "id_number": id_number(&mut rng), "phone": phone(&mut rng), "from": "朝阳区", "visiting": "物业办公室"});
                    v["temperatures"] = json!(["98.6"]);
                    v["answers"] = json!({});
                    (v.to_string(), "rejected_input", Some("invalid_temperature"))
                }
                _ => {
                    let mut v = base.clone();
                    v["vehicle"] = json!({"plate": "京O12345", "kind": "delivery", "driver": {"name": name(&mut rng), "id_number": id_number(&mut rng), "phone": phone(&mut rng)}, "occupants": 1});
                    (v.to_string(), "rejected_input", Some("invalid_plate"))
                }
            };
            lines.push(line);
            expected.push(expect(&lines, outcome, reason, None));
            continue;
        }

        if roll < 780 {
            // A resident with a card.
            let idx = rng.gen_range(0..people.len());
            let person = &people[idx];
            let h = &households[person.household];
            let text = pass_for(person, &demo_key);
            lines.push(json!({"at": stamp, "direction": direction, "pass": text, "temperatures": temps, "answers": answers.json()}).to_string());
            let card_reason = match person.card {
                CardKind::Expired => Some("expired"),
                CardKind::NotYetValid => Some("not_yet_valid"),
                CardKind::Revoked => Some("revoked"),
                CardKind::Good => None,
            };
            let confined = h.status.confinement_reason();
            let outcome = if let Some(reason) = card_reason {
                ("refused", Some(reason), None)
            } else if direction == "out" && confined.is_some() {
                ("refused", confined, None)
            } else if direction == "out" && exits.get(&person.household).copied().unwrap_or(0) >= 1
            {
                ("refused", Some("exit_quota"), None)
            } else {
                let alert = (direction == "in" && confined.is_some()).then(|| h.status.code());
                let travel_counts = direction == "in" && !person.is_red_today(today);
                let (o, r) = conclude(fever, &answers, travel_counts);
                if o == "released" && direction == "out" {
                    *exits.entry(person.household).or_default() += 1;
                }
                (o, r, alert)
            };
            expected.push(expect(&lines, outcome.0, outcome.1, outcome.2));
        } else if roll < 900 {
            // A visitor, who names the household in their own words.
            let h = &households[rng.gen_range(0..households.len())];
            let said = match rng.gen_range(0..4) {
                0 => format!("{}-{}-{}", h.building, h.unit, h.room),
                1 => format!("{}栋{}单元{}", h.building, h.unit, h.room),
                2 => format!("{}号楼{}单元{}室", h.building, h.unit, h.room),
                _ => "小区超市".to_string(),
            };
            let matched = said != "小区超市";
            let fault = rng.gen_range(0..100);
            let id = if fault < 5 {
                broken_id(&mut rng)
            } else {
                id_number(&mut rng)
            };
            let tel = if (5..8).contains(&fault) {
                "1380013800".to_string()
            } else {
                phone(&mut rng)
            };
            lines.push(json!({"at": stamp, "direction": direction,
                "visitor": {"name": name(&mut rng), "id_number": id, "phone": tel, "from": "朝阳区", "visiting": said},
                "temperatures": temps, "answers": answers.json()}).to_string());
            let confined = if matched {
                h.status.confinement_reason()
            } else {
                None
            };
            let (o, r) = if fault < 5 {
                ("rejected_input", Some("invalid_id_number"))
            } else if fault < 8 {
                ("rejected_input", Some("invalid_phone"))
            } else if direction == "in" && confined.is_some() {
                ("refused", confined)
            } else {
                conclude(fever, &answers, direction == "in")
            };
            expected.push(expect(&lines, o, r, None));
        } else {
            // A vehicle.
            let kind = ["delivery", "courier", "resident_car", "emergency"][rng.gen_range(0..4)];
            lines.push(json!({"at": stamp, "direction": direction,
                "vehicle": {"plate": plate(&mut rng), "kind": kind,
                    "driver": {"name": name(&mut rng), "id_number": id_number(&mut rng), "phone": phone(&mut rng)},
                    "occupants": rng.gen_range(1..=3)},
                "temperatures": temps, "answers": answers.json()}).to_string());
            let (o, r) = conclude(fever, &answers, direction == "in");
            expected.push(expect(&lines, o, r, None));
        }
    }

    let revoked: Vec<String> = people
        .iter()
        .filter(|p| p.card == CardKind::Revoked)
        .map(|p| p.serial.to_string())
        .collect();
    let seed_hex = |s: &[u8; 32]| s.iter().map(|b| format!("{b:02x}")).collect::<String>();
    let params = json!({
        "community": COMMUNITY,
        "checkpoint": CHECKPOINT,
        "neighbour": NEIGHBOUR,
        "day": DAY,
        "exit_quota": "1/2",
        "fever_at": FEVER_AT,
        "issuing_key_seed": seed_hex(&DEMO_SEED),
        "neighbour_key_seed": seed_hex(&NEIGHBOUR_SEED),
        "revoked_serials": revoked,
        "households": households.len(),
        "people": people.len(),
        "passages": lines.len(),
    });
    fs::create_dir_all("demo").unwrap();
    fs::write(
        "demo/demo.json",
        serde_json::to_string_pretty(&params).unwrap() + "\n",
    )
    .unwrap();
    fs::write("demo/ledger.csv", ledger).unwrap();
    fs::write("demo/scenario.jsonl", lines.join("\n") + "\n").unwrap();
    let expected: Vec<String> = expected.iter().map(Value::to_string).collect();
    fs::write("demo/expected.jsonl", expected.join("\n") + "\n").unwrap();
    eprintln!(
        "demo: {} households, {} people, {} passages",
        households.len(),
        people.len(),
        lines.len()
    );
}

/// Puts the signature of `other` onto the payload of `mine`: the result
/// decodes and names our key, but the signature belongs to another payload.
fn splice_signature(mine: &str, other: &str) -> String {
    let mut forged = decode(mine).unwrap();
    forged.signature = decode(other).unwrap().signature;
    forged.to_text()
}
