//! Visitor pre-registration (issue 15): the form's checks, the household a
//! visitor names, the pink pass's claims and each community's visitor key.
//! Pure but for [`new_community`], which draws the key and slug at random.
//!
//! The form's fields are checked by the gate's own validators
//! (`kakou_core::gate::visitor_errors`) and worded by the gate's own
//! sentences (`kakou_core::validate::explain`), so a visitor at home reads
//! what the volunteer would say at the gate.

use chrono::{DateTime, Days, NaiveDate, Utc};
use ed25519_dalek::SigningKey;
use kakou_core::domain::{Category, DocumentType, HouseholdStatus, canonical_address};
use kakou_core::gate::{PersonForm, VisitorForm, visitor_errors};
use kakou_core::lang::Lang;
use kakou_core::pass::{MAX_HOLDER_BYTES, PassClaims, key_id_for};
use kakou_core::validate::{self, Field, explain};
use rand::Rng;
use rand::rngs::OsRng;

use crate::storage::{HouseholdView, NewCommunity};

/// How many days ahead a visit may be registered.
pub const MAX_DAYS_AHEAD: u64 = 7;

/// The form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct VisitorInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub document_type: String,
    #[serde(default)]
    pub id_number: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub visiting: String,
    #[serde(default)]
    pub day: String,
}

/// A field the visitor must correct, with the sentence to show beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The form field's name: `name`, `id_number`, `phone`, `from`,
    /// `visiting`, `day`, `document_type`.
    pub field: &'static str,
    pub message: String,
}

/// A form that passed every check, normalised as the gate stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedVisitor {
    pub name: String,
    pub document_type: DocumentType,
    pub id_number: String,
    pub phone: String,
    pub from: String,
    /// The address as typed; [`find_household`] matches it.
    pub visiting: String,
    pub day: NaiveDate,
}

fn form_field(field: Field) -> &'static str {
    match field {
        Field::Name => "name",
        Field::IdNumber => "id_number",
        Field::Phone => "phone",
        Field::From => "from",
        Field::Visiting => "visiting",
        _ => "form",
    }
}

/// Checks the form for a visit registered on `today` (the district's local
/// day): every bad field at once, in the order the form shows them.
pub fn check_form(
    input: &VisitorInput,
    today: NaiveDate,
    lang: Lang,
) -> Result<CheckedVisitor, Vec<FieldError>> {
    let mut errors = Vec::new();
    let document_type = if input.document_type.trim().is_empty() {
        DocumentType::MainlandId
    } else {
        match DocumentType::from_code(input.document_type.trim()) {
            Some(d) => d,
            None => {
                errors.push(FieldError {
                    field: "document_type",
                    message: lang
                        .pick("请选择证件类型", "Choose the type of document.")
                        .to_string(),
                });
                DocumentType::MainlandId
            }
        }
    };
    let form = VisitorForm {
        person: PersonForm {
            name: input.name.clone(),
            document_type,
            id_number: input.id_number.clone(),
            phone: input.phone.clone(),
        },
        from: input.from.clone(),
        visiting: input.visiting.clone(),
    };
    for invalid in visitor_errors(&form) {
        errors.push(FieldError {
            field: form_field(invalid.field),
            message: explain(invalid.field, invalid.reason, lang),
        });
    }
    // The pass prints the name as given; it must fit the pass's 42 bytes.
    if !errors.iter().any(|e| e.field == "name") && input.name.trim().len() > MAX_HOLDER_BYTES {
        errors.push(FieldError {
            field: "name",
            message: lang
                .pick(
                    "姓名太长，通行证上最多14个汉字，请与现场工作人员联系",
                    "The name is too long for the pass (at most 14 Chinese characters); please register at the gate.",
                )
                .to_string(),
        });
    }
    let day = match visit_day(&input.day, today) {
        Ok(day) => Some(day),
        Err(why) => {
            errors.push(FieldError {
                field: "day",
                message: day_message(why, lang),
            });
            None
        }
    };
    errors.sort_by_key(|e| field_order(e.field));
    if !errors.is_empty() {
        return Err(errors);
    }
    let normalised = |verdict: validate::Verdict, raw: &str| {
        verdict.normalized.unwrap_or_else(|| raw.trim().to_string())
    };
    Ok(CheckedVisitor {
        name: normalised(validate::person_name(&input.name), &input.name),
        document_type,
        id_number: normalised(
            validate::document(document_type, &input.id_number),
            &input.id_number,
        ),
        phone: normalised(validate::cn_mobile(&input.phone), &input.phone),
        from: input.from.trim().to_string(),
        visiting: input.visiting.trim().to_string(),
        day: day.expect("no error, so the day parsed"),
    })
}

fn field_order(field: &str) -> usize {
    [
        "name",
        "document_type",
        "id_number",
        "phone",
        "from",
        "visiting",
        "day",
    ]
    .iter()
    .position(|f| *f == field)
    .unwrap_or(usize::MAX)
}

/// Why a visit day is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayProblem {
    NotADate,
    Past,
    TooFarAhead,
}

/// The visit day: `YYYY-MM-DD`, from today to [`MAX_DAYS_AHEAD`] days on.
pub fn visit_day(text: &str, today: NaiveDate) -> Result<NaiveDate, DayProblem> {
    let day =
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| DayProblem::NotADate)?;
    if day < today {
        return Err(DayProblem::Past);
    }
    let last = today
        .checked_add_days(Days::new(MAX_DAYS_AHEAD))
        .unwrap_or(today);
    if day > last {
        return Err(DayProblem::TooFarAhead);
    }
    Ok(day)
}

fn day_message(why: DayProblem, lang: Lang) -> String {
    match why {
        DayProblem::NotADate => lang.pick("请选择到访日期", "Choose the day of the visit."),
        DayProblem::Past => lang.pick(
            "到访日期已过，请选择今天或以后的日期",
            "That day has passed; choose today or a later day.",
        ),
        DayProblem::TooFarAhead => lang.pick(
            "最多可提前7天登记，请临近到访时再登记",
            "Visits can be registered at most 7 days ahead.",
        ),
    }
    .to_string()
}

/// Why the household a visitor names cannot be visited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HouseholdProblem {
    Unknown,
    /// Nobody visits a household in home quarantine or a close contact's
    /// (the gate refuses them too).
    Confined(HouseholdStatus),
}

impl HouseholdProblem {
    pub fn message(self, lang: Lang) -> String {
        match self {
            HouseholdProblem::Unknown => lang.pick(
                "没有找到这个地址的住户，请按“楼号-单元-房号”填写（如 3-2-501），或核对村组名称",
                "No household has this address; write it as building-unit-room (e.g. 3-2-501) or check the village group.",
            ),
            HouseholdProblem::Confined(HouseholdStatus::HomeQuarantine) => lang.pick(
                "该户正在居家隔离，暂不接待访客",
                "This household is in home quarantine and cannot receive visitors.",
            ),
            HouseholdProblem::Confined(_) => lang.pick(
                "该户为密接户，暂不接待访客",
                "This household is a close contact's and cannot receive visitors.",
            ),
        }
        .to_string()
    }
}

/// The household at the address a visitor typed (`3栋2单元501` finds
/// `3-2-501`), if it may be visited.
pub fn find_household<'a>(
    households: &'a [HouseholdView],
    said: &str,
) -> Result<&'a HouseholdView, HouseholdProblem> {
    let wanted = canonical_address(said);
    let found = households
        .iter()
        .find(|h| canonical_address(&h.address) == wanted)
        .ok_or(HouseholdProblem::Unknown)?;
    if found.status.confines_members() {
        return Err(HouseholdProblem::Confined(found.status));
    }
    Ok(found)
}

/// The pink pass's claims: the visitor key's id, the visited household's
/// number, the visitor's name, valid on the visit day only. No ID number,
/// phone or address.
pub fn claims(
    serial: u64,
    key: &SigningKey,
    household_number: u32,
    visitor: &CheckedVisitor,
) -> PassClaims {
    PassClaims {
        serial,
        key_id: key_id_for(key.verifying_key().as_bytes()),
        category: Category::Visitor,
        returned_until: None,
        household_ref: household_number,
        holder: visitor.name.clone(),
        valid_from: visitor.day,
        valid_until: visitor.day,
    }
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The signing key of a stored seed (64 hex digits).
pub fn signing_key(seed_hex: &str) -> Option<SigningKey> {
    if seed_hex.len() != 64 || !seed_hex.is_ascii() {
        return None;
    }
    let mut seed = [0u8; 32];
    for (i, byte) in seed.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&seed_hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(SigningKey::from_bytes(&seed))
}

/// The characters of a community's slug: lower-case Crockford base32, so
/// a slug read off a poster has no look-alike letters.
const SLUG_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// A community with a fresh visitor key and a random 8-character slug
/// (40 bits: collisions between a district's communities are not a worry).
pub fn new_community(name: &str, now: DateTime<Utc>) -> NewCommunity {
    let key = SigningKey::generate(&mut OsRng);
    let public = key.verifying_key().to_bytes();
    let slug = (0..8)
        .map(|_| SLUG_ALPHABET[OsRng.gen_range(0..32)] as char)
        .collect();
    NewCommunity {
        name: name.to_string(),
        slug,
        visitor_key_id: key_id_for(&public),
        visitor_public: hex(&public),
        visitor_secret: hex(&key.to_bytes()),
        created_at: now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kakou_core::domain::ExitQuota;
    use kakou_core::pass::{TrustList, TrustedKey, issue, verify};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn good() -> VisitorInput {
        VisitorInput {
            name: "李四".into(),
            document_type: String::new(),
            id_number: "11010519491231002x".into(),
            phone: "138 0013 8000".into(),
            from: "朝阳区".into(),
            visiting: "3栋2单元501".into(),
            day: "2026-11-25".into(),
        }
    }

    #[test]
    fn a_good_form_is_normalised_as_the_gate_stores_it() {
        let v = check_form(&good(), today(), Lang::Zh).unwrap();
        assert_eq!(v.id_number, "11010519491231002X");
        assert_eq!(v.phone, "13800138000");
        assert_eq!(v.document_type, DocumentType::MainlandId);
        assert_eq!(v.day, NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
    }

    #[test]
    fn bad_fields_get_the_gates_words_all_at_once() {
        // (what is changed, fields refused)
        type Change = fn(&mut VisitorInput);
        let cases: [(&str, Change, &[&str]); 8] = [
            (
                "checksum",
                |v| v.id_number = "110105194912310021".into(),
                &["id_number"],
            ),
            ("phone", |v| v.phone = "1380013800".into(), &["phone"]),
            ("empty name", |v| v.name = "  ".into(), &["name"]),
            ("long name", |v| v.name = "欧阳".repeat(8), &["name"]),
            ("no address", |v| v.visiting = String::new(), &["visiting"]),
            ("past day", |v| v.day = "2026-11-23".into(), &["day"]),
            (
                "document type",
                |v| v.document_type = "library_card".into(),
                &["document_type"],
            ),
            (
                "several",
                |v| {
                    v.day = "2026-12-31".into();
                    v.phone = "x".into();
                    v.name = String::new();
                },
                &["name", "phone", "day"],
            ),
        ];
        for (name, change, fields) in cases {
            let mut input = good();
            change(&mut input);
            let errors = check_form(&input, today(), Lang::Zh).unwrap_err();
            let got: Vec<&str> = errors.iter().map(|e| e.field).collect();
            assert_eq!(got, fields, "{name}");
            assert!(errors.iter().all(|e| !e.message.is_empty()));
        }
        // The same sentence the gate shows.
        let mut input = good();
        input.id_number = "110105194912310021".into();
        let errors = check_form(&input, today(), Lang::En).unwrap_err();
        assert_eq!(
            errors[0].message,
            explain(Field::IdNumber, validate::Rule::BadChecksum, Lang::En)
        );
    }

    #[test]
    fn visit_days_run_from_today_to_a_week_ahead() {
        let cases = [
            ("2026-11-24", Ok(today())),
            (
                "2026-12-01",
                Ok(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()),
            ),
            ("2026-12-02", Err(DayProblem::TooFarAhead)),
            ("2026-11-23", Err(DayProblem::Past)),
            ("24/11/2026", Err(DayProblem::NotADate)),
            ("", Err(DayProblem::NotADate)),
        ];
        for (text, expected) in cases {
            assert_eq!(visit_day(text, today()), expected, "{text}");
        }
    }

    #[test]
    fn the_named_household_must_exist_and_may_not_be_confined() {
        let h = |number, address: &str, status| HouseholdView {
            key_id: 7,
            number,
            address: address.into(),
            status,
            quota: Some(ExitQuota {
                outings: 1,
                days: 2,
            }),
        };
        let households = [
            h(1, "3-2-501", HouseholdStatus::Normal),
            h(2, "3-2-502", HouseholdStatus::HomeQuarantine),
            h(3, "王家村三组", HouseholdStatus::SecondaryContact),
        ];
        assert_eq!(
            find_household(&households, "3栋2单元501室").unwrap().number,
            1
        );
        assert_eq!(
            find_household(&households, " 王家村三组").unwrap().number,
            3
        );
        assert_eq!(
            find_household(&households, "3-2-502"),
            Err(HouseholdProblem::Confined(HouseholdStatus::HomeQuarantine))
        );
        assert_eq!(
            find_household(&households, "9-9-999"),
            Err(HouseholdProblem::Unknown)
        );
    }

    #[test]
    fn a_pink_pass_verifies_with_the_visitor_key_for_its_day_only() {
        let community = new_community("幸福里小区", Utc::now());
        assert_eq!(community.slug.len(), 8);
        let key = signing_key(&community.visitor_secret).unwrap();
        assert_eq!(
            hex(key.verifying_key().as_bytes()),
            community.visitor_public
        );
        let visitor = check_form(&good(), today(), Lang::Zh).unwrap();
        let text = issue(&claims(5, &key, 1, &visitor), &key).unwrap();
        let mut trusted = TrustedKey::new("幸福里小区", &key.verifying_key());
        trusted.role = kakou_core::pass::KeyRole::Visitor;
        let trust = TrustList::new(vec![trusted]).unwrap();
        let on = |day| verify(&text, &trust, "幸福里小区", |_, _| false, day).check;
        use kakou_core::pass::PassCheck;
        assert_eq!(on(visitor.day), PassCheck::Ok);
        assert_eq!(on(today()), PassCheck::NotYetValid);
        assert_eq!(on(visitor.day.succ_opt().unwrap()), PassCheck::Expired);
        let claims = kakou_core::pass::decode(&text).unwrap().claims;
        assert_eq!(
            (claims.category, claims.household_ref),
            (Category::Visitor, 1)
        );
        assert!(!text.contains("110105"));
    }
}
