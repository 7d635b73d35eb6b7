//! Time targets written as a period of the year (时效指标 such as
//! `第四季度前完成`, `预计第四季度完成`, `12月底前`, `年底前`) and the period an
//! actual names (`第三季度`, `11月`): the target is met when the actual's
//! period ends no later than the target's deadline.
//!
//! A deadline is the last month allowed:
//! - `第N季度` (or `N季度`, `QN`): the quarter's last month (`预计第四季度完成` → 12);
//!   `第N季度前`: before that quarter begins (`第四季度前完成` → 9), unless
//!   `结束前` / `末前` / `底前` say "before it ends" (`第四季度结束前` → 12);
//! - `N月` / `N月底前` / `N月末前`: that month; `N月前`: the month before;
//! - `年底`, `年末`, `年内`, `全年`, `年度内`: 12.
//!
//! Where a text names several periods the last one counts (`从第一季度开始陆续
//! 开展，预计第四季度完成` → 12). An actual is the last month of the period it
//! names.

/// The last month (1–12) a target allows, if it names a period of the year.
pub fn deadline_month(target: &str) -> Option<u32> {
    last_period(target).map(|p| p.deadline())
}

/// The last month (1–12) of the period an actual names.
pub fn actual_month(actual: &str) -> Option<u32> {
    last_period(actual).map(|p| p.end_month())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Quarter(u32),
    Month(u32),
    Year,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Period {
    unit: Unit,
    /// `前` right after it (before the period begins).
    before: bool,
    /// `结束` / `末` / `底` before the `前` (before the period ends).
    before_end: bool,
}

impl Period {
    fn end_month(self) -> u32 {
        match self.unit {
            Unit::Quarter(q) => 3 * q,
            Unit::Month(m) => m,
            Unit::Year => 12,
        }
    }

    fn deadline(self) -> u32 {
        match self.unit {
            Unit::Year => 12,
            Unit::Quarter(q) if self.before && !self.before_end => 3 * q - 3,
            Unit::Month(m) if self.before && !self.before_end => m - 1,
            _ => self.end_month(),
        }
    }
}

fn numeral(c: char) -> Option<u32> {
    match c {
        '一' | '1' | '１' => Some(1),
        '二' | '2' | '２' => Some(2),
        '三' | '3' | '３' => Some(3),
        '四' | '4' | '４' => Some(4),
        _ => None,
    }
}

/// A month number written before `月` ending at `chars[end]` (exclusive).
fn month_before(chars: &[char], end: usize) -> Option<u32> {
    let mut start = end;
    while start > 0 && chars[start - 1].is_ascii_digit() {
        start -= 1;
    }
    if start < end {
        let n: u32 = chars[start..end].iter().collect::<String>().parse().ok()?;
        return (1..=12).contains(&n).then_some(n);
    }
    // Chinese numerals: 一 … 十二.
    const NAMES: [&str; 12] = [
        "十二", "十一", "十", "九", "八", "七", "六", "五", "四", "三", "二", "一",
    ];
    let before: String = chars[end.saturating_sub(2)..end].iter().collect();
    for (i, name) in NAMES.iter().enumerate() {
        if before.ends_with(name) {
            return Some(12 - i as u32);
        }
    }
    None
}

/// What follows a period at `chars[i..]`: (before, before_end).
fn suffix(chars: &[char], i: usize) -> (bool, bool) {
    let rest: String = chars[i..].iter().take(4).collect();
    let rest = rest.trim_start_matches(['之', '以']);
    for end in ["结束前", "结束之前", "末前", "底前", "末之前", "底之前"] {
        if rest.starts_with(end) {
            return (true, true);
        }
    }
    (rest.starts_with('前'), false)
}

fn last_period(text: &str) -> Option<Period> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // 第N季度 / N季度 / QN
        let quarter = if c == '季' && chars.get(i + 1) == Some(&'度') && i > 0 {
            Some((numeral(chars[i - 1]), i + 2))
        } else if (c == 'Q' || c == 'q') && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            Some((numeral(chars[i + 1]), i + 2))
        } else {
            None
        };
        if let Some((q, next)) = quarter {
            if let Some(q) = q {
                let (before, before_end) = suffix(&chars, next);
                found = Some(Period {
                    unit: Unit::Quarter(q),
                    before,
                    before_end,
                });
            }
            i = next;
            continue;
        }
        if c == '月' {
            if let Some(m) = month_before(&chars, i) {
                // `12月31日前`: skip the day to read what follows it.
                let mut j = i + 1;
                while j < chars.len() && (chars[j].is_ascii_digit() || "日号".contains(chars[j]))
                {
                    j += 1;
                }
                let (before, before_end) = suffix(&chars, j);
                let day_given = j > i + 1;
                found = Some(Period {
                    unit: Unit::Month(m),
                    before,
                    // `12月31日前` is the end of the month.
                    before_end: before_end || day_given,
                });
            }
            i += 1;
            continue;
        }
        if c == '年' {
            let rest: String = chars[i + 1..].iter().take(2).collect();
            let whole_year = ["底", "末", "内", "终"].iter().any(|w| rest.starts_with(w))
                || rest.starts_with("度内")
                || (i > 0 && chars[i - 1] == '全');
            if whole_year {
                found = Some(Period {
                    unit: Unit::Year,
                    before: false,
                    before_end: false,
                });
            }
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_as_officers_write_them() {
        assert_eq!(deadline_month("第四季度前完成"), Some(9));
        assert_eq!(deadline_month("于第四季度结束前完成"), Some(12));
        assert_eq!(
            deadline_month("从第一季度开始陆续开展，预计第四季度完成"),
            Some(12)
        );
        assert_eq!(deadline_month("第二季度完成"), Some(6));
        assert_eq!(deadline_month("Q3前"), Some(6));
        assert_eq!(deadline_month("6月底前完成"), Some(6));
        assert_eq!(deadline_month("6月前完成"), Some(5));
        assert_eq!(deadline_month("12月31日前"), Some(12));
        assert_eq!(deadline_month("十一月底前"), Some(11));
        assert_eq!(deadline_month("年底前完成"), Some(12));
        assert_eq!(deadline_month("全年"), Some(12));
        assert_eq!(deadline_month("按时完成"), None);
        assert_eq!(deadline_month("在规定时限内要求完成"), None);
    }

    #[test]
    fn actual_periods() {
        assert_eq!(actual_month("第三季度"), Some(9));
        assert_eq!(actual_month("第四季度"), Some(12));
        assert_eq!(actual_month("11月完成"), Some(11));
        assert_eq!(actual_month("已完成"), None);
    }
}
