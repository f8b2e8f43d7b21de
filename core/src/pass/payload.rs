//! The compact binary payload: the claims in a fixed 20-byte header followed
//! by the holder's name. The layout table is in `docs/pass-format.md`.
//!
//! Every field has exactly one encoding (fixed widths, reserved bits zero, an
//! absent date written as zero), so decoding and re-encoding a payload gives
//! back the same bytes. The holder's name is the last field and runs to the
//! end of the payload, so it needs no length byte.

use super::claims::{date_of_day_number, day_number};
use super::{PassClaims, PassError};
use crate::domain::Category;

/// The bytes before the holder's name.
pub const HEADER_LEN: usize = 20;

/// The largest serial a pass holds: 40 bits, about 1.1 × 10¹² passes.
pub const MAX_SERIAL: u64 = (1 << 40) - 1;

const KEY_ID: std::ops::Range<usize> = 0..4;
const SERIAL: std::ops::Range<usize> = 4..9;
const KIND: usize = 9;
const HOUSEHOLD_REF: std::ops::Range<usize> = 10..14;
const VALID_FROM: std::ops::Range<usize> = 14..16;
const VALID_UNTIL: std::ops::Range<usize> = 16..18;
const RETURNED_UNTIL: std::ops::Range<usize> = 18..20;

/// The kind byte: the base category in bits 0–1, "returned_until is present"
/// in bit 2, bits 3–7 reserved (zero).
const KIND_CATEGORY_MASK: u8 = 0b0000_0011;
const KIND_RETURNED: u8 = 0b0000_0100;
const KIND_RESERVED_MASK: u8 = !(KIND_CATEGORY_MASK | KIND_RETURNED);

/// Writes the claims in the binary layout, after checking every rule that
/// [`decode_payload`] checks, so an issued pass always reads back.
pub fn encode_payload(claims: &PassClaims, max_holder_bytes: usize) -> Result<Vec<u8>, PassError> {
    let category_code = match claims.category {
        Category::Resident => 0,
        Category::Tenant => 1,
        Category::Visitor => 2,
        Category::Returned => return Err(PassError::ReturnedIsNotABaseCategory),
    };
    if claims.serial > MAX_SERIAL {
        return Err(PassError::SerialTooLarge {
            serial: claims.serial,
        });
    }
    let valid_from = encode_date(claims.valid_from)?;
    let valid_until = encode_date(claims.valid_until)?;
    if valid_from > valid_until {
        return Err(PassError::ValidityReversed {
            valid_from: claims.valid_from,
            valid_until: claims.valid_until,
        });
    }
    let (kind, returned_until) = match claims.returned_until {
        Some(date) => (category_code | KIND_RETURNED, encode_date(date)?),
        None => (category_code, 0),
    };
    check_holder(&claims.holder, max_holder_bytes)?;

    let mut payload = Vec::with_capacity(HEADER_LEN + claims.holder.len());
    payload.extend_from_slice(&claims.key_id.to_be_bytes());
    payload.extend_from_slice(&claims.serial.to_be_bytes()[3..]);
    payload.push(kind);
    payload.extend_from_slice(&claims.household_ref.to_be_bytes());
    payload.extend_from_slice(&valid_from.to_be_bytes());
    payload.extend_from_slice(&valid_until.to_be_bytes());
    payload.extend_from_slice(&returned_until.to_be_bytes());
    payload.extend_from_slice(claims.holder.as_bytes());
    debug_assert_eq!(payload.len(), HEADER_LEN + claims.holder.len());
    Ok(payload)
}

/// Reads the claims back from the binary layout. Rejects anything
/// [`encode_payload`] would not have written.
pub fn decode_payload(payload: &[u8], max_holder_bytes: usize) -> Result<PassClaims, PassError> {
    let Some((header, holder)) = payload.split_first_chunk::<HEADER_LEN>() else {
        return Err(PassError::TooShort {
            bytes: payload.len(),
            min: HEADER_LEN + 1,
        });
    };
    let kind = header[KIND];
    if kind & KIND_RESERVED_MASK != 0 {
        return Err(PassError::ReservedBits);
    }
    let category = match kind & KIND_CATEGORY_MASK {
        0 => Category::Resident,
        1 => Category::Tenant,
        2 => Category::Visitor,
        code => return Err(PassError::UnknownCategory { code }),
    };
    let returned_days = u16::from_be_bytes(field(header, RETURNED_UNTIL));
    let returned_until = if kind & KIND_RETURNED != 0 {
        Some(date_of_day_number(returned_days))
    } else if returned_days != 0 {
        return Err(PassError::ReservedBits);
    } else {
        None
    };
    let valid_from = date_of_day_number(u16::from_be_bytes(field(header, VALID_FROM)));
    let valid_until = date_of_day_number(u16::from_be_bytes(field(header, VALID_UNTIL)));
    if valid_from > valid_until {
        return Err(PassError::ValidityReversed {
            valid_from,
            valid_until,
        });
    }
    let holder = std::str::from_utf8(holder).map_err(|_| PassError::HolderNotText)?;
    check_holder(holder, max_holder_bytes)?;

    let mut serial = [0u8; 8];
    serial[3..].copy_from_slice(&header[SERIAL]);
    Ok(PassClaims {
        serial: u64::from_be_bytes(serial),
        key_id: u32::from_be_bytes(field(header, KEY_ID)),
        category,
        returned_until,
        household_ref: u32::from_be_bytes(field(header, HOUSEHOLD_REF)),
        holder: holder.to_owned(),
        valid_from,
        valid_until,
    })
}

/// The rules for the printed name: present, no control characters (they
/// would garble the screen and the card), and within the size budget.
fn check_holder(holder: &str, max_bytes: usize) -> Result<(), PassError> {
    if holder.is_empty() {
        return Err(PassError::HolderEmpty);
    }
    if holder.len() > max_bytes {
        return Err(PassError::HolderTooLong {
            bytes: holder.len(),
            max: max_bytes,
        });
    }
    if holder.chars().any(char::is_control) {
        return Err(PassError::HolderControlCharacter);
    }
    Ok(())
}

fn encode_date(date: chrono::NaiveDate) -> Result<u16, PassError> {
    day_number(date).ok_or(PassError::DateOutOfRange { date })
}

/// Copies a fixed-width field out of the header. The ranges are constants
/// inside the header, so the conversion cannot fail.
fn field<const N: usize>(header: &[u8; HEADER_LEN], range: std::ops::Range<usize>) -> [u8; N] {
    let mut bytes = [0u8; N];
    bytes.copy_from_slice(&header[range]);
    bytes
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    const MAX: usize = 42;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn claims() -> PassClaims {
        PassClaims {
            serial: 0x01_0203_0405,
            key_id: 0xA1B2_C3D4,
            category: Category::Tenant,
            returned_until: Some(date(2026, 11, 30)),
            household_ref: 0x0607_0809,
            holder: "王小明".into(),
            valid_from: date(2026, 11, 1),
            valid_until: date(2027, 1, 31),
        }
    }

    #[test]
    fn lays_out_the_fields_at_their_documented_offsets() {
        let payload = encode_payload(&claims(), MAX).unwrap();
        assert_eq!(&payload[0..4], &[0xA1, 0xB2, 0xC3, 0xD4]);
        assert_eq!(&payload[4..9], &[0x01, 0x02, 0x03, 0x04, 0x05]);
        assert_eq!(payload[9], 0b101, "tenant with returned_until");
        assert_eq!(&payload[10..14], &[0x06, 0x07, 0x08, 0x09]);
        assert_eq!(&payload[14..16], &2496u16.to_be_bytes(), "2026-11-01");
        assert_eq!(&payload[16..18], &2587u16.to_be_bytes(), "2027-01-31");
        assert_eq!(&payload[18..20], &2525u16.to_be_bytes(), "2026-11-30");
        assert_eq!(&payload[20..], "王小明".as_bytes());
        assert_eq!(decode_payload(&payload, MAX), Ok(claims()));
    }

    #[test]
    fn an_absent_returned_date_is_written_as_zero_and_must_be_zero() {
        let mut plain = claims();
        plain.returned_until = None;
        let mut payload = encode_payload(&plain, MAX).unwrap();
        assert_eq!(payload[9], 0b001);
        assert_eq!(&payload[18..20], &[0, 0]);
        assert_eq!(decode_payload(&payload, MAX), Ok(plain));
        payload[19] = 1;
        assert_eq!(decode_payload(&payload, MAX), Err(PassError::ReservedBits));
    }

    #[test]
    fn rejects_claims_the_format_cannot_carry() {
        let mut c = claims();
        c.category = Category::Returned;
        assert_eq!(
            encode_payload(&c, MAX),
            Err(PassError::ReturnedIsNotABaseCategory)
        );

        let mut c = claims();
        c.serial = MAX_SERIAL + 1;
        assert!(matches!(
            encode_payload(&c, MAX),
            Err(PassError::SerialTooLarge { .. })
        ));
        c.serial = MAX_SERIAL;
        assert_eq!(
            decode_payload(&encode_payload(&c, MAX).unwrap(), MAX),
            Ok(c)
        );

        let mut c = claims();
        c.valid_from = date(2019, 12, 31);
        assert!(matches!(
            encode_payload(&c, MAX),
            Err(PassError::DateOutOfRange { .. })
        ));

        let mut c = claims();
        c.valid_from = date(2027, 2, 1);
        assert!(matches!(
            encode_payload(&c, MAX),
            Err(PassError::ValidityReversed { .. })
        ));

        let mut c = claims();
        c.holder = String::new();
        assert_eq!(encode_payload(&c, MAX), Err(PassError::HolderEmpty));
        c.holder = "张\n三".into();
        assert_eq!(
            encode_payload(&c, MAX),
            Err(PassError::HolderControlCharacter)
        );
        c.holder = "长".repeat(15);
        assert_eq!(
            encode_payload(&c, MAX),
            Err(PassError::HolderTooLong {
                bytes: 45,
                max: MAX
            })
        );
        c.holder = "长".repeat(14);
        assert!(encode_payload(&c, MAX).is_ok());
    }

    #[test]
    fn rejects_bytes_the_encoder_never_writes() {
        let good = encode_payload(&claims(), MAX).unwrap();
        assert!(matches!(
            decode_payload(&good[..HEADER_LEN], MAX),
            Err(PassError::HolderEmpty)
        ));
        assert!(matches!(
            decode_payload(&good[..HEADER_LEN - 1], MAX),
            Err(PassError::TooShort { .. })
        ));

        let mut bad = good.clone();
        bad[9] = 0b011;
        assert_eq!(
            decode_payload(&bad, MAX),
            Err(PassError::UnknownCategory { code: 3 })
        );
        bad[9] = 0b1000_0000;
        assert_eq!(decode_payload(&bad, MAX), Err(PassError::ReservedBits));

        let mut bad = good.clone();
        bad[HEADER_LEN] = 0xFF;
        assert_eq!(decode_payload(&bad, MAX), Err(PassError::HolderNotText));

        let mut bad = good;
        bad[14..16].copy_from_slice(&u16::MAX.to_be_bytes());
        assert!(matches!(
            decode_payload(&bad, MAX),
            Err(PassError::ValidityReversed { .. })
        ));
    }
}
