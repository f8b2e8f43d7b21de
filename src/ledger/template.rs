//! The blank ledger a community office fills in: every column kakou reads,
//! under the header names of docs/ledger-format.md, a few example rows that
//! import cleanly, and a second sheet "说明" that explains each column.

use rust_xlsxwriter::{Color, Format, FormatAlign, Workbook, XlsxError};

use kakou_core::ledger::Column;

/// Example people: a family in a building flat (owner and tenant) and a
/// villager back from outside. The ID numbers are valid, with correct check
/// characters, so the template imports as it is.
const EXAMPLES: &[[&str; 12]] = &[
    [
        "3",
        "2",
        "501",
        "",
        "张三",
        "张三",
        "身份证",
        "11010519491231002X",
        "13800138000",
        "居民",
        "正常",
        "",
    ],
    [
        "3",
        "2",
        "501",
        "",
        "张三",
        "李梅",
        "身份证",
        "110101199003071233",
        "",
        "租户",
        "",
        "",
    ],
    [
        "",
        "",
        "",
        "王家村三组",
        "王五",
        "王五",
        "身份证",
        "440305198001010013",
        "13912345678",
        "返乡",
        "居家隔离",
        "2026-11-20",
    ],
];

/// What each column holds and whether it must be filled, for the "说明" sheet.
fn explain(column: Column) -> (&'static str, &'static str) {
    match column {
        Column::Building => ("与单元、房号一起必填（或填地址）", "楼栋号，如 3"),
        Column::Unit => ("与楼栋、房号一起必填（或填地址）", "单元号，如 2"),
        Column::Room => (
            "与楼栋、单元一起必填（或填地址）",
            "房号，如 501；三项合成住户地址 3-2-501",
        ),
        Column::Address => (
            "无楼栋单元房号时必填",
            "平房或村组写地址，如 王家村三组；“3栋2单元501”会自动写成 3-2-501",
        ),
        Column::HeadOfHousehold => ("选填", "户主姓名，仅作参考"),
        Column::Name => ("必填", "姓名，按证件填写；通行证上原样打印，最多 14 个汉字"),
        Column::DocumentType => ("选填", "身份证（默认）、港澳台通行证 或 护照"),
        Column::IdNumber => (
            "必填",
            "证件号码；身份证号会校验校验码。请把此列设为“文本”，以免 Excel 把号码改成科学计数法。重新导入时按此号码识别同一个人",
        ),
        Column::Phone => ("选填", "11 位手机号，填写时会校验"),
        Column::Category => (
            "必填",
            "居民（或 业主）＝绿码；租户＝蓝码；返乡（或 返回）＝红码，14 天后自动转为绿码",
        ),
        Column::Status => (
            "选填",
            "正常、密接、次密接、居家隔离 或 空置；写在一户的任一行即对全户有效，默认正常",
        ),
        Column::ReturnedOn => (
            "选填",
            "返乡人员的返回日期，如 2026-11-20；红码持续到此后 14 天。不填则从导入之日起算",
        ),
    }
}

/// The template as the bytes of an .xlsx file.
pub fn template() -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9_EA_D3))
        .set_align(FormatAlign::Center);
    // ID and phone numbers must stay text: as numbers Excel rounds an
    // 18-digit ID to 15 significant digits and the number is lost.
    let text = Format::new().set_num_format("@");

    let sheet = workbook.add_worksheet();
    sheet.set_name("台账")?;
    for (col, column) in Column::ALL.into_iter().enumerate() {
        let col = col as u16;
        sheet.write_string_with_format(0, col, column.headers()[0], &header)?;
        let width = match column {
            Column::IdNumber => 22.0,
            Column::Phone | Column::Address | Column::ReturnedOn => 14.0,
            _ => 9.0,
        };
        sheet.set_column_width(col, width)?;
        if matches!(column, Column::IdNumber | Column::Phone) {
            sheet.set_column_format(col, &text)?;
        }
    }
    for (row, example) in EXAMPLES.iter().enumerate() {
        for (col, value) in example.iter().enumerate() {
            if !value.is_empty() {
                sheet.write_string_with_format(row as u32 + 1, col as u16, *value, &text)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;

    let help = workbook.add_worksheet();
    help.set_name("说明")?;
    let wrap = Format::new().set_text_wrap();
    for (col, (title, width)) in [
        ("表头", 12.0),
        ("也可写作", 30.0),
        ("是否必填", 26.0),
        ("说明", 70.0),
    ]
    .into_iter()
    .enumerate()
    {
        help.write_string_with_format(0, col as u16, title, &header)?;
        help.set_column_width(col as u16, width)?;
    }
    for (row, column) in Column::ALL.into_iter().enumerate() {
        let row = row as u32 + 1;
        let (required, note) = explain(column);
        let headers = column.headers();
        help.write_string(row, 0, headers[0])?;
        help.write_string(row, 1, headers[1..].join("、"))?;
        help.write_string(row, 2, required)?;
        help.write_string_with_format(row, 3, note, &wrap)?;
    }
    let notes_from = Column::ALL.len() as u32 + 2;
    for (i, note) in [
        "第一行是表头，表头名称按上表任选其一；每行一人，同一户的人地址相同。",
        "文件有任何错误时整份不导入，并逐条列出行号、列名和原因；改好后重新导入即可。",
        "重新导入时按证件号码更新；新台账里没有的人视为迁出，其通行证自动吊销。",
        "示例行（张三、李梅、王五）导入前请删除或改成真实住户。",
    ]
    .into_iter()
    .enumerate()
    {
        help.write_string(notes_from + i as u32, 0, note)?;
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_of_the_ledger_has_a_header_and_an_explanation() {
        assert_eq!(EXAMPLES[0].len(), Column::ALL.len());
        for column in Column::ALL {
            let (required, note) = explain(column);
            assert!(!required.is_empty() && !note.is_empty(), "{column:?}");
            // The template's header is one the reader accepts.
            assert_eq!(Column::from_header(column.headers()[0]), Some(column));
        }
    }

    #[test]
    fn the_template_is_an_xlsx_file() {
        let bytes = template().unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"), "not a zip container");
    }
}
