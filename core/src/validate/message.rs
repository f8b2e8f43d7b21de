//! Sentences that tell a gate volunteer what is wrong with an input and what
//! to do about it, in the volunteer's language.

use super::{Field, Rule};
use crate::lang::Lang;

/// A short sentence explaining a validator's `reason` for `field`.
///
/// Every reason the validators of this module can give has its own wording;
/// anything else (a reason from a newer version, or a field such as
/// [`Field::Json`] whose checks live elsewhere) gets a generic sentence that
/// still names the field, so the screen never shows a bare code.
pub fn explain(field: Field, reason: Rule, lang: Lang) -> String {
    if let Some((zh, en)) = specific(field, reason) {
        return lang.pick(zh, en).to_owned();
    }
    if reason.accepts() {
        return match lang {
            Lang::Zh => format!("{}已核对无误", field.label(lang)),
            Lang::En => format!("The {} looks right.", field.label(lang)),
        };
    }
    match lang {
        Lang::Zh => format!("{}填写有误，请核对后重新输入", field.label(lang)),
        Lang::En => format!(
            "The {} is not right; please check it and enter it again.",
            field.label(lang)
        ),
    }
}

/// The wording for each reason a validator of this module can give, as
/// (Chinese, English).
fn specific(field: Field, reason: Rule) -> Option<(&'static str, &'static str)> {
    let text = match (field, reason) {
        (Field::IdNumber, Rule::BadLength) => (
            "证件号位数不对：身份证是18位（老证15位），请逐位核对",
            "The ID number has the wrong number of characters: ID cards have 18 (old ones 15).",
        ),
        (Field::IdNumber, Rule::BadChars) => (
            "证件号里有不该有的字符，只能是数字，身份证最后一位可以是X",
            "The ID number contains characters it cannot have: digits only, and X only as the last character.",
        ),
        (Field::IdNumber, Rule::BadProvince) => (
            "身份证号前两位不是有效的省份代码，请核对开头两位",
            "The first two digits of the ID number are not a valid province code.",
        ),
        (Field::IdNumber, Rule::BadDate) => (
            "身份证号里的出生日期不存在，请核对第7到14位",
            "The birth date inside the ID number does not exist; check digits 7 to 14.",
        ),
        (Field::IdNumber, Rule::FutureDate) => (
            "身份证号里的出生日期还没到，不可能是真号码，请核对第7到14位",
            "The birth date inside the ID number lies in the future; check digits 7 to 14.",
        ),
        (Field::IdNumber, Rule::BadChecksum) => (
            "身份证号校验位不对，请核对最后一位",
            "The ID number's check character is wrong; check the last character.",
        ),
        (Field::IdNumber, Rule::BadFormat) => (
            "证件号格式与证件类型不符，请核对证件类型和号码",
            "The number does not match the document type; check the type and the number.",
        ),
        (Field::Phone, Rule::BadLength) => (
            "手机号应为11位数字，请核对",
            "A mobile number has 11 digits; please check it.",
        ),
        (Field::Phone, Rule::BadChars) => (
            "手机号只能是数字（可带+86、空格或短横线），请重新输入",
            "A mobile number may only contain digits (with +86, spaces or dashes).",
        ),
        (Field::Phone, Rule::BadPrefix) => (
            "这不是有效的手机号开头，请核对前三位",
            "This is not a valid mobile number prefix; check the first three digits.",
        ),
        (Field::Plate, Rule::BadLength) => (
            "车牌位数不对：普通车牌7位，新能源车牌8位",
            "The plate has the wrong length: 7 characters, or 8 for new-energy vehicles.",
        ),
        (Field::Plate, Rule::BadProvince) => (
            "车牌第一个字不是省份简称，请核对",
            "The plate does not start with a province abbreviation.",
        ),
        (Field::Plate, Rule::BadChars) => (
            "车牌里有不该有的字符（车牌不用字母I和O），请核对",
            "The plate contains characters it cannot have (plates never use I or O).",
        ),
        (Field::Plate, Rule::BadFormat) => (
            "车牌格式不对：省份后应是字母，新能源车牌请核对字母位置",
            "The plate format is wrong: a letter follows the province; check letters on new-energy plates.",
        ),
        (Field::Plate, Rule::BadSuffix) => (
            "只有粤Z车牌才能以“港”或“澳”结尾，请核对",
            "Only 粤Z plates may end in 港 or 澳.",
        ),
        (Field::Temperature, Rule::Empty) => ("请输入体温", "Please enter the temperature."),
        (Field::Temperature, Rule::BadChars) => (
            "体温只填数字，例如36.5，不要带单位",
            "Enter the temperature as a number such as 36.5, without a unit.",
        ),
        (Field::Temperature, Rule::OutOfRange) => (
            "体温读数不合理，请重新测量（摄氏度，34.0到43.0之间）",
            "The reading is implausible; measure again (Celsius, 34.0 to 43.0).",
        ),
        (Field::Temperature, Rule::Fever) => (
            "体温偏高，请在旁边休息几分钟后复测",
            "The temperature is high; let the person rest a few minutes and measure again.",
        ),
        (Field::Name, Rule::Empty) => ("请输入姓名", "Please enter the name."),
        (Field::Name, Rule::TooLong) => (
            "姓名太长，最多30个字",
            "The name is too long: at most 30 characters.",
        ),
        (Field::Name, Rule::BadChars) => (
            "姓名里不能有数字或特殊控制字符，请核对是否填错了栏",
            "A name cannot contain digits or control characters; is this the right box?",
        ),
        (Field::From | Field::Visiting, Rule::Empty) => (
            "这一项不能为空，请询问后填写",
            "This answer cannot be empty; please ask and fill it in.",
        ),
        (Field::From | Field::Visiting, Rule::TooLong) => (
            "内容太长，请简要填写",
            "The answer is too long; please keep it short.",
        ),
        (Field::From | Field::Visiting, Rule::BadChars) => (
            "内容里有换行等特殊字符，请重新输入",
            "The answer contains line breaks or other control characters; please type it again.",
        ),
        _ => return None,
    };
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{DocumentType, Temperature};
    use crate::validate::{
        cn_id, cn_mobile, cn_plate, document, free_text, person_name, temperature,
    };

    /// Every invalid reason each validator can produce, gathered by running
    /// the validators on inputs that break each rule, so that a new reason
    /// without a sentence makes this test fail.
    fn produced_reasons() -> Vec<(Field, Rule)> {
        let mut out = Vec::new();
        for input in [
            "",
            "1a",
            "123",
            "11010519491231002",
            "10010519491231002X",
            "11010519490231002X",
            "11010520990101001X",
            "110105194912310021",
        ] {
            out.push((Field::IdNumber, cn_id(input).reason));
        }
        for kind in [DocumentType::HkMoTwPermit, DocumentType::Passport] {
            for input in ["", "C-1", "C1", "X12345678", "ABCDEFGH"] {
                out.push((Field::IdNumber, document(kind, input).reason));
            }
        }
        for input in ["", "1a", "123", "12300138000"] {
            out.push((Field::Phone, cn_mobile(input).reason));
        }
        for input in [
            "",
            "北A12345",
            "京AI2345",
            "京A1234",
            "京112345",
            "京A1234港",
        ] {
            out.push((Field::Plate, cn_plate(input).reason));
        }
        for input in ["", "abc", "98.6", "38.5"] {
            out.push((
                Field::Temperature,
                temperature(input, Temperature::DEFAULT_FEVER).reason,
            ));
        }
        for input in ["", "李四3", &"李".repeat(31)] {
            out.push((Field::Name, person_name(input).reason));
        }
        for field in [Field::From, Field::Visiting] {
            for input in ["", "a\nb", "abcdef"] {
                out.push((field, free_text(input, 5).reason));
            }
        }
        out
    }

    #[test]
    fn every_produced_reason_has_its_own_sentence() {
        let produced = produced_reasons();
        for (field, reason) in &produced {
            assert!(
                reason.accepts() || specific(*field, *reason).is_some(),
                "no sentence for {field:?}/{reason}"
            );
        }
        let reasons: std::collections::BTreeSet<&str> =
            produced.iter().map(|(_, r)| r.code()).collect();
        for expected in [
            "bad_length",
            "bad_chars",
            "bad_province",
            "bad_date",
            "future_date",
            "bad_checksum",
            "bad_format",
            "bad_prefix",
            "bad_suffix",
            "empty",
            "out_of_range",
            "fever",
            "too_long",
        ] {
            assert!(reasons.contains(expected), "no input produced {expected}");
        }
    }

    #[test]
    fn sentences_are_in_the_requested_language() {
        let zh = explain(Field::IdNumber, Rule::BadChecksum, Lang::Zh);
        assert_eq!(zh, "身份证号校验位不对，请核对最后一位");
        let en = explain(Field::IdNumber, Rule::BadChecksum, Lang::En);
        assert!(en.is_ascii() && en.contains("check character"));
    }

    #[test]
    fn reasons_without_a_sentence_fall_back_to_one_naming_the_field() {
        assert_eq!(
            explain(Field::Occupants, Rule::BadChars, Lang::Zh),
            "车上人数填写有误，请核对后重新输入"
        );
        assert!(explain(Field::Json, Rule::BadFormat, Lang::En).contains("data format"));
        assert!(explain(Field::Phone, Rule::OkNormalised, Lang::Zh).contains("无误"));
    }
}
