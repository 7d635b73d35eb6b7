//! Cell formats of the exported form: 宋体, thin borders, wrapping, number
//! formats, and which cells stay unlocked for input.

use std::collections::HashMap;

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};

use crate::layout::{Align, Cell, Content, RowKind, ValueKind};

use super::geometry::{BODY_PT, TITLE_PT};

/// The font name written on every cell.
pub const FONT: &str = "宋体";
/// GB2312 character set, so that Excel and WPS pick the Chinese face.
const CHARSET_GB2312: u8 = 134;

/// Number format of amounts: thousands separators, 2 decimals.
pub const MONEY_FORMAT: &str = "#,##0.00";
/// Number format of amounts in 万元: 2 to 6 decimals (to the 分).
pub const MONEY_WAN_FORMAT: &str = "#,##0.00####";
/// Number format of scores, weights and rates.
pub const SCORE_FORMAT: &str = "0.00";

/// What a cell is, for its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Title,
    Label,
    /// Text input (one line or long), stored as text (`@`).
    Text,
    /// Long text input of the goals, aligned to the top.
    LongText,
    Money,
    /// An amount in 万元.
    MoneyWan,
    Score,
    /// A formula the rules compute: locked.
    Computed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    role: Role,
    align: AlignKey,
    bold: bool,
    border: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum AlignKey {
    Left,
    Center,
    Right,
}

/// Formats, built once per workbook.
#[derive(Default)]
pub struct Styles {
    cache: HashMap<Key, Format>,
}

/// The role of a layout cell.
pub fn role_of(c: &Cell, kind: RowKind) -> Role {
    let is_title = kind == RowKind::Title;
    match &c.content {
        Content::Label { .. } if is_title => Role::Title,
        Content::Label { .. } => Role::Label,
        Content::Input { value_kind, .. } => match value_kind {
            ValueKind::Money => Role::Money,
            ValueKind::Score => Role::Score,
            ValueKind::LongText if matches!(kind, RowKind::Goals | RowKind::Closing) => {
                Role::LongText
            }
            ValueKind::LongText => Role::Text,
            ValueKind::Text | ValueKind::Level1 | ValueKind::Level2 | ValueKind::Nature => {
                Role::Text
            }
        },
        Content::Computed { .. } => Role::Computed,
    }
}

impl Styles {
    pub fn new() -> Self {
        Self::default()
    }

    /// The format of a layout cell.
    pub fn of(&mut self, c: &Cell, kind: RowKind, unit: crate::template::MoneyUnit) -> &Format {
        let role = match role_of(c, kind) {
            Role::Money if unit == crate::template::MoneyUnit::WanYuan => Role::MoneyWan,
            r => r,
        };
        let key = Key {
            role,
            align: match c.align {
                Align::Left => AlignKey::Left,
                Align::Center => AlignKey::Center,
                Align::Right => AlignKey::Right,
            },
            bold: c.bold,
            border: c.border,
        };
        self.cache.entry(key).or_insert_with(|| build(key))
    }

    /// The format of the hidden machine-readable column.
    pub fn hidden() -> Format {
        Format::new()
            .set_font_name(FONT)
            .set_font_size(BODY_PT)
            .set_num_format("@")
            .set_unlocked()
    }
}

fn build(k: Key) -> Format {
    let size = if k.role == Role::Title {
        TITLE_PT
    } else {
        BODY_PT
    };
    let mut f = Format::new()
        .set_font_name(FONT)
        .set_font_charset(CHARSET_GB2312)
        .set_font_size(size)
        .set_align(match k.align {
            AlignKey::Left => FormatAlign::Left,
            AlignKey::Center => FormatAlign::Center,
            AlignKey::Right => FormatAlign::Right,
        })
        .set_align(if k.role == Role::LongText {
            FormatAlign::Top
        } else {
            FormatAlign::VerticalCenter
        });
    if k.bold {
        f = f.set_bold();
    }
    if k.border {
        f = f.set_border(FormatBorder::Thin);
    }
    match k.role {
        Role::Title | Role::Label => f.set_text_wrap(),
        Role::Text | Role::LongText => f.set_text_wrap().set_num_format("@").set_unlocked(),
        // Numbers never wrap; beyond what the column is sized for (see
        // geometry), shrink instead of printing `#####`.
        Role::Money => f.set_num_format(MONEY_FORMAT).set_shrink().set_unlocked(),
        Role::MoneyWan => f
            .set_num_format(MONEY_WAN_FORMAT)
            .set_shrink()
            .set_unlocked(),
        Role::Score => f.set_num_format(SCORE_FORMAT).set_shrink().set_unlocked(),
        Role::Computed => f.set_num_format(SCORE_FORMAT).set_shrink().set_locked(),
    }
}
