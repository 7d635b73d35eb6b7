//! Fonts that cannot print the form give clear errors instead of boxes.

#[path = "support/pdf_tools.rs"]
mod tools;

use selfeval_core::pdf::font::{choose, NO_FONT_MESSAGE};
use selfeval_core::pdf::{export_pdf, PdfError, PdfOptions};
use std::path::PathBuf;

#[test]
fn a_character_missing_from_the_font_is_reported_with_its_cell() {
    let (_, mut form) = tools::seeds().remove(0);
    form.header.name.push('\u{E000}'); // private use: in no CJK font
    form.indicators[2].deviation.push('\u{10FFFD}');
    let err = export_pdf(&form, &PdfOptions::default()).unwrap_err();
    match &err {
        PdfError::MissingGlyphs { missing, .. } => {
            assert!(
                missing.contains(&('\u{E000}', "项目名称".into())),
                "{missing:?}"
            );
            assert!(
                missing.contains(&(
                    '\u{10FFFD}',
                    "绩效指标 第3行 · 偏差原因分析及改进措施".into()
                )),
                "{missing:?}"
            );
        }
        e => panic!("expected MissingGlyphs, got {e}"),
    }
    let msg = err.to_string();
    assert!(
        msg.contains("U+E000") && msg.contains("项目名称") && msg.contains("换用"),
        "{msg}"
    );
}

#[test]
fn a_latin_only_font_reports_the_chinese_characters() {
    let dejavu = PathBuf::from("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    if !dejavu.exists() {
        eprintln!("skipped: {} not installed", dejavu.display());
        return;
    }
    let (_, form) = tools::seeds().remove(0);
    let err = export_pdf(
        &form,
        &PdfOptions {
            signature: None,
            font_path: Some(dejavu),
        },
    )
    .unwrap_err();
    let PdfError::MissingGlyphs { font, missing } = &err else {
        panic!("expected MissingGlyphs, got {err}");
    };
    assert_eq!(font, "DejaVu Sans");
    assert!(missing.iter().any(|(c, _)| *c == '项'), "{missing:?}");
    assert!(err.to_string().contains("等"), "long lists are cut: {err}");
}

#[test]
fn unusable_font_files_are_clear_errors() {
    let (_, form) = tools::seeds().remove(0);
    let opts = |p: &str| PdfOptions {
        signature: None,
        font_path: Some(PathBuf::from(p)),
    };
    let e = export_pdf(&form, &opts("/nonexistent/simsun.ttc")).unwrap_err();
    assert!(e.to_string().contains("文件不存在"), "{e}");
    let not_font = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let e = export_pdf(&form, &opts(not_font)).unwrap_err();
    assert!(e.to_string().contains("不是可用的字体文件"), "{e}");
}

#[test]
fn no_font_found_names_the_fonts_to_install() {
    let e = choose(
        None,
        &[PathBuf::from(
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        )],
    )
    .unwrap_err();
    assert_eq!(e, PdfError::NoFont);
    let msg = e.to_string();
    assert_eq!(msg, NO_FONT_MESSAGE);
    assert!(msg.contains("simsun.ttc") && msg.contains("fonts-noto-cjk") && msg.contains("设置"));
}

#[test]
fn blank_and_indicator_less_forms_export() {
    let t = selfeval_core::Template::default_template();
    let blank = selfeval_core::Form::blank(t);
    let b = export_pdf(&blank, &PdfOptions::default()).expect("blank form exports");
    assert!(b.starts_with(b"%PDF-"));
    let mut none = blank.clone();
    none.indicators.clear();
    none.header.name = "无指标".into();
    let b = export_pdf(&none, &PdfOptions::default()).expect("no indicators exports");
    let p = tools::scratch("no-indicators.pdf");
    std::fs::write(&p, b).unwrap();
    let text = tools::squash(&tools::pdftotext(&p, None, &[]));
    assert!(text.contains("总分") && text.contains("无指标"), "{text}");
}
