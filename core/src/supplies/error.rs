//! Why a supplies movement was refused, with a stable code and a sentence in
//! the user's language.

use crate::lang::Lang;
use crate::validate::Rule;

/// A refused movement or item. Nothing is recorded when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SupplyError {
    #[error("no such item: {item}")]
    UnknownItem { item: i64 },
    #[error("the quantity must be more than zero")]
    ZeroQuantity,
    #[error("only {on_hand} {unit} of {name} in stock, cannot hand out {wanted}")]
    NotEnough {
        name: String,
        unit: String,
        on_hand: u32,
        wanted: u32,
    },
    #[error("the quantity is too large")]
    TooMuch,
    #[error("not a quantity: {text:?}")]
    BadQuantity { text: String },
    #[error("nobody is signed in to record this")]
    NoOperator,
    #[error("a correction needs a note saying why")]
    NoNote,
    #[error("the note is not acceptable: {reason}")]
    BadNote { reason: Rule },
    #[error("the item name is not acceptable: {reason}")]
    BadItemName { reason: Rule },
    #[error("the unit is not acceptable: {reason}")]
    BadUnit { reason: Rule },
}

impl SupplyError {
    pub fn code(&self) -> &'static str {
        match self {
            SupplyError::UnknownItem { .. } => "unknown_item",
            SupplyError::ZeroQuantity => "zero_quantity",
            SupplyError::NotEnough { .. } => "not_enough",
            SupplyError::TooMuch => "too_much",
            SupplyError::BadQuantity { .. } => "bad_quantity",
            SupplyError::NoOperator => "no_operator",
            SupplyError::NoNote => "no_note",
            SupplyError::BadNote { .. } => "bad_note",
            SupplyError::BadItemName { .. } => "bad_item_name",
            SupplyError::BadUnit { .. } => "bad_unit",
        }
    }

    /// What to tell the person at the screen, and what to do about it.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SupplyError::UnknownItem { .. }, _) => lang
                .pick("没有这种物资，请先添加", "No such item; add it first")
                .into(),
            (SupplyError::ZeroQuantity, _) => lang
                .pick("数量必须大于 0", "The quantity must be more than 0")
                .into(),
            (
                SupplyError::NotEnough {
                    name,
                    unit,
                    on_hand,
                    wanted,
                },
                Lang::Zh,
            ) => format!(
                "{name}库存只有 {on_hand} {unit}，不能领出 {wanted} {unit}。如果实际数量不同，请先盘点更正"
            ),
            (
                SupplyError::NotEnough {
                    name,
                    unit,
                    on_hand,
                    wanted,
                },
                Lang::En,
            ) => format!(
                "Only {on_hand} {unit} of {name} in stock; cannot hand out {wanted}. If the shelf holds more, record a count first"
            ),
            (SupplyError::TooMuch, _) => lang
                .pick(
                    "数量太大，请核对（单次最多 1000000）",
                    "The quantity is too large; please check it (at most 1000000 at once)",
                )
                .into(),
            (SupplyError::BadQuantity { .. }, _) => lang
                .pick("数量只能填整数，例如 20", "Enter a whole number such as 20")
                .into(),
            (SupplyError::NoOperator, _) => lang
                .pick(
                    "请先签到，物资出入库要记录经手人",
                    "Please sign in first: every movement records who made it",
                )
                .into(),
            (SupplyError::NoNote, _) => lang
                .pick(
                    "盘点更正请写明原因，例如“盘点发现破损 10 只”",
                    "A correction needs a reason, e.g. \"10 found damaged at the count\"",
                )
                .into(),
            (SupplyError::BadNote { .. }, _) => lang
                .pick(
                    "备注太长或含有换行等特殊字符，请简要填写",
                    "The note is too long or has line breaks; please keep it short",
                )
                .into(),
            (SupplyError::BadItemName { .. }, _) => lang
                .pick(
                    "物资名称不能为空，最多 30 个字",
                    "The item name cannot be empty and has at most 30 characters",
                )
                .into(),
            (SupplyError::BadUnit { .. }, _) => lang
                .pick(
                    "单位不能为空，最多 8 个字，例如 只、瓶、套",
                    "The unit cannot be empty and has at most 8 characters, e.g. pcs, bottles",
                )
                .into(),
        }
    }
}

/// A stored history that this module would never have recorded: an `out`
/// beyond the stock at its place. It means the movements were edited or
/// merged outside the kiosk; the shell reports it as a fault of the store.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("movement {index} of the history does not fit the stock: {error}")]
pub struct HistoryError {
    /// The movement's position in the list given.
    pub index: usize,
    pub error: SupplyError,
}
