//! Every seed form exports to a PDF that prints every value, embeds a subset
//! CJK font, numbers its pages and is byte-for-byte reproducible.
//! Needs poppler-utils and a CJK font (scripts/setup-system.sh installs both).

#[path = "support/pdf_tools.rs"]
mod tools;

use selfeval_core::layout::{build_form, default_signature, LayoutOptions, SignatureLine};
use selfeval_core::money::fmt2;
use selfeval_core::pdf::{export_pdf, PdfOptions};
use tools::*;

fn export_to(name: &str, form: &selfeval_core::Form, opts: &PdfOptions) -> std::path::PathBuf {
    let bytes = export_pdf(form, opts).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(bytes.starts_with(b"%PDF-"), "{name}: not a PDF");
    let p = scratch(&format!("{name}.pdf"));
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn every_seed_form_prints_every_value() {
    for (name, form) in seeds() {
        let pdf = export_to(&name, &form, &PdfOptions::default());
        let (layout, ev) = build_form(&form, &LayoutOptions::default()).unwrap();
        assert_every_value_printed(&pdf, &layout);

        // The computed and typed numbers, as printed (2 decimals).
        let all = squash(&pdftotext(&pdf, None, &[]));
        let mut numbers = vec![fmt2(ev.total_score), fmt2(ev.total_weight)];
        numbers.extend(ev.funds.execution_rate.map(fmt2));
        numbers.extend(ev.funds.score.map(fmt2));
        for kind in selfeval_core::model::FundRowKind::ALL {
            for col in selfeval_core::model::FundColumn::ALL {
                numbers.extend(form.funds.row(kind).get(col).map(fmt2));
            }
        }
        for ind in &form.indicators {
            numbers.extend(ind.weight.map(fmt2));
            numbers.extend(ind.score.map(fmt2));
        }
        for n in numbers {
            assert!(all.contains(&n), "{name}: number {n} not printed");
        }
        // Header values and goal texts with whitespace normalised.
        let h = &form.header;
        for v in [
            &h.code,
            &h.name,
            &h.year,
            &h.implementing_unit,
            &h.budget_unit,
        ] {
            assert!(all.contains(&squash(v)), "{name}: header {v} not printed");
        }
        for goal in [&form.goals.expected, &form.goals.actual] {
            assert!(
                column_stream(&pdf, &layout, 1, 4).contains(&squash(goal))
                    || column_stream(&pdf, &layout, 5, 4).contains(&squash(goal)),
                "{name}: goal text not printed whole"
            );
        }
    }
}

#[test]
fn the_font_is_embedded_and_subset() {
    let (name, form) = seeds().remove(0);
    let pdf = export_to(&format!("fonts-{name}"), &form, &PdfOptions::default());
    let fonts = pdffonts(&pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 1, "one font expected:\n{fonts}");
    let cols: Vec<&str> = rows[0].split_whitespace().collect();
    // name type… encoding emb sub uni object ID
    let n = cols.len();
    assert_eq!(&cols[n - 5..n - 2], &["yes", "yes", "yes"], "{fonts}");
    let tag = cols[0].split('+').next().unwrap();
    assert!(
        tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()) && cols[0].contains('+'),
        "subset-tagged name expected: {fonts}"
    );
    // Tens of KB, not the 20 MB collection: every seed form ≤ 80 KB with
    // CFF outlines (Noto on Linux), ≤ 160 KB with TrueType outlines (宋体 on
    // Windows: quadratic outlines with hinting instructions are larger).
    let truetype = cols[1..n - 5].join(" ").contains("TrueType");
    let limit = if truetype { 160 } else { 80 } * 1024;
    for (name, form) in seeds() {
        let size = export_pdf(&form, &PdfOptions::default()).unwrap().len();
        assert!(size <= limit, "{name}: {size} bytes");
    }
}

#[test]
fn title_metadata_and_page_numbers() {
    for (name, form) in seeds() {
        let pdf = export_to(&format!("meta-{name}"), &form, &PdfOptions::default());
        let info = pdfinfo(&pdf);
        assert_eq!(info.get("Title"), Some(&form.header.name), "{name}");
        let pages = page_count(&pdf);
        for p in 1..=pages {
            let t = squash(&pdftotext(&pdf, Some((p, p)), &[]));
            assert!(
                t.contains(&format!("第{p}页共{pages}页")),
                "{name} page {p}: no page number in\n{t}"
            );
        }
    }
}

#[test]
fn same_form_gives_same_bytes() {
    let opts = PdfOptions {
        signature: Some(default_signature()),
        font_path: None,
    };
    for (name, form) in seeds() {
        let a = export_pdf(&form, &opts).unwrap();
        let b = export_pdf(&form, &opts).unwrap();
        assert!(a == b, "{name}: two exports differ");
    }
    // A different form gives different bytes (the check can fail).
    let s = seeds();
    assert_ne!(
        export_pdf(&s[0].1, &opts).unwrap(),
        export_pdf(&s[1].1, &opts).unwrap()
    );
}

#[test]
fn signature_block_prints_labels_and_names() {
    let (name, form) = seeds().remove(1);
    let mut lines = default_signature();
    lines[0].value = "王小明".into();
    lines.push(SignatureLine {
        label: "审核人".into(),
        value: "赵六".into(),
    });
    let pdf = export_to(
        &format!("sig-{name}"),
        &form,
        &PdfOptions {
            signature: Some(lines),
            font_path: None,
        },
    );
    let pages = page_count(&pdf);
    let last = squash(&pdftotext(&pdf, Some((pages, pages)), &[]));
    for want in [
        "填报人：王小明",
        "联系电话：",
        "单位负责人（签字）：",
        "填报日期：",
        "单位（盖章）：",
        "审核人：赵六",
    ] {
        assert!(last.contains(want), "{want} not on the last page: {last}");
    }
    // Without the option there is no block.
    let plain = export_to(&format!("nosig-{name}"), &form, &PdfOptions::default());
    assert!(!squash(&pdftotext(&plain, None, &[])).contains("填报人："));
}

#[test]
fn text_comes_out_in_reading_order() {
    // One-page seeds: `pdftotext -raw` (content-stream order) gives every
    // cell whole, row by row, left to right, as the layout lists them.
    let mut checked = 0;
    let cases = [None, Some(default_signature())];
    for ((name, form), signature) in seeds()
        .into_iter()
        .flat_map(|s| cases.iter().map(move |c| (s.clone(), c.clone())))
    {
        let opts = PdfOptions {
            signature,
            font_path: None,
        };
        let pdf = export_to(
            &format!("order-{name}-{}", opts.signature.is_some()),
            &form,
            &opts,
        );
        if page_count(&pdf) != 1 {
            continue;
        }
        let raw = squash(&pdftotext(&pdf, None, &["-raw"]));
        let (layout, _) = build_form(
            &form,
            &LayoutOptions {
                signature: opts.signature.clone(),
            },
        )
        .unwrap();
        let mut pos = 0;
        for cell in layout.cells() {
            let want = squash(&cell.content.display());
            if want.is_empty() {
                continue;
            }
            match raw[pos..].find(&want) {
                Some(i) => pos += i + want.len(),
                None => panic!("{name}: 「{want}」 not next in reading order after byte {pos}"),
            }
        }
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} one-page exports");
}
