//! A form's life beyond typing: the examples offered on first run, the trash,
//! 定稿 and reopening, restoring an earlier revision, settings and backup.

use fantoccini::key::Key;
use serde_json::json;

use crate::harness::{fresh_dir, App, Res};

#[tokio::test(flavor = "multi_thread")]
async fn examples_are_removed_to_the_trash_restored_and_purged() -> Res {
    let dir = fresh_dir("examples");
    let (data, export) = (dir.join("data"), dir.join("export"));
    let app = App::launch(&data, &export).await?;

    // First run: the seven seed forms, each marked 示例.
    app.wait_rows(7).await?;
    let tags = app
        .js(
            "return [...document.querySelectorAll('[data-testid=form-row]')].filter(r => r.textContent.includes('示例')).length;",
            vec![],
        )
        .await?;
    assert_eq!(tags, json!(7));
    app.wait_for("[data-testid=examples-note]", 5).await?;

    // One action removes them all (to the trash).
    app.click("[data-testid=remove-examples]").await?;
    app.wait_rows(0).await?;
    app.message("已把 7 张示例表移到回收站").await?;
    app.click("[data-testid=toggle-trash]").await?;
    app.wait_rows(7).await?;

    // Restore one; purge another after confirming.
    app.row_action("党政事务", "restore-form").await?;
    app.wait_rows(6).await?;
    // Purging asks first: 取消 keeps the form, 彻底删除 removes it.
    app.row_action("综合管理事务", "purge-form").await?;
    let prompt = app
        .wait_for("[data-testid=confirm-text]", 5)
        .await?
        .text()
        .await?;
    assert!(prompt.contains("综合管理事务"), "{prompt}");
    app.screenshot("confirm-dialog").await?;
    app.click("[data-testid=confirm-no]").await?;
    app.until(
        "the question is gone",
        "return !document.querySelector('[data-testid=confirm]');",
        5,
    )
    .await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    app.wait_rows(6).await?;
    app.row_action("综合管理事务", "purge-form").await?;
    app.click("[data-testid=confirm-yes]").await?;
    app.wait_rows(5).await?;
    app.click("[data-testid=toggle-trash]").await?;
    app.wait_rows(1).await?;
    app.wait_row("党政事务", "示例").await?;
    app.quit().await?;

    // After a restart: the examples are not offered again, the trash is kept.
    let app = App::launch(&data, &export).await?;
    app.wait_rows(1).await?;
    app.click("[data-testid=toggle-trash]").await?;
    app.wait_rows(5).await?;
    let purged = app
        .js(
            "return [...document.querySelectorAll('[data-testid=form-row]')].some(r => r.textContent.includes('综合管理事务'));",
            vec![],
        )
        .await?;
    assert_eq!(purged, json!(false));
    app.quit().await
}

#[tokio::test(flavor = "multi_thread")]
async fn finalise_makes_a_form_read_only_until_reopened_and_revisions_restore() -> Res {
    let dir = fresh_dir("finalise");
    let (data, export) = (dir.join("data"), dir.join("export"));
    let app = App::launch(&data, &export).await?;
    app.open_by_name("干部健康管理").await?;
    let original = app.cell_text("goals.actual").await?;
    assert!(!original.is_empty());

    // An edit, saved as a new revision.
    app.fill("goals.actual", "改过的实际完成情况").await?;
    app.wait_saved().await?;
    app.click("[data-testid=revisions-button]").await?;
    app.wait_for("[data-testid=revisions]", 5).await?;
    app.screenshot("revisions-dialog").await?;
    let restorable = app
        .js(
            "return document.querySelectorAll('[data-testid=restore-revision]').length;",
            vec![],
        )
        .await?;
    assert!(restorable.as_u64().unwrap_or(0) >= 1, "{restorable}");
    // The newest revision is listed first and is current; the oldest is the
    // form as opened (restore that one: a second autosave under load adds a
    // revision between them).
    app.js(
        "const b = [...document.querySelectorAll('[data-testid=restore-revision]')]; b[b.length - 1].click(); return true;",
        vec![],
    )
    .await?;
    app.until(
        "the earlier text is back",
        &format!(
            "const c = document.querySelector('td[data-field=\"goals.actual\"] .text'); return c && c.textContent === {};",
            json!(original)
        ),
        10,
    )
    .await?;
    app.message("已恢复").await?;

    // 定稿: read-only; typing is refused with a message and changes nothing.
    app.click("[data-testid=finalise]").await?;
    app.wait_for("[data-testid=final-badge]", 10).await?;
    app.select("indicators[0].actual").await?;
    let before = app.cell_text("indicators[0].actual").await?;
    app.keys("999").await?;
    app.press(&[], Key::Enter).await?;
    let notice = app
        .until(
            "read-only notice",
            "const n = document.querySelector('[data-testid=notice]'); return n ? n.textContent : null;",
            5,
        )
        .await?;
    assert!(
        notice.as_str().unwrap_or_default().contains("定稿"),
        "{notice}"
    );
    assert_eq!(app.cell_text("indicators[0].actual").await?, before);

    // The list says so, also after a restart.
    app.click("[data-testid=back]").await?;
    app.wait_row("干部健康管理", "已定稿").await?;
    app.quit().await?;
    let app = App::launch(&data, &export).await?;
    app.wait_row("干部健康管理", "已定稿").await?;
    app.open_by_name("干部健康管理").await?;
    app.wait_for("[data-testid=final-badge]", 10).await?;

    // Reopen: editable again.
    app.click("[data-testid=reopen]").await?;
    app.wait_for("[data-testid=finalise]", 10).await?;
    app.fill("indicators[0].actual", "12次").await?;
    app.wait_saved().await?;
    app.click("[data-testid=back]").await?;
    app.wait_row("干部健康管理", "草稿").await?;
    app.quit().await
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_and_zoom_are_kept_and_backup_writes_a_database() -> Res {
    let dir = fresh_dir("settings");
    let (data, export) = (dir.join("data"), dir.join("export"));
    let app = App::launch(&data, &export).await?;
    app.wait_rows(7).await?;

    app.click("[data-testid=open-settings]").await?;
    let unit = app.wait_for("[data-testid=set-unit]", 5).await?;
    app.screenshot("settings-dialog").await?;
    unit.clear().await?;
    unit.send_keys("深圳市测试局").await?;
    app.click("[data-testid=save-settings]").await?;
    app.message("设置已保存").await?;

    // A new form starts with the unit from the settings.
    app.new_form(None).await?;
    assert_eq!(
        app.cell_text("header.implementing_unit").await?,
        "深圳市测试局"
    );
    app.fill("header.name", "备份里的表").await?;
    app.wait_saved().await?;
    // Zoom (Ctrl+= twice: 100 % → 110 % → 125 %) is remembered.
    app.press(&[Key::Control], '=').await?;
    app.press(&[Key::Control], '=').await?;
    app.until(
        "zoom 125%",
        "return document.querySelector('[data-testid=zoom]').textContent === '125%';",
        5,
    )
    .await?;
    app.click("[data-testid=back]").await?;
    app.wait_rows(8).await?;

    // Backup: a complete SQLite database in the chosen place.
    app.click("[data-testid=backup]").await?;
    app.message("已备份到").await?;
    let file = std::fs::read_dir(&export)?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "db"))
        .ok_or("no backup file in the export directory")?;
    let store = selfeval_core::store::Store::open(&file)?;
    let names: Vec<String> = store
        .list(&Default::default())?
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert!(names.iter().any(|n| n == "备份里的表"), "{names:?}");
    assert_eq!(names.len(), 8);
    drop(store);
    app.quit().await?;

    // Settings and zoom survive a restart.
    let app = App::launch(&data, &export).await?;
    app.wait_rows(8).await?;
    app.open_by_name("备份里的表").await?;
    assert_eq!(
        app.js(
            "return document.querySelector('[data-testid=zoom]').textContent;",
            vec![]
        )
        .await?,
        json!("125%")
    );
    app.click("[data-testid=back]").await?;
    app.click("[data-testid=open-settings]").await?;
    let unit = app.wait_for("[data-testid=set-unit]", 5).await?;
    assert_eq!(unit.prop("value").await?.as_deref(), Some("深圳市测试局"));
    app.quit().await
}

#[tokio::test(flavor = "multi_thread")]
async fn import_xlsx_and_restore_a_backup_from_the_list() -> Res {
    let dir = fresh_dir("transfer");
    let (data, export) = (dir.join("data"), dir.join("export"));
    let app = App::launch(&data, &export).await?;
    app.wait_rows(7).await?;
    let count = |name: &str| {
        format!(
            "return [...document.querySelectorAll('[data-testid=form-row]')].filter(r => r.textContent.includes({})).length;",
            json!(name)
        )
    };

    // Export one form as XLSX, then import that file: a second, editable copy.
    app.open_by_name("党政事务").await?;
    app.click("[data-testid=export-xlsx]").await?;
    app.message("已导出").await?;
    app.click("[data-testid=back]").await?;
    app.wait_rows(7).await?;
    app.click("[data-testid=import-xlsx]").await?;
    app.wait_rows(8).await?;
    app.message("已导入 1 张表").await?;
    assert_eq!(app.js(&count("党政事务"), vec![]).await?, json!(2));
    let imported_examples = app
        .js(
            "return [...document.querySelectorAll('[data-testid=form-row]')].filter(r => r.textContent.includes('党政事务') && !r.textContent.includes('示例')).length;",
            vec![],
        )
        .await?;
    assert_eq!(imported_examples, json!(1), "the copy is not an example");

    // Back up, lose the examples, restore the backup: all eight are back.
    app.click("[data-testid=backup]").await?;
    app.message("已备份到").await?;
    app.click("[data-testid=remove-examples]").await?;
    app.wait_rows(1).await?;
    app.click("[data-testid=restore-backup]").await?;
    app.wait_for("[data-testid=confirm-text]", 5).await?;
    app.click("[data-testid=confirm-yes]").await?;
    app.wait_rows(8).await?;
    app.message("已从备份恢复").await?;
    assert_eq!(app.js(&count("党政事务"), vec![]).await?, json!(2));
    app.quit().await?;

    // The restored data is what the app finds after a restart.
    let app = App::launch(&data, &export).await?;
    app.wait_rows(8).await?;
    app.quit().await
}
