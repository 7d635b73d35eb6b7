//! The year at a glance in the window: pick a year, see its figures (forms,
//! grades, Σ amounts, 执行率, mean 总分), filter the list by a grade and by a
//! figure, export the 汇总表 (XLSX read back and recalculated by LibreOffice)
//! and print the forms as one PDF with the 汇总表 first (page count, each
//! form's name on its first page). And the list at 10,000 forms: a search
//! typed quickly keeps every character and filters the list.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;

use crate::harness::{fresh_dir, App, Res};

#[path = "../../core/tests/support/host_tool.rs"]
mod host_tool;

fn seeds() -> Vec<selfeval_core::Form> {
    let dir = crate::harness::repo().join("tests/fixtures/seed");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|p| selfeval_core::import::read_file(p).unwrap())
        .collect()
}

fn seed_summary() -> selfeval_core::summary::Summary {
    selfeval_core::summary::Summary::new(
        seeds()
            .iter()
            .map(|f| selfeval_core::summary::SummaryRow::of_form(f).unwrap())
            .collect(),
    )
}

async fn text_of(app: &App, testid: &str) -> Res<String> {
    Ok(app
        .js(
            &format!("const e = document.querySelector('[data-testid={testid}]'); return e ? e.textContent.trim() : null;"),
            vec![],
        )
        .await?
        .as_str()
        .unwrap_or("")
        .to_string())
}

async fn rows(app: &App) -> Res<usize> {
    Ok(app
        .js(
            "return document.querySelectorAll('[data-testid=form-row]').length;",
            vec![],
        )
        .await?
        .as_u64()
        .unwrap_or(0) as usize)
}

fn pdftotext(pdf: &Path, page: usize) -> String {
    let o = Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&o.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn page_count(pdf: &Path) -> usize {
    let o = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

/// The numbers of the 汇总表's totals row: 全年预算数, 全年执行数, 执行率, 总分.
fn totals_row(xlsx: &Path, forms: usize) -> Vec<f64> {
    use calamine::Reader;
    let mut xl: calamine::Xlsx<_> = calamine::open_workbook(xlsx).unwrap();
    let r = xl.worksheet_range("汇总表").unwrap();
    let row = 3 + forms as u32;
    (4..=7)
        .map(|c| match r.get_value((row, c)) {
            Some(calamine::Data::Float(f)) => *f,
            Some(calamine::Data::Int(i)) => *i as f64,
            other => panic!("totals ({row},{c}): {other:?}"),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn year_overview_filters_and_exports() -> Res {
    let dir = fresh_dir("overview");
    let (data, export) = (dir.join("data"), dir.join("export"));
    let app = App::launch(&data, &export).await?;
    app.wait_rows(7).await?;
    app.wait_for("[data-testid=overview]", 10).await?;

    // Pick the year: the seven seed forms of 2023.
    app.js(
        "const s = document.querySelector('[data-testid=year-filter]'); s.value = '2023'; s.dispatchEvent(new Event('change', { bubbles: true })); return true;",
        vec![],
    )
    .await?;
    app.until(
        "the year's figures",
        "const f = document.querySelector('[data-testid=fig-forms]'); return f && f.textContent.includes('2023年度') && f.textContent.includes('7');",
        10,
    )
    .await?;
    let s = seed_summary();
    assert_eq!(
        text_of(&app, "fig-budget").await?,
        s.money(s.totals.annual_budget)
    );
    assert_eq!(
        text_of(&app, "fig-executed").await?,
        s.money(s.totals.executed)
    );
    assert_eq!(
        text_of(&app, "fig-rate").await?,
        format!(
            "{}%",
            selfeval_core::money::fmt2(s.totals.execution_rate.unwrap())
        )
    );
    assert_eq!(
        text_of(&app, "fig-average").await?,
        selfeval_core::money::fmt2(s.totals.average_score.unwrap())
    );
    let grades = app
        .js(
            "return [...document.querySelectorAll('[data-testid=fig-grade]')].map(b => b.dataset.grade + b.querySelector('[data-testid=fig-grade-count]').textContent);",
            vec![],
        )
        .await?;
    assert_eq!(grades, json!(["优7", "良0", "中0", "差0"]));
    let list_grades = app
        .js(
            "return [...document.querySelectorAll('[data-testid=form-grade]')].map(c => c.textContent);",
            vec![],
        )
        .await?;
    assert_eq!(list_grades, json!(vec!["优"; 7]));
    let chart_bars = app
        .js(
            "return document.querySelectorAll('[data-testid=rate-chart] rect').length;",
            vec![],
        )
        .await?;
    assert_eq!(chart_bars, json!(7), "one bar per form");
    app.screenshot("overview-2023").await?;

    // Filter by a grade: 良 has none, 优 all seven; the figures stay.
    app.click("[data-testid=fig-grade][data-grade=良]").await?;
    app.until(
        "no 良 forms",
        "return document.querySelectorAll('[data-testid=form-row]').length === 0 && document.body.textContent.includes('没有符合条件的自评表');",
        10,
    )
    .await?;
    assert!(text_of(&app, "fig-forms").await?.contains('7'));
    app.click("[data-testid=fig-grade][data-grade=优]").await?;
    app.wait_rows(7).await?;
    // A figure: 有提醒 lists exactly as many forms as it says.
    let warned: usize = text_of(&app, "fig-warnings")
        .await?
        .trim_start_matches("有提醒")
        .trim()
        .parse()?;
    app.click("[data-testid=fig-warnings]").await?;
    app.until(
        "the forms with warnings",
        &format!("return document.querySelectorAll('[data-testid=form-row]').length === {warned};"),
        10,
    )
    .await?;
    app.click("[data-testid=fig-forms]").await?;
    app.wait_rows(7).await?;

    // The 汇总表 as XLSX (no form ticked: every listed form).
    app.click("[data-testid=export-summary]").await?;
    app.message("已导出汇总表（7 张表）").await?;
    let xlsx = export.join("2023年度-绩效自评结果汇总表.xlsx");
    assert!(xlsx.is_file(), "{}", xlsx.display());
    let cached = totals_row(&xlsx, 7);
    assert_eq!(
        format!("{:.2}", cached[0]),
        selfeval_core::money::fmt2(s.totals.annual_budget)
    );
    assert_eq!(
        format!("{:.2}", cached[1]),
        selfeval_core::money::fmt2(s.totals.executed)
    );
    // LibreOffice recalculates every formula and gets the same totals.
    let lo = dir.join("lo");
    std::fs::create_dir_all(&lo)?;
    let profile = host_tool::recalculating_profile(&dir);
    host_tool::soffice_convert(&profile, "xlsx:Calc MS Excel 2007 XML", &lo, &[&xlsx]);
    let recalculated = totals_row(&lo.join(xlsx.file_name().unwrap()), 7);
    assert_eq!(recalculated, cached);

    // The 汇总表 as PDF.
    app.js(
        "const s = document.querySelector('[data-testid=summary-format]'); s.value = 'pdf'; s.dispatchEvent(new Event('change', { bubbles: true })); return true;",
        vec![],
    )
    .await?;
    app.click("[data-testid=export-summary]").await?;
    app.message("绩效自评结果汇总表.pdf").await?;
    let spdf = export.join("2023年度-绩效自评结果汇总表.pdf");
    let first = pdftotext(&spdf, 1);
    assert!(
        first.contains("项目支出绩效自评结果汇总表") && first.contains("合计（7个项目）"),
        "{first}"
    );

    // 打印所选: every form, the 汇总表 first, one PDF.
    app.click("[data-testid=pick-all]").await?;
    app.until(
        "all ticked",
        "return document.querySelector('[data-testid=export-selected]').textContent.includes('7');",
        10,
    )
    .await?;
    app.click("[data-testid=print-selected]").await?;
    let msg = app.message("合成一个 PDF").await?;
    let path = msg
        .rsplit_once('（')
        .and_then(|(_, p)| p.split_once('）'))
        .map(|(p, _)| PathBuf::from(p))
        .ok_or(format!("no path in «{msg}»"))?;
    let pages = page_count(&path);
    let texts: Vec<String> = (1..=pages).map(|p| pdftotext(&path, p)).collect();
    assert!(
        texts[0].contains("项目支出绩效自评结果汇总表"),
        "{}",
        texts[0]
    );
    // Each form starts a page numbered 第1页, and its pages add up.
    let firsts: Vec<usize> = (0..pages)
        .filter(|&i| texts[i].contains("第1页共"))
        .collect();
    assert_eq!(firsts.len(), 8, "the 汇总表 and seven forms: {firsts:?}");
    let mut total = 0;
    for &i in &firsts {
        let m: usize = texts[i]
            .split("第1页共")
            .nth(1)
            .and_then(|t| t.split('页').next())
            .and_then(|n| n.parse().ok())
            .ok_or("page count of a form")?;
        total += m;
    }
    assert_eq!(total, pages);
    for f in seeds() {
        let name: String = f
            .header
            .name
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(
            firsts[1..].iter().any(|&i| texts[i].contains(&name)),
            "{name} on a form's first page"
        );
    }
    // Render the summary page for a look.
    let _ = Command::new("pdftoppm")
        .args(["-png", "-r", "70", "-f", "1", "-l", "2"])
        .arg(&path)
        .arg(crate::harness::repo().join("target/screenshots/print-selected"))
        .status();
    app.screenshot("overview-printed").await?;
    app.quit().await
}

/// A database with `n` forms (the seven seeds, renamed and numbered).
pub(crate) fn big_database(data: &Path, n: usize) -> Res {
    std::fs::create_dir_all(data)?;
    let mut store = selfeval_core::store::Store::open(data.join("selfeval.db"))?;
    let seeds = seeds();
    let forms: Vec<selfeval_core::Form> = (0..n)
        .map(|i| {
            let mut f = seeds[i % seeds.len()].clone();
            f.header.name = format!("{}{}", f.header.name, i);
            f.header.code = format!("4403{i:017}");
            f.header.year = (2015 + i % 10).to_string();
            f
        })
        .collect();
    store.create_many(&forms, false, "导入")?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn ten_thousand_forms_search_keeps_every_keystroke() -> Res {
    let dir = fresh_dir("overview-10k");
    let (data, export) = (dir.join("data"), dir.join("export"));
    big_database(&data, 10_000)?;
    let app = App::launch(&data, &export).await?;
    app.until(
        "the list of 10,007 forms",
        "const c = document.querySelector('[data-testid=list-count]'); return c && c.textContent.includes('10007');",
        30,
    )
    .await?;
    // Only the rows in view are in the page.
    let n = rows(&app).await?;
    assert!(n > 5 && n < 200, "{n} rows rendered");
    app.screenshot("overview-10k").await?;

    // Type quickly, several times; every character stays and the list follows.
    let search = app.wait_for("[data-testid=search]", 5).await?;
    for (typed, want) in [
        ("党政事务12", "党政事务12"),
        ("0", "党政事务120"),
        ("5", "党政事务1205"),
    ] {
        search.send_keys(typed).await?;
        let v = app
            .until(
                "the search box and the list agree",
                &format!(
                    "const s = document.querySelector('[data-testid=search]'); const rows = [...document.querySelectorAll('[data-testid=form-row]')]; return s.value === {w} && rows.length > 0 && rows.every(r => r.textContent.includes({w})) ? s.value : null;",
                    w = json!(want)
                ),
                10,
            )
            .await?;
        assert_eq!(v, json!(want));
    }
    // 党政事务1205 is one form of 10,007.
    assert_eq!(rows(&app).await?, 1);
    // Scrolling the whole list works: the last row comes into view.
    app.js(
        "const s = document.querySelector('[data-testid=search]'); s.value = ''; s.dispatchEvent(new Event('input', { bubbles: true })); return true;",
        vec![],
    )
    .await?;
    app.until(
        "the whole list again",
        "const c = document.querySelector('[data-testid=list-count]'); return c && c.textContent.includes('10007');",
        20,
    )
    .await?;
    app.js(
        "const s = document.querySelector('[data-testid=list-scroller]'); s.scrollTop = s.scrollHeight; s.dispatchEvent(new Event('scroll')); return true;",
        vec![],
    )
    .await?;
    app.until(
        "the oldest form in view",
        "return [...document.querySelectorAll('[data-testid=form-row]')].some(r => r.textContent.includes('干部健康管理0'));",
        10,
    )
    .await?;
    app.quit().await
}
