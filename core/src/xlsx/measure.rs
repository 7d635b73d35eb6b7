//! Measuring text to size rows and columns: merged cells never auto-fit, so
//! the exporter computes every row height from the text it holds.
//!
//! Widths are in em of the font size: CJK characters and full-width forms are
//! 1 em, Latin letters and digits about 0.55 em. The factors are calibrated
//! against LibreOffice's rendering with the Noto CJK fonts that stand in for
//! 宋体 on Linux (which are wider in Latin and taller in line pitch than
//! SimSun in Excel), so they err on the generous side for Excel and WPS.

/// Line pitch as a multiple of the font size (Noto Sans CJK in LibreOffice
/// ≈ 1.45; SimSun in Excel ≈ 1.15).
pub const LINE_FACTOR: f64 = 1.45;

/// Horizontal room a cell loses to its margins and borders, in points.
pub const CELL_PAD_X: f64 = 6.0;

/// Vertical room a cell loses to its margins, in points.
pub const CELL_PAD_Y: f64 = 5.0;

/// Width of one character in em.
pub fn char_em(c: char) -> f64 {
    match c {
        '0'..='9' => 0.56,
        'm' | 'w' | 'W' | 'M' => 0.85,
        '.' | ',' | ':' | ';' | '\'' | '!' | '|' | 'i' | 'l' | 'j' | 'I' => 0.3,
        'A'..='Z' => 0.68,
        'a'..='z' => 0.56,
        ' ' => 0.28,
        '(' | ')' | '[' | ']' | '{' | '}' | '-' | '/' | '\\' => 0.36,
        c if c.is_ascii() => 0.6,
        // Half-width forms (ｱ) are half an em; everything else (CJK, ≥, ％,
        // full-width punctuation) a full em.
        '\u{FF61}'..='\u{FFDC}' => 0.5,
        _ => 1.0,
    }
}

/// Width of a text on one line, in em.
pub fn width_em(text: &str) -> f64 {
    text.chars().map(char_em).sum()
}

/// Whether a line may break before `c` without splitting a Latin word.
fn breakable_before(prev: char, c: char) -> bool {
    let word = |ch: char| ch.is_ascii_alphanumeric() || matches!(ch, '.' | ',' | '%' | '-');
    !(word(prev) && word(c))
}

/// Number of lines `text` takes when wrapped into `width_em` em. Explicit
/// line breaks count; Latin words and numbers move to the next line whole,
/// unless they are longer than a line.
pub fn line_count(text: &str, width_em: f64) -> usize {
    let width = width_em.max(1.0);
    text.split('\n')
        .map(|para| paragraph_lines(para.trim_end_matches('\r'), width))
        .sum::<usize>()
        .max(1)
}

fn paragraph_lines(para: &str, width: f64) -> usize {
    let chars: Vec<char> = para.chars().collect();
    if chars.is_empty() {
        return 1;
    }
    let mut lines = 1;
    let mut used = 0.0;
    let mut i = 0;
    while i < chars.len() {
        // The unbreakable run starting at i.
        let mut j = i + 1;
        while j < chars.len() && !breakable_before(chars[j - 1], chars[j]) {
            j += 1;
        }
        let run: f64 = chars[i..j].iter().map(|c| char_em(*c)).sum();
        if used + run <= width {
            used += run;
        } else if run <= width {
            lines += 1;
            used = run;
        } else {
            // A run longer than a line is broken by character.
            for c in &chars[i..j] {
                let w = char_em(*c);
                if used + w > width && used > 0.0 {
                    lines += 1;
                    used = 0.0;
                }
                used += w;
            }
        }
        i = j;
    }
    // A trailing space that just overflows does not open a line.
    lines
}

/// A label as printed in a cell `width_pt` wide: a line too long to fit
/// breaks before its bracket (`执行率\n（%）`, `项目资金\n（元）`) rather than
/// leaving a bracket or one character alone on a line. Labels only: values
/// are never rewritten.
pub fn label_text(text: &str, width_pt: f64, font_pt: f64) -> String {
    let avail = (width_pt - CELL_PAD_X) / font_pt;
    text.split('\n')
        .map(|line| {
            let open = line.char_indices().find(|(_, c)| matches!(c, '（' | '('));
            match open {
                Some((i, _))
                    if i > 0 && width_em(line) > avail && width_em(&line[..i]) <= avail =>
                {
                    format!("{}\n{}", &line[..i], &line[i..])
                }
                _ => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Height in points that `text` needs in a cell `width_pt` wide at `font_pt`.
pub fn text_height(text: &str, width_pt: f64, font_pt: f64) -> f64 {
    let avail_em = (width_pt - CELL_PAD_X) / font_pt;
    let lines = line_count(text, avail_em) as f64;
    lines * font_pt * LINE_FACTOR + CELL_PAD_Y
}

/// Width in points a one-line text needs in a cell at `font_pt`.
pub fn text_width(text: &str, font_pt: f64) -> f64 {
    width_em(text) * font_pt + CELL_PAD_X
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(width_em("党政事务"), 4.0);
        assert!((width_em("2023") - 2.24).abs() < 1e-9);
    }

    #[test]
    fn wrapping() {
        assert_eq!(line_count("", 5.0), 1);
        assert_eq!(line_count("党政事务", 4.0), 1);
        assert_eq!(line_count("党政事务党", 4.0), 2);
        assert_eq!(line_count("一\n二\n三", 10.0), 3);
        // `12345678` does not fit after 党政 on a 6-em line and moves down whole.
        assert_eq!(line_count("党政12345678", 6.0), 2);
        // 2000 CJK characters at 24 em a line.
        assert_eq!(line_count(&"字".repeat(2000), 24.0), 84);
    }

    #[test]
    fn labels_break_before_brackets() {
        assert_eq!(label_text("执行率（%）", 46.0, 10.0), "执行率\n（%）");
        assert_eq!(label_text("执行率（%）", 200.0, 10.0), "执行率（%）");
        assert_eq!(label_text("（元）", 20.0, 10.0), "（元）");
    }
}
