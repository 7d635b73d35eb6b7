//! Finding the form's labels (项目编码, 年初预算数, 一级指标 …) wherever they
//! are: extra title rows, shifted columns and merged cells do not matter.

use std::collections::HashMap;

use calamine::Data;

use super::sheet::Sheet;

/// A label as compared: without spaces, required marks (`*`) and with
/// half-width punctuation, so `预期目标 *`, `预期目标＊` and `预期目标` match.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            c => c,
        })
        .collect::<String>()
        .trim_end_matches(':')
        .to_string()
}

/// Labels are short; longer texts are values, never labels.
const MAX_LABEL_CHARS: usize = 40;

/// Where each short text of a sheet is, in reading order.
pub struct LabelIndex {
    at: HashMap<String, Vec<(u32, u32)>>,
}

impl LabelIndex {
    pub fn new(sheet: &Sheet) -> Self {
        let mut at: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
        for (pos, v) in sheet.cells() {
            if let Data::String(s) = v {
                if s.chars().count() <= MAX_LABEL_CHARS {
                    at.entry(normalize(s)).or_default().push(*pos);
                }
            }
        }
        for v in at.values_mut() {
            v.sort_unstable();
        }
        LabelIndex { at }
    }

    /// Every place of a label (any of its spellings), in reading order.
    pub fn all(&self, names: &[&str]) -> Vec<(u32, u32)> {
        let mut v: Vec<(u32, u32)> = names
            .iter()
            .filter_map(|n| self.at.get(&normalize(n)))
            .flatten()
            .copied()
            .collect();
        v.sort_unstable();
        v
    }

    /// The first place of a label.
    pub fn first(&self, names: &[&str]) -> Option<(u32, u32)> {
        self.all(names).into_iter().next()
    }

    /// The first place of a label at or below `row`.
    pub fn first_below(&self, names: &[&str], row: u32) -> Option<(u32, u32)> {
        self.all(names).into_iter().find(|p| p.0 >= row)
    }

    /// The place of a label in a given row.
    pub fn in_row(&self, names: &[&str], row: u32) -> Option<(u32, u32)> {
        self.all(names).into_iter().find(|p| p.0 == row)
    }

    /// Whether a label is anywhere on the sheet.
    pub fn has(&self, names: &[&str]) -> bool {
        self.first(names).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_match() {
        assert_eq!(normalize("预期目标 *"), "预期目标");
        assert_eq!(normalize("预期目标＊"), "预期目标");
        assert_eq!(normalize("执行率（%）"), "执行率(%)");
        assert_eq!(normalize("其中：当年财政拨款"), "其中:当年财政拨款");
        assert_eq!(normalize("项目编码："), "项目编码");
    }
}
