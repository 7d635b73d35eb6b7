//! Reading 年度指标值 and 实际完成值: `≥200人次`, `全年突破21万`, `≤5万元`,
//! `99%以上`, `≥100张；≥50份；≥10份`. Units with a scale (万, 亿, 千) are
//! brought to their base unit so that `≤5万元` compares with `3657.8元`.

use rust_decimal::Decimal;

/// Which way a target points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// ≥, 不少于, 突破, 以上 …: more is better.
    AtLeast,
    /// ≤, 不超过, 以内 …: less is better.
    AtMost,
}

/// A number with its unit, scaled to the base unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The value in the base unit (`5万元` → 50000).
    pub value: Decimal,
    /// The base unit (`元`, `%`, `人次`, or empty).
    pub unit: String,
}

/// One judged part of a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetPart {
    pub direction: Direction,
    /// Whether the direction was written (`≥`) or assumed.
    pub explicit: bool,
    pub quantity: Quantity,
}

const AT_LEAST_WORDS: &[&str] = &[
    "≥",
    ">=",
    "＞=",
    "＞＝",
    ">",
    "＞",
    "不少于",
    "不低于",
    "不小于",
    "至少",
    "突破",
    "超过",
    "高于",
    "大于",
    "达到",
    "多于",
];
const AT_MOST_WORDS: &[&str] = &[
    "≤",
    "<=",
    "＜=",
    "＜＝",
    "<",
    "＜",
    "不超过",
    "不高于",
    "不大于",
    "不多于",
    "低于",
    "小于",
    "少于",
    "控制在",
    "至多",
];
const AT_LEAST_SUFFIXES: &[&str] = &["及以上", "以上"];
const AT_MOST_SUFFIXES: &[&str] = &["及以下", "以下", "以内", "之内"];

/// Split a cell into its parts (`100%；100%`). Line breaks inside a part are
/// ignored (`100%；\n100%`).
pub fn split_parts(text: &str) -> Vec<String> {
    text.split(['；', ';'])
        .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The numbers in a text: `(start, end)` byte ranges of `123`, `95.5`, `1,000`.
fn numbers(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len()
                && (b[i].is_ascii_digit()
                    || ((b[i] == b'.' || b[i] == b',')
                        && i + 1 < b.len()
                        && b[i + 1].is_ascii_digit()))
            {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

/// Whether a text holds any Arabic digit (or full-width digit).
pub fn has_digit(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '％' => '%',
            _ => c,
        })
        .collect()
}

/// Read the unit after a number: `万元` → (10000, `元`), `%` → (1, `%`).
fn unit_of(rest: &str) -> (Decimal, String) {
    let (scale, base) = if let Some(r) = rest.strip_prefix('万') {
        (Decimal::from(10_000), r)
    } else if let Some(r) = rest.strip_prefix('亿') {
        (Decimal::from(100_000_000), r)
    } else if let Some(r) = rest.strip_prefix('千') {
        (Decimal::from(1_000), r)
    } else {
        (Decimal::ONE, rest)
    };
    (scale, base.to_string())
}

/// Why a part could not be read.
pub type Reason = String;

/// Read one part: returns the direction written (if any) and the quantity.
pub fn parse_quantity(part: &str) -> Result<(Option<Direction>, Quantity), Reason> {
    let t = normalise(part);
    let nums = numbers(&t);
    match nums.len() {
        0 => return Err(format!("「{part}」中没有数字")),
        1 => {}
        _ => return Err(format!("「{part}」中有多个数字，无法确定比较哪一个")),
    }
    let (s, e) = nums[0];
    let prefix = &t[..s];
    let value: Decimal = t[s..e]
        .replace(',', "")
        .parse()
        .map_err(|_| format!("「{part}」中的数字超出范围"))?;
    let mut rest = &t[e..];
    let mut dir = None;
    for w in AT_LEAST_SUFFIXES {
        if let Some(r) = rest.strip_suffix(w) {
            rest = r;
            dir = Some(Direction::AtLeast);
            break;
        }
    }
    if dir.is_none() {
        for w in AT_MOST_SUFFIXES {
            if let Some(r) = rest.strip_suffix(w) {
                rest = r;
                dir = Some(Direction::AtMost);
                break;
            }
        }
    }
    if dir.is_none() {
        // The longest word wins: `不少于` (at least) contains `少于` (at most).
        let longest = |words: &[&str]| {
            words
                .iter()
                .filter(|w| prefix.contains(*w))
                .map(|w| w.chars().count())
                .max()
        };
        dir = match (longest(AT_LEAST_WORDS), longest(AT_MOST_WORDS)) {
            (Some(a), Some(b)) if a > b => Some(Direction::AtLeast),
            (_, Some(_)) => Some(Direction::AtMost),
            (Some(_), None) => Some(Direction::AtLeast),
            (None, None) => None,
        };
    }
    if prefix.contains('-') || prefix.contains('－') {
        return Err(format!("「{part}」中有负数或区间，无法自动比较"));
    }
    let (scale, unit) = unit_of(rest);
    Ok((
        dir,
        Quantity {
            value: value * scale,
            unit,
        },
    ))
}

/// Units that name the same thing (`个` and none, `分` …).
pub fn units_compatible(a: &str, b: &str) -> bool {
    let plain = |u: &str| u.is_empty() || u == "个" || u == "项";
    a == b || plain(a) && plain(b) || a.is_empty() || b.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn q(s: &str) -> (Option<Direction>, Decimal, String) {
        let (d, q) = parse_quantity(s).unwrap();
        (d, q.value, q.unit)
    }

    #[test]
    fn reads_the_seed_targets() {
        assert_eq!(
            q("≥200人次"),
            (Some(Direction::AtLeast), dec!(200), "人次".into())
        );
        assert_eq!(
            q("全年突破21万"),
            (Some(Direction::AtLeast), dec!(210000), "".into())
        );
        assert_eq!(q("17.76万"), (None, dec!(177600), "".into()));
        assert_eq!(
            q("≤5万元"),
            (Some(Direction::AtMost), dec!(50000), "元".into())
        );
        assert_eq!(q("3657.8元"), (None, dec!(3657.8), "元".into()));
        assert_eq!(
            q("99%以上"),
            (Some(Direction::AtLeast), dec!(99), "%".into())
        );
        assert_eq!(q("≤5%"), (Some(Direction::AtMost), dec!(5), "%".into()));
        assert_eq!(q("1,000件"), (None, dec!(1000), "件".into()));
        assert_eq!(q("９５％"), (None, dec!(95), "%".into()));
        assert_eq!(q("不少于5次").0, Some(Direction::AtLeast));
        assert_eq!(q("不超过5次").0, Some(Direction::AtMost));
        assert_eq!(q("不低于90%").0, Some(Direction::AtLeast));
        assert_eq!(q("不高于5%").0, Some(Direction::AtMost));
        assert_eq!(q("少于3起").0, Some(Direction::AtMost));
        assert!(parse_quantity("2023年1月-2023年12月").is_err());
        assert!(parse_quantity("有所提升").is_err());
    }

    #[test]
    fn splits_parts_and_ignores_wrapping() {
        assert_eq!(split_parts("100%；\n100%"), vec!["100%", "100%"]);
        assert_eq!(split_parts("≥100张；≥50份；≥10份").len(), 3);
    }
}
