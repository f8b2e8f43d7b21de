//! Events as a gate would write them: a terminal's clock, seq and ids, and
//! passages of every kind for a realistic day.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use kakou_core::domain::{
    Answers, Category, Direction, DocumentType, HouseholdStatus, Outcome, Passage, Reason, Subject,
    Temperature, VehicleInfo, VehicleKind, VisitorInfo,
};
use kakou_core::report::DailyReport;
use kakou_core::sync::Envelope;
use kakou_core::sync::events::{
    EventBody, GateConfigBody, HouseholdBody, HouseholdStatusBody, PassageRecord, RevocationBody,
};
use kakou_core::sync::hlc::{self, Hlc};

/// 2026-11-24, the day the tests' passages happen.
pub fn test_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

pub fn at(day: NaiveDate, seconds: i64) -> DateTime<FixedOffset> {
    let tz = FixedOffset::east_opt(8 * 3600).unwrap();
    day.and_hms_opt(6, 0, 0)
        .unwrap()
        .and_local_timezone(tz)
        .unwrap()
        + Duration::seconds(seconds)
}

/// A UUIDv7 from a number, so tests can name events.
pub fn uuid7(n: u128) -> String {
    let mut bytes = (n & ((1 << 80) - 1)).to_be_bytes();
    bytes[0] = 0x01;
    bytes[1] = 0x93;
    bytes[6] = 0x70 | (bytes[6] & 0x0f);
    bytes[8] = 0x80 | (bytes[8] & 0x3f);
    uuid::Uuid::from_bytes(bytes).hyphenated().to_string()
}

/// A terminal's writing side: its id, next seq and hybrid clock.
#[derive(Debug, Clone)]
pub struct Writer {
    pub terminal: String,
    pub next_seq: u64,
    pub clock: Hlc,
}

impl Writer {
    pub fn new(terminal: &str) -> Writer {
        Writer {
            terminal: terminal.to_string(),
            next_seq: 1,
            clock: Hlc::default(),
        }
    }

    /// The next event, stamped at `wall_ms` on `day`.
    pub fn event(&mut self, body: &EventBody, day: NaiveDate, wall_ms: u64) -> Envelope {
        self.clock = hlc::tick(self.clock, wall_ms);
        let env = Envelope::new(
            uuid::Uuid::now_v7().to_string(),
            self.next_seq,
            self.clock,
            day,
            self.terminal.clone(),
            body,
        );
        self.next_seq += 1;
        env
    }

    /// An event stamped with exactly `stamp` (for last-writer-wins tests).
    pub fn stamped(&mut self, body: &EventBody, stamp: Hlc) -> Envelope {
        let env = Envelope::new(
            uuid::Uuid::now_v7().to_string(),
            self.next_seq,
            stamp,
            test_day(),
            self.terminal.clone(),
            body,
        );
        self.next_seq += 1;
        env
    }
}

fn visitor(n: u64) -> VisitorInfo {
    VisitorInfo {
        name: format!("访客{n}"),
        document_type: DocumentType::default(),
        id_number: "11010519491231002X".into(),
        phone: "13800138000".into(),
        from: "朝阳区".into(),
        visiting: "3-2-501".into(),
        household: None,
    }
}

/// The `n`-th passage of a busy day: mostly residents and tenants in and
/// out, some fevers, refusals, visitors, vehicles and cancellations.
pub fn passage(n: u64, day: NaiveDate, checkpoint: &str) -> PassageRecord {
    let direction = if n % 2 == 0 {
        Direction::In
    } else {
        Direction::Out
    };
    let category = [Category::Resident, Category::Tenant, Category::Returned][(n % 3) as usize];
    let pass = Subject::Pass {
        key_id: Some(7),
        serial: Some(n % 5000 + 1),
        category: Some(category),
        holder: Some(format!("住户{}", n % 700)),
        household: Some(kakou_core::domain::HouseholdRef {
            key_id: 7,
            number: (n % 300) as u32 + 1,
        }),
    };
    let (subject, temperatures, outcome, reason) = match n % 20 {
        0 => (
            pass,
            vec![Temperature(378), Temperature(377)],
            Outcome::Referred,
            Some(Reason::Fever),
        ),
        1 => (
            pass,
            vec![Temperature(366)],
            Outcome::Refused,
            Some(Reason::ExitQuota),
        ),
        2 => (
            Subject::Visitor(visitor(n)),
            vec![Temperature(364)],
            Outcome::Released,
            None,
        ),
        3 => (
            Subject::Vehicle(VehicleInfo {
                plate: "京A12345".into(),
                kind: VehicleKind::Delivery,
                driver: visitor(n),
                occupants: 2,
            }),
            vec![Temperature(365)],
            Outcome::Released,
            None,
        ),
        4 => (pass, vec![], Outcome::Cancelled, Some(Reason::Timeout)),
        5 => (pass, vec![Temperature(374)], Outcome::Released, None),
        _ => (
            pass,
            vec![Temperature(362 + (n % 8) as i32)],
            Outcome::Released,
            None,
        ),
    };
    PassageRecord {
        id: uuid7(u128::from(n) + 1),
        checkpoint: checkpoint.to_string(),
        operator: "王五".into(),
        passage: Passage {
            at: at(day, (n % 50_000) as i64),
            direction,
            subject,
            temperatures,
            answers: Answers::default(),
            outcome,
            reason,
            alert: (n % 97 == 0).then_some(HouseholdStatus::HomeQuarantine),
        },
    }
}

pub fn passage_body(n: u64, day: NaiveDate, checkpoint: &str) -> EventBody {
    EventBody::Passage(Box::new(passage(n, day, checkpoint)))
}

pub fn household(key_id: u32, number: u32, address: &str, status: HouseholdStatus) -> EventBody {
    EventBody::Household(HouseholdBody {
        key_id,
        number,
        address: address.to_string(),
        status,
        quota: None,
    })
}

pub fn household_status(key_id: u32, number: u32, status: HouseholdStatus) -> EventBody {
    EventBody::HouseholdStatus(HouseholdStatusBody {
        key_id,
        number,
        status,
        quota: None,
    })
}

pub fn revocation(key_id: u32, serial: u64, reason: &str) -> EventBody {
    EventBody::Revocation(RevocationBody {
        key_id,
        serial,
        reason: reason.to_string(),
        revoked_at: at(test_day(), 0),
    })
}

pub fn gate_config(fever_at_tenths: i32) -> EventBody {
    EventBody::GateConfig(GateConfigBody {
        fever_at_tenths,
        rest_seconds: 300,
        exit_quota: None,
    })
}

pub fn daily_report(report: DailyReport) -> EventBody {
    EventBody::DailyReport(Box::new(report))
}

/// Milliseconds of a time, for stamping events when they happen.
pub fn ms(t: DateTime<FixedOffset>) -> u64 {
    t.timestamp_millis() as u64
}
