//! Exports from the window: XLSX of the open form (read back by the core's
//! importer), refused while a text is over its limit, and a batch export of
//! forms selected in the list with a progress bar.

use std::path::Path;

use fantoccini::key::Key;
use selfeval_core::xlsx::import_path;

use crate::harness::{fresh_dir, App, Res};

fn files(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == ext))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread")]
async fn export_xlsx_single_and_batch() -> Res {
    let dir = fresh_dir("export");
    let (data, export) = (dir.join("data"), dir.join("export"));
    let app = App::launch(&data, &export).await?;
    app.js(
        "const r = [...document.querySelectorAll('[data-testid=form-row]')].find(r => r.textContent.includes('440303210301500003219')); r.querySelector('[data-testid=open-form]').click(); return true;",
        vec![],
    )
    .await?;
    app.wait_for("[data-testid=form-table]", 10).await?;

    // The open form to XLSX (the test export directory replaces the dialog).
    app.click("[data-testid=export-xlsx]").await?;
    app.message("已导出").await?;
    let xlsx = files(&export, "xlsx");
    assert_eq!(xlsx.len(), 1, "{xlsx:?}");
    assert_eq!(
        xlsx[0].file_name().unwrap().to_string_lossy(),
        "党政事务-2023-绩效自评表.xlsx"
    );
    let back = import_path(&xlsx[0]).map_err(|e| e.to_string())?;
    let f = &back.forms[0];
    assert_eq!(f.header.name, "党政事务");
    assert_eq!(f.header.code, "440303210301500003219");
    let seed = selfeval_core::format::from_json(include_str!(
        "../fixtures/seed/440303210301500003219.json"
    ))?;
    let names = |f: &selfeval_core::Form| -> Vec<String> {
        f.indicators.iter().map(|i| i.name.clone()).collect()
    };
    assert_eq!(names(f), names(&seed));
    assert_eq!(f.goals, seed.goals);
    assert_eq!(
        f.funds.total.executed.map(|d| d.to_string()).as_deref(),
        Some("3657.80")
    );
    app.js(
        "document.querySelector('[data-testid=message] button:last-child').click(); return true;",
        vec![],
    )
    .await?;

    // Over the limit: flagged, and no file is written.
    app.select("goals.actual").await?;
    app.press(&[], Key::F2).await?;
    app.js(
        "const b = document.querySelector('[data-testid=cell-editor]'); b.value = '字'.repeat(2000); b.dispatchEvent(new Event('input', { bubbles: true })); return true;",
        vec![],
    )
    .await?;
    app.keys("多").await?;
    app.press(&[], Key::Enter).await?;
    app.until(
        "over-limit mark",
        "const c = document.querySelector('td[data-field=\"goals.actual\"]'); return c && c.dataset.severity === 'error';",
        10,
    )
    .await?;
    app.click("[data-testid=export-xlsx]").await?;
    // The form has an error now: the app asks first; even 仍要导出 is refused
    // for a text over its limit (it would be cut on upload).
    app.click("[data-testid=confirm-yes]").await?;
    let msg = app.message("超过字数限制").await?;
    assert!(msg.contains("实际完成情况（2001 字，限 2000 字）"), "{msg}");
    assert_eq!(
        files(&export, "xlsx").len(),
        1,
        "nothing exported over the limit"
    );
    app.press(&[Key::Control], 'z').await?;
    app.until(
        "undo of the long text",
        "const c = document.querySelector('td[data-field=\"goals.actual\"]'); return c && c.dataset.severity !== 'error';",
        10,
    )
    .await?;

    // Batch: two forms picked in the list.
    app.click("[data-testid=back]").await?;
    app.wait_for("[data-testid=form-list]", 10).await?;
    app.js(
        "const boxes = document.querySelectorAll('[data-testid=pick]'); boxes[0].click(); boxes[1].click(); return true;",
        vec![],
    )
    .await?;
    app.click("[data-testid=export-selected]").await?;
    app.message("已导出 2 张表").await?;
    assert_eq!(files(&export, "xlsx").len(), 3);
    app.screenshot("list-after-batch-export").await?;
    app.quit().await
}

/// Issue 15, defect 1: a form with errors asks before it is exported — from
/// the editor and from the list — and 返回修改 writes nothing.
#[tokio::test(flavor = "multi_thread")]
async fn exporting_a_form_with_errors_asks_first() -> Res {
    let dir = fresh_dir("export-errors");
    let (data, export) = (dir.join("data"), dir.join("export"));
    let app = App::launch(&data, &export).await?;
    app.open_by_name("党政事务").await?;
    // 得分 18 on a row of 分值 7.
    app.fill("indicators[0].score", "18").await?;
    app.wait_saved().await?;
    app.click("[data-testid=export-xlsx]").await?;
    app.wait_for("[data-testid=confirm]", 10).await?;
    let items = app
        .js(
            "return document.querySelector('[data-testid=confirm-items]').textContent;",
            vec![],
        )
        .await?;
    assert!(items.as_str().unwrap_or("").contains("超过分值"), "{items}");
    let buttons = app
        .js(
            "return [document.querySelector('[data-testid=confirm-no]').textContent, document.querySelector('[data-testid=confirm-yes]').textContent];",
            vec![],
        )
        .await?;
    assert_eq!(buttons, serde_json::json!(["返回修改", "仍要导出"]));
    app.screenshot("export-with-errors").await?;
    app.click("[data-testid=confirm-no]").await?;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(files(&export, "xlsx").is_empty(), "返回修改 wrote a file");
    app.click("[data-testid=export-xlsx]").await?;
    app.click("[data-testid=confirm-yes]").await?;
    app.message("已导出").await?;
    assert_eq!(files(&export, "xlsx").len(), 1);

    // From the list: the batch asks too.
    app.click("[data-testid=back]").await?;
    app.wait_row("党政事务", "").await?;
    app.js(
        "const r = [...document.querySelectorAll('[data-testid=form-row]')].find(r => r.textContent.includes('党政事务')); r.querySelector('[data-testid=pick]').click(); return true;",
        vec![],
    )
    .await?;
    app.click("[data-testid=export-selected]").await?;
    app.wait_for("[data-testid=confirm]", 10).await?;
    let text = app
        .js(
            "return document.querySelector('[data-testid=confirm]').textContent;",
            vec![],
        )
        .await?;
    assert!(
        text.as_str()
            .unwrap_or("")
            .contains("「党政事务」（2023年度）：1 个错误"),
        "{text}"
    );
    app.click("[data-testid=confirm-no]").await?;
    app.quit().await
}
