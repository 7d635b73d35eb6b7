//! Tidy-ups of the document printpdf builds, before it is written: a true
//! Info dictionary and a compact glyph-width table.

use lopdf::{Document, Object};

/// printpdf's Info dictionary claims PDF/X (`GTS_PDFXVersion`), carries
/// empty entries and 1970 dates (it has no clock-free choice); keep only
/// what is true and filled, so the bytes depend on the form alone.
pub fn clean_info(doc: &mut Document) {
    let Ok(id) = doc.trailer.get(b"Info").and_then(|o| o.as_reference()) else {
        return;
    };
    if let Ok(info) = doc.get_dictionary_mut(id) {
        for key in [
            "GTS_PDFXVersion",
            "Trapped",
            "Identifier",
            "Author",
            "Keywords",
            "CreationDate",
            "ModDate",
        ] {
            info.remove(key.as_bytes());
        }
    }
}

/// printpdf lists every glyph's width in `/W`, one run per glyph for the
/// sparse CIDs of a CJK subset. Most are one em: make that the default
/// (`/DW`) and list only the others.
pub fn compact_widths(doc: &mut Document) {
    for obj in doc.objects.values_mut() {
        let Ok(font) = obj.as_dict_mut() else {
            continue;
        };
        let Ok(desc) = font
            .get_mut(b"DescendantFonts")
            .and_then(|d| d.as_array_mut())
        else {
            continue;
        };
        for d in desc.iter_mut() {
            if let Ok(cid_font) = d.as_dict_mut() {
                let Ok(w) = cid_font.get(b"W").and_then(|w| w.as_array()) else {
                    continue;
                };
                let Some(widths) = parse_w(w) else {
                    continue;
                };
                let dw = most_common(&widths);
                cid_font.set("DW", Object::Integer(dw));
                cid_font.set("W", Object::Array(build_w(&widths, dw)));
            }
        }
    }
}

/// `[c [w…] c [w…] …]` into (cid, width) pairs; `None` for other shapes.
fn parse_w(w: &[Object]) -> Option<Vec<(i64, i64)>> {
    let mut out = Vec::new();
    let mut it = w.iter();
    while let Some(first) = it.next() {
        let c = first.as_i64().ok()?;
        let ws = it.next()?.as_array().ok()?;
        for (k, x) in ws.iter().enumerate() {
            out.push((c + k as i64, x.as_i64().ok()?));
        }
    }
    Some(out)
}

fn most_common(widths: &[(i64, i64)]) -> i64 {
    let mut counts: std::collections::BTreeMap<i64, usize> = Default::default();
    for (_, w) in widths {
        *counts.entry(*w).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(w, n)| (*n, -*w))
        .map_or(1000, |(w, _)| w)
}

/// Runs of consecutive CIDs whose width is not `dw`.
fn build_w(widths: &[(i64, i64)], dw: i64) -> Vec<Object> {
    let mut out = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut start = 0i64;
    let mut next = i64::MIN;
    for &(c, w) in widths.iter().filter(|(_, w)| *w != dw) {
        if c != next && !run.is_empty() {
            out.push(Object::Integer(start));
            out.push(Object::Array(std::mem::take(&mut run)));
        }
        if run.is_empty() {
            start = c;
        }
        run.push(Object::Integer(w));
        next = c + 1;
    }
    if !run.is_empty() {
        out.push(Object::Integer(start));
        out.push(Object::Array(run));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_equal_to_the_default_are_dropped_and_runs_kept() {
        let i = Object::Integer;
        let w = vec![
            i(3),
            Object::Array(vec![i(1000), i(500), i(520)]),
            i(9),
            Object::Array(vec![i(1000)]),
            i(10),
            Object::Array(vec![i(600)]),
        ];
        let ws = parse_w(&w).unwrap();
        assert_eq!(most_common(&ws), 1000);
        assert_eq!(
            build_w(&ws, 1000),
            vec![
                i(4),
                Object::Array(vec![i(500), i(520)]),
                i(10),
                Object::Array(vec![i(600)])
            ]
        );
    }
}
