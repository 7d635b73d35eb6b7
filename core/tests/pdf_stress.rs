//! The stress form (2000-character goals and 偏差原因, 60 indicator rows,
//! 12-digit amounts) prints whole over several pages, with the indicator
//! table's header repeated on every page it continues onto.

#[path = "support/stress.rs"]
mod stress;
#[path = "support/pdf_tools.rs"]
mod tools;

use selfeval_core::layout::{build_form, default_signature, LayoutOptions};
use selfeval_core::pdf::{export_pdf, PdfOptions};
use tools::*;

#[test]
fn stress_form_prints_whole_with_repeated_headers() {
    let form = stress::stress_form();
    let opts = PdfOptions {
        signature: Some(default_signature()),
        font_path: None,
    };
    let bytes = export_pdf(&form, &opts).expect("stress form exports");
    let pdf = scratch("stress.pdf");
    std::fs::write(&pdf, &bytes).unwrap();
    let pages = page_count(&pdf);
    assert!(pages >= 5, "only {pages} pages");

    let (layout, _) = build_form(
        &form,
        &LayoutOptions {
            signature: opts.signature.clone(),
        },
    )
    .unwrap();
    // Every cell whole, split rows included (goals, 2000-character 偏差原因).
    assert_every_value_printed(&pdf, &layout);
    for i in stress::LONG_DEVIATION_ROWS {
        let s = column_stream(&pdf, &layout, 8, 1);
        assert!(
            s.contains(&squash(&form.indicators[i].deviation)),
            "row {i}"
        );
    }
    // 12-digit amounts, on one line each.
    let all = squash(&pdftotext(&pdf, None, &["-layout"]));
    for a in ["987654321098.76", "123456789012.34", "111111111111.11"] {
        assert!(all.contains(a), "{a} not printed");
    }

    // Which page holds the first indicator row and the total.
    let page_text: Vec<String> = (1..=pages)
        .map(|p| squash(&pdftotext(&pdf, Some((p, p)), &[])))
        .collect();
    let first = page_text
        .iter()
        .position(|t| t.contains("第1项三级指标名称"))
        .expect("first indicator row printed");
    let total = page_text
        .iter()
        .rposition(|t| t.contains("总分"))
        .expect("total printed");
    assert!(total > first + 2, "the table spans several pages");
    let header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值*",
        "偏差原因分析及改进措施",
    ];
    for (i, t) in page_text.iter().enumerate().take(total + 1).skip(first) {
        for h in header {
            assert!(
                t.contains(h),
                "page {}: indicator header {h} missing",
                i + 1
            );
        }
        // Merged 一级/二级 cells are labelled again on every table page.
        assert!(t.contains("年度绩效指标"), "page {}", i + 1);
        assert!(
            ["产出指标", "效益指标", "满意度指标"]
                .iter()
                .any(|l| t.contains(l)),
            "page {}: no 一级指标 label",
            i + 1
        );
    }
    // The header is followed by table rows on every page, never left alone
    // at the bottom: in the 偏差原因 column, more follows the label.
    let dev_col = column_text(&pdf, &layout, 8, 1);
    for (i, t) in dev_col.iter().enumerate().take(total + 1).skip(first) {
        let after = t.split("改进措施").nth(1).unwrap_or_default();
        assert!(!after.is_empty(), "page {}: header row orphaned", i + 1);
    }
    // The goals continue onto a page headed by 预期目标 / 实际完成情况 again.
    let goal_pages: Vec<usize> = (0..pages)
        .filter(|&i| page_text[i].contains("【预期"))
        .collect();
    assert!(goal_pages.len() >= 2, "2000-character goals span pages");
    for &i in &goal_pages {
        assert!(page_text[i].contains("预期目标*") && page_text[i].contains("实际完成情况*"));
    }
    // Page numbers.
    for (i, t) in page_text.iter().enumerate() {
        assert!(t.contains(&format!("第{}页共{pages}页", i + 1)));
    }
}
