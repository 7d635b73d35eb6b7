//! Automatic backups in the real window: the first start of a day writes a
//! backup into `backups/` beside the database, off the UI's path, and the
//! list says so; a second start the same day writes none; a second backup
//! folder chosen in 备份列表 receives the copy, and one that is gone only
//! warns; the dialog lists the backups, and restoring one brings back a form
//! deleted for good since.

use crate::harness::{fresh_dir, App, Res};

fn backups(data: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(data.join("backups"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("selfeval-") && n.ends_with("-start.db"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

async fn status(app: &App) -> Res<String> {
    let v = app
        .until(
            "the backup status line",
            "const s = document.querySelector('[data-testid=backup-status]'); return s ? s.textContent : null;",
            30,
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_start_of_a_day_writes_a_backup() -> Res {
    let dir = fresh_dir("auto-backup");
    let (data, export) = (dir.join("data"), dir.join("export"));
    let app = App::launch(&data, &export).await?;
    let s = status(&app).await?;
    assert!(s.contains("已自动备份"), "{s}");
    let first = backups(&data);
    assert_eq!(first.len(), 1, "{first:?}");
    app.screenshot("list-with-backup-status").await?;
    // The second copy: a folder chosen in 备份列表 (the test hook makes the
    // folder dialog answer with the export folder, standing in for a stick).
    app.click("[data-testid=backups]").await?;
    app.wait_for("[data-testid=backups-dialog]", 10).await?;
    app.click("[data-testid=choose-second-copy]").await?;
    app.message("已把最新的备份复制到").await?;
    app.wait_for("[data-testid=second-copy-dir]", 5).await?;
    let usb = export.clone();
    let copied = |dir: &std::path::Path| -> usize {
        std::fs::read_dir(dir)
            .map(|d| {
                d.flatten()
                    .filter(|e| e.file_name().to_string_lossy().ends_with("-start.db"))
                    .count()
            })
            .unwrap_or(0)
    };
    assert_eq!(copied(&usb), 1, "the copy is in the second folder");
    app.quit().await?;
    // The next start: no second backup that day, the copy is confirmed.
    let export2 = dir.join("export2");
    let app = App::launch(&data, &export2).await?;
    let s = status(&app).await?;
    assert!(s.contains("已复制到第二备份位置"), "{s}");
    assert_eq!(backups(&data), first, "one backup a day");
    assert_eq!(copied(&usb), 1);
    app.quit().await?;

    // The stick is out: a warning in the window, and the app works on.
    std::fs::remove_dir_all(&usb).unwrap();
    let app = App::launch(&data, &export2).await?;
    let m = app.message("第二备份位置").await?;
    assert!(m.contains("无法访问") && m.contains("不受影响"), "{m}");
    app.wait_rows(7).await?;
    app.quit().await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dialog_lists_the_backups_and_restoring_one_brings_back_a_deleted_form() -> Res {
    let dir = fresh_dir("auto-backup-restore");
    let (data, export) = (dir.join("data"), dir.join("export"));
    let app = App::launch(&data, &export).await?;
    let s = status(&app).await?;
    assert!(s.contains("已自动备份"), "{s}");
    app.wait_rows(7).await?;
    // Delete 党政事务 for good: trash, then purge (which backs up first).
    app.row_action("党政事务", "trash-form").await?;
    app.wait_rows(6).await?;
    app.click("[data-testid=toggle-trash]").await?;
    app.wait_rows(1).await?;
    app.row_action("党政事务", "purge-form").await?;
    app.click("[data-testid=confirm-yes]").await?;
    app.wait_rows(0).await?;
    app.click("[data-testid=toggle-trash]").await?;
    app.wait_rows(6).await?;

    app.click("[data-testid=backups]").await?;
    app.wait_for("[data-testid=backups-dialog]", 10).await?;
    let listed = app
        .until(
            "two backups listed",
            "const r = [...document.querySelectorAll('[data-testid=backup-row]')].map(r => r.textContent); return r.length >= 2 ? r : null;",
            10,
        )
        .await?;
    let rows: Vec<String> = serde_json::from_value(listed)?;
    assert!(
        rows.iter()
            .any(|r| r.contains("每日自动备份") && r.contains("7 张")),
        "{rows:?}"
    );
    assert!(
        rows.iter().any(|r| r.contains("彻底删除前自动备份")),
        "{rows:?}"
    );
    app.screenshot("backups-dialog").await?;
    // Restore the start-of-day one: the deleted form is back.
    app.js(
        "const r = [...document.querySelectorAll('[data-testid=backup-row]')].find(r => r.textContent.includes('每日自动备份')); r.querySelector('[data-testid=restore-this-backup]').click(); return true;",
        vec![],
    )
    .await?;
    app.click("[data-testid=confirm-yes]").await?;
    app.message("的备份恢复").await?;
    app.wait_rows(7).await?;
    app.wait_row("党政事务", "2023").await?;
    app.quit().await
}
