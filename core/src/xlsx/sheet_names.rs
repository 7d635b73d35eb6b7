//! Worksheet names: at most 31 characters, none of `[ ] : * ? / \`, not
//! starting or ending with `'`, not `History`, unique case-insensitively
//! within the workbook.

use std::collections::HashSet;

use crate::file_names::take_first_free;

/// Excel's limit on a sheet name, in UTF-16 units (what Excel counts).
pub const MAX_SHEET_NAME: usize = 31;

/// A valid sheet name from any text (without uniqueness).
pub fn clean_sheet_name(text: &str) -> String {
    let s: String = text
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let s = s.trim().trim_matches('\'').trim().to_string();
    let s = truncate_utf16(&s, MAX_SHEET_NAME);
    if s.is_empty() || s.eq_ignore_ascii_case("History") {
        format!("{s}表").trim().to_string()
    } else {
        s
    }
}

fn truncate_utf16(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    for c in s.chars() {
        n += c.len_utf16();
        if n > max {
            break;
        }
        out.push(c);
    }
    // A cut may leave a trailing apostrophe or space.
    out.trim_end_matches(['\'', ' ']).to_string()
}

/// Hands out unique sheet names: the second `党政事务` becomes `党政事务(2)`.
#[derive(Debug, Default)]
pub struct SheetNames {
    taken: HashSet<String>,
}

impl SheetNames {
    pub fn new() -> Self {
        Self::default()
    }

    /// A valid, unused sheet name based on `text`.
    pub fn name(&mut self, text: &str) -> String {
        let base = clean_sheet_name(text);
        take_first_free(&mut self.taken, |n| {
            if n == 1 {
                base.clone()
            } else {
                let suffix = format!("({n})");
                format!(
                    "{}{suffix}",
                    truncate_utf16(&base, MAX_SHEET_NAME - suffix.len())
                )
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_valid_and_unique() {
        let mut s = SheetNames::new();
        assert_eq!(s.name("党政事务"), "党政事务");
        assert_eq!(s.name("党政事务"), "党政事务(2)");
        assert_eq!(s.name("a[1]:b/c"), "a_1__b_c");
        assert_eq!(s.name("'quoted'"), "quoted");
        assert_eq!(s.name(""), "表");
        assert_eq!(s.name("history"), "history表");
        let long = "深圳市罗湖区政务服务数据管理局网络运维及信息化建设项目经费";
        let a = s.name(long);
        let b = s.name(long);
        assert!(a.encode_utf16().count() <= 31 && b.encode_utf16().count() <= 31);
        assert_ne!(a, b);
        for n in [a, b] {
            rust_xlsxwriter::utility::check_sheet_name(&n).unwrap();
        }
    }
}
