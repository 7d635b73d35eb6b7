//! Nothing is lost: everything is in SQLite after a restart, and killing the
//! app mid-edit loses at most the last second of typing.

use std::time::{Duration, Instant};

use crate::harness::{app_bin, app_pid, fresh_dir, App, Res};

#[tokio::test(flavor = "multi_thread")]
async fn restart_finds_everything_saved() -> Res {
    let dir = fresh_dir("restart");
    let (data, export) = (dir.join("data"), dir.join("export"));
    let app = App::launch(&data, &export).await?;
    app.new_form(None).await?;
    app.fill("header.name", "重启后仍在").await?;
    app.fill("header.year", "2024").await?;
    app.fill("funds.total.annual_budget", "680000").await?;
    app.fill("funds.total.executed", "652492.88").await?;
    app.fill("indicators[0].name", "服务人次").await?;
    app.fill("indicators[0].target", "全年突破21万").await?;
    app.fill("indicators[0].actual", "17.76万").await?;
    app.fill("indicators[0].weight", "6").await?;
    assert_eq!(app.cell_text("indicators[0].score").await?, "5.07");
    app.wait_saved().await?;
    app.quit().await?;

    let app = App::launch(&data, &export).await?;
    app.open_by_name("重启后仍在").await?;
    assert_eq!(app.cell_text("header.year").await?, "2024");
    assert_eq!(app.cell_text("funds.total.executed").await?, "652492.88");
    assert_eq!(app.computed("funds", 7).await?, "95.95");
    assert_eq!(app.computed("funds", 8).await?, "9.60");
    assert_eq!(app.cell_text("indicators[0].actual").await?, "17.76万");
    assert_eq!(app.cell_text("indicators[0].score").await?, "5.07");
    app.screenshot("editor-after-restart").await?;
    app.quit().await
}

#[tokio::test(flavor = "multi_thread")]
async fn kill_mid_edit_loses_at_most_the_last_second() -> Res {
    let dir = fresh_dir("kill");
    let (data, export) = (dir.join("data"), dir.join("export"));
    let app = App::launch(&data, &export).await?;
    app.new_form(None).await?;
    app.fill("header.name", "断电测试").await?;
    app.wait_saved().await?;

    // Type into 实际完成情况 for about three seconds, without committing.
    app.select("goals.actual").await?;
    let mut sent: Vec<Instant> = Vec::new();
    for k in 0..40 {
        let ch = char::from(b'a' + (k % 26) as u8);
        app.press(&[], ch).await?;
        sent.push(Instant::now());
        tokio::time::sleep(Duration::from_millis(60)).await;
    }
    let pid = app_pid(&app_bin(), &data).ok_or("app process not found")?;
    std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()?;
    let killed = Instant::now();
    drop(app);

    let app = App::launch(&data, &export).await?;
    app.open_by_name("断电测试").await?;
    let saved = app.cell_text("goals.actual").await?;
    let typed: String = (0..40).map(|k| char::from(b'a' + (k % 26) as u8)).collect();
    assert!(
        typed.starts_with(&saved),
        "saved {saved:?} is not what was typed"
    );
    let before_last_second = sent
        .iter()
        .filter(|t| killed.duration_since(**t) > Duration::from_secs(1))
        .count();
    println!(
        "kill test: {} of {} keystrokes saved; {} were sent more than 1 s before the kill",
        saved.chars().count(),
        typed.chars().count(),
        before_last_second
    );
    assert!(
        saved.chars().count() >= before_last_second,
        "lost more than the last second: saved {} chars, {} were typed more than 1 s before the kill",
        saved.chars().count(),
        before_last_second
    );
    app.quit().await
}
