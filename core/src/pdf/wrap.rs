//! Line breaking for cell text, measured with the font's own advances.
//!
//! Chinese rules (禁则): no line starts with closing punctuation such as
//! `，。、；：？！）》」` and no line ends with opening punctuation such as
//! `（《「`. CJK characters break anywhere else; runs of Latin letters, digits
//! and ASCII punctuation (`3657.80`, `≥95%`, `2023-12-31`) are kept whole
//! unless longer than the line, and then split by character.

/// Characters that must not start a line.
const NO_START: &str = "，。、；：？！）》」』】〕〉〗］｝”’…‥·％‰℃,.;:?!)]}%～";
/// Characters that must not end a line.
const NO_END: &str = "（《「『【〔〈〖［｛“‘([{";

/// Whether a character is its own break unit (CJK ideographs, kana, CJK and
/// full-width punctuation, quotes and dashes): a line may break before or
/// after it, subject to [`NO_START`] / [`NO_END`].
fn is_cjk_unit(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF      // radicals, Kangxi, ideographic description
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3040..=0x31FF    // kana, bopomofo, strokes
        | 0x3200..=0x4DBF    // enclosed, compatibility, ext. A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xA000..=0xA4CF    // Yi
        | 0xAC00..=0xD7AF    // Hangul
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // full-width forms
        | 0x20000..=0x3FFFF  // ext. B and later
        | 0x2010..=0x2027    // dashes, quotes, ellipsis
    )
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    /// A run of spaces.
    Space,
    /// A single CJK character.
    Cjk,
    /// A run of other characters kept together.
    Word,
}

/// Split a paragraph into break units: (kind, byte range).
fn units(p: &str) -> Vec<(Unit, usize, usize)> {
    let mut out: Vec<(Unit, usize, usize)> = Vec::new();
    for (i, c) in p.char_indices() {
        let end = i + c.len_utf8();
        let kind = if c == ' ' || c == '\t' {
            Unit::Space
        } else if is_cjk_unit(c) {
            Unit::Cjk
        } else {
            Unit::Word
        };
        match out.last_mut() {
            Some(last) if last.0 == kind && kind != Unit::Cjk => last.2 = end,
            _ => out.push((kind, i, end)),
        }
    }
    out
}

/// Wrap `text` into lines no wider than `max_width`, measuring each
/// character with `advance` (same unit as `max_width`). Explicit newlines
/// are kept; an empty text gives no lines.
pub fn wrap(text: &str, max_width: f32, advance: &dyn Fn(char) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    if text.is_empty() {
        return lines;
    }
    for para in text.split('\n') {
        let para = para.strip_suffix('\r').unwrap_or(para);
        wrap_paragraph(para, max_width, advance, &mut lines);
    }
    lines
}

fn wrap_paragraph(p: &str, max: f32, adv: &dyn Fn(char) -> f32, out: &mut Vec<String>) {
    let us = units(p);
    if us.is_empty() {
        out.push(String::new());
        return;
    }
    let width = |u: &(Unit, usize, usize)| -> f32 { p[u.1..u.2].chars().map(adv).sum() };
    let first_char = |u: &(Unit, usize, usize)| p[u.1..u.2].chars().next();
    let last_char = |u: &(Unit, usize, usize)| p[u.1..u.2].chars().next_back();
    // A break is allowed before unit j (0 < j) unless kinsoku forbids it.
    let can_break_before = |j: usize| -> bool {
        let (Some(prev), Some(cur)) = (us.get(j.wrapping_sub(1)), us.get(j)) else {
            return false;
        };
        if cur.0 == Unit::Space {
            return false; // break after the spaces instead
        }
        let starts_bad = first_char(cur).is_some_and(|c| NO_START.contains(c));
        let ends_bad = prev.0 != Unit::Space && last_char(prev).is_some_and(|c| NO_END.contains(c));
        !starts_bad && !ends_bad
    };
    // Current line: units[start..i], with `cur` its width. `text` collects
    // characters of split over-long words that begin the line.
    let mut start = 0usize;
    let mut head = String::new();
    let mut head_w = 0.0f32;
    let mut i = 0usize;
    let emit = |head: &mut String, from: usize, to: usize, out: &mut Vec<String>| {
        let mut s = std::mem::take(head);
        if let (Some(a), Some(b)) = (us.get(from), to.checked_sub(1).and_then(|t| us.get(t))) {
            if from < to {
                s.push_str(&p[a.1..b.2]);
            }
        }
        out.push(s.trim_end().to_string());
    };
    let line_width = |from: usize, to: usize| -> f32 { us[from..to].iter().map(width).sum() };
    let mut first_line = true;
    while i < us.len() {
        let u = us[i];
        // Leading spaces of a wrapped line are dropped (a paragraph keeps its indent).
        if i == start && head.is_empty() && u.0 == Unit::Space && !first_line {
            i += 1;
            start = i;
            continue;
        }
        let cur = head_w + line_width(start, i);
        let w = width(&u);
        if cur + w <= max + 1e-3 || u.0 == Unit::Space {
            i += 1;
            continue;
        }
        let empty = head.is_empty() && us[start..i].iter().all(|x| x.0 == Unit::Space);
        if empty {
            // A unit longer than the whole line: split it by character.
            let mut piece = String::new();
            let mut pw = 0.0f32;
            let indent: String = p[us[start].1..u.1].to_string();
            let mut indent_w: f32 = indent.chars().map(adv).sum();
            let mut pending_indent = indent;
            for c in p[u.1..u.2].chars() {
                let cw = adv(c);
                if indent_w + pw + cw > max + 1e-3 && !piece.is_empty() {
                    out.push(format!("{pending_indent}{piece}"));
                    pending_indent.clear();
                    indent_w = 0.0;
                    piece.clear();
                    pw = 0.0;
                }
                piece.push(c);
                pw += cw;
            }
            head = format!("{pending_indent}{piece}");
            head_w = indent_w + pw;
            i += 1;
            start = i;
            first_line = false;
            continue;
        }
        // Break before the last allowed unit at or before i.
        let mut j = i;
        while j > start && !can_break_before(j) {
            j -= 1;
        }
        if j == start {
            // No allowed break on this line: break at i, letting closing
            // punctuation that would start the next line hang on this one.
            j = i;
            while us
                .get(j)
                .and_then(first_char)
                .is_some_and(|c| NO_START.contains(c))
            {
                j += 1;
            }
        }
        emit(&mut head, start, j, out);
        head_w = 0.0;
        first_line = false;
        start = j;
        i = j;
    }
    if !head.is_empty() || start < us.len() {
        emit(&mut head, start, us.len(), out);
    }
}

/// Width of a string.
pub fn width(s: &str, advance: &dyn Fn(char) -> f32) -> f32 {
    s.chars().map(advance).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CJK and full-width characters 1 unit, everything else 0.5.
    fn adv(c: char) -> f32 {
        if is_cjk_unit(c) {
            1.0
        } else {
            0.5
        }
    }

    fn w(text: &str, max: f32) -> Vec<String> {
        wrap(text, max, &adv)
    }

    #[test]
    fn cjk_breaks_anywhere_within_width() {
        assert_eq!(w("一二三四五六七", 3.0), ["一二三", "四五六", "七"]);
        assert_eq!(w("", 3.0), Vec::<String>::new());
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // Plain breaking would start line 2 with "，".
        let lines = w("一二三，四五六。七八", 3.0);
        assert_eq!(lines, ["一二", "三，四", "五六。", "七八"]);
        for text in ["甲乙丙。」丁戊", "项目：目标；完成！好？是、的）对》了」"]
        {
            for max in [2.0, 3.0, 4.0, 5.0] {
                for l in w(text, max) {
                    let c = l.chars().next().unwrap();
                    assert!(!NO_START.contains(c), "{text} @ {max}: {l}");
                }
            }
        }
    }

    #[test]
    fn no_line_ends_with_opening_punctuation() {
        for text in ["一二（三四）五六", "甲乙《丙丁》戊己", "说道「好的」呢"]
        {
            for max in [2.0, 3.0, 4.0, 5.0] {
                for l in w(text, max) {
                    let c = l.chars().next_back().unwrap();
                    assert!(!NO_END.contains(c), "{text} @ {max}: {l:?}");
                }
            }
        }
        assert_eq!(w("一二（三四）", 3.0), ["一二", "（三", "四）"]);
    }

    #[test]
    fn numbers_and_latin_words_are_not_split() {
        // "3657.80" is 3.5 units wide: it moves to the next line whole.
        assert_eq!(w("执行3657.80元", 5.0), ["执行", "3657.80元"]);
        assert_eq!(w("达到≥95%的", 3.5), ["达到", "≥95%的"]);
        assert_eq!(
            w("hello world foo", 3.0),
            ["hello", "world", "foo"].map(|s| s.to_string())
        );
    }

    #[test]
    fn words_longer_than_the_line_are_split() {
        let lines = w("123456789012345", 3.0);
        assert_eq!(lines, ["123456", "789012", "345"]);
        for l in &lines {
            assert!(width(l, &adv) <= 3.0);
        }
    }

    #[test]
    fn explicit_newlines_and_blank_lines_are_kept() {
        assert_eq!(w("一二\n\n三\r\n四", 5.0), ["一二", "", "三", "四"]);
    }

    #[test]
    fn every_character_is_kept_in_order() {
        let text = "1：深入推进机关党建工作，做好支部党员教育、管理（含“三会一课”），完成率≥95%；2023年度 total 3657.80 元。";
        for max in [2.0, 3.0, 5.0, 8.0, 13.0, 40.0] {
            let lines = w(text, max);
            let joined: String = lines.concat();
            let strip = |s: &str| s.chars().filter(|c| *c != ' ').collect::<String>();
            assert_eq!(strip(&joined), strip(text), "max {max}");
        }
    }

    #[test]
    fn lines_fit_except_where_rules_force_otherwise() {
        let text = "加强党员教育管理，提升政治理论水平；开展党建活动16次，展现党员干部良好形象。"
            .repeat(5);
        for max in [4.0, 7.0, 12.0] {
            for l in w(&text, max) {
                // at most one pushed-back character over the width
                assert!(width(&l, &adv) <= max + 1.0, "{l} > {max}");
            }
        }
    }
}
