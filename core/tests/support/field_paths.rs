//! The scan for internal cell addresses in text a person reads, shared by
//! the core's and the CLI's message tests (`#[path]`-included).

/// An internal address anywhere in `s` (`indicators[3]`, `header.code`,
/// `funds.current_year.executed`, `texts.conclusion`); file names
/// (`x.json`, `a.xlsx`) are not addresses.
pub fn internal_path(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_lowercase() && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let start = i;
            while i < b.len() && (b[i].is_ascii_lowercase() || b[i] == b'_') {
                i += 1;
            }
            let word = &s[start..i];
            let next = b.get(i).copied();
            let after = b.get(i + 1).copied();
            let indexed = next == Some(b'[') && after.is_some_and(|c| c.is_ascii_digit());
            let dotted = next == Some(b'.') && after.is_some_and(|c| c.is_ascii_lowercase());
            let file = s[i..].starts_with(".json") || s[i..].starts_with(".xlsx");
            if (indexed || dotted) && !file && word.len() >= 4 {
                return Some(s[start..(i + 16).min(s.len())].to_string());
            }
        } else {
            i += 1;
        }
    }
    None
}
