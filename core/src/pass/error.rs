//! Why a pass could not be issued or read.

use thiserror::Error;

use crate::lang::Lang;

/// Errors of [`issue`](super::issue) (claims that cannot become a pass) and of
/// [`decode`](super::decode) (text that is not a well-formed pass). Every
/// decode error means "malformed" at the gate; the variants say why for logs
/// and for the shift lead.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PassError {
    // Issue errors: the claims break a rule of the format.
    #[error("the holder name is empty")]
    HolderEmpty,
    #[error("the holder name is {bytes} bytes of UTF-8; a pass holds at most {max}")]
    HolderTooLong { bytes: usize, max: usize },
    #[error("the holder name contains a control character")]
    HolderControlCharacter,
    #[error(
        "a pass's base category is resident, tenant or visitor; returned is set with returned_until"
    )]
    ReturnedIsNotABaseCategory,
    #[error("serial {serial} does not fit the 40 bits a pass holds")]
    SerialTooLarge { serial: u64 },
    #[error("the date {date} is outside the days a pass can hold (2020-01-01 to 2199-06-06)")]
    DateOutOfRange { date: chrono::NaiveDate },
    #[error("the pass is valid from {valid_from}, after its last day {valid_until}")]
    ValidityReversed {
        valid_from: chrono::NaiveDate,
        valid_until: chrono::NaiveDate,
    },
    #[error("the claims name key id {claimed:08x} but the signing key's id is {actual:08x}")]
    KeyIdMismatch { claimed: u32, actual: u32 },

    // Decode errors: the text is not a pass.
    #[error("the text does not start with KK1:")]
    MissingPrefix,
    #[error("the text after KK1: is not upper-case Base45")]
    InvalidBase45,
    #[error("the pass text is {chars} characters; a pass has at most {max}")]
    TextTooLong { chars: usize, max: usize },
    #[error("the pass holds {bytes} bytes; at least {min} are needed")]
    TooShort { bytes: usize, min: usize },
    #[error("the pass sets bits the format reserves")]
    ReservedBits,
    #[error("the pass names category code {code}, which the format does not define")]
    UnknownCategory { code: u8 },
    #[error("the holder name in the pass is not valid UTF-8 text")]
    HolderNotText,
}

impl PassError {
    /// The stable machine code, for JSON output and logs.
    pub fn code(&self) -> &'static str {
        match self {
            PassError::HolderEmpty => "holder_empty",
            PassError::HolderTooLong { .. } => "holder_too_long",
            PassError::HolderControlCharacter => "holder_control_character",
            PassError::ReturnedIsNotABaseCategory => "returned_is_not_a_base_category",
            PassError::SerialTooLarge { .. } => "serial_too_large",
            PassError::DateOutOfRange { .. } => "date_out_of_range",
            PassError::ValidityReversed { .. } => "validity_reversed",
            PassError::KeyIdMismatch { .. } => "key_id_mismatch",
            PassError::MissingPrefix => "missing_prefix",
            PassError::InvalidBase45 => "invalid_base45",
            PassError::TextTooLong { .. } => "text_too_long",
            PassError::TooShort { .. } => "too_short",
            PassError::ReservedBits => "reserved_bits",
            PassError::UnknownCategory { .. } => "unknown_category",
            PassError::HolderNotText => "holder_not_text",
        }
    }

    /// A message for the shift lead in the chosen language.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Zh => match self {
                PassError::HolderEmpty => "持证人姓名为空".into(),
                PassError::HolderTooLong { bytes, max } => {
                    format!(
                        "持证人姓名过长（{bytes} 字节，最多 {max} 字节，约 {} 个汉字）",
                        max / 3
                    )
                }
                PassError::HolderControlCharacter => "持证人姓名含有控制字符".into(),
                PassError::ReturnedIsNotABaseCategory => {
                    "通行证的基本类别只能是居民、租户或访客；返乡请设置返乡截止日期".into()
                }
                PassError::SerialTooLarge { serial } => format!("通行证编号 {serial} 超出范围"),
                PassError::DateOutOfRange { date } => format!("日期 {date} 超出通行证可表示的范围"),
                PassError::ValidityReversed {
                    valid_from,
                    valid_until,
                } => format!("生效日期 {valid_from} 晚于截止日期 {valid_until}"),
                PassError::KeyIdMismatch { .. } => "通行证的密钥编号与签发密钥不符".into(),
                PassError::MissingPrefix
                | PassError::InvalidBase45
                | PassError::TextTooLong { .. }
                | PassError::TooShort { .. }
                | PassError::ReservedBits
                | PassError::UnknownCategory { .. }
                | PassError::HolderNotText => "不是有效的通行证二维码".into(),
            },
        }
    }
}
