//! The shell around the window: a second launch does not start a second app
//! (it hands over to the first, which comes to the front).

use std::process::Command;
use std::time::{Duration, Instant};

use crate::harness::{app_bin, app_pid, fresh_dir, App, Res};

#[tokio::test(flavor = "multi_thread")]
async fn second_launch_focuses_the_first_window() -> Res {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        return Err(
            "no D-Bus session bus: run under dbus-run-session (scripts/e2e.sh does)".into(),
        );
    }
    let dir = fresh_dir("single_instance");
    let (data, export) = (dir.join("data"), dir.join("export"));
    let app = App::launch(&data, &export).await?;
    let first = app_pid(&app_bin(), &data).ok_or("first app not found")?;

    let t0 = Instant::now();
    let mut second = Command::new(app_bin())
        .env("SELFEVAL_DATA_DIR", &data)
        .env("SELFEVAL_EXPORT_DIR", &export)
        .spawn()?;
    let status = loop {
        if let Some(s) = second.try_wait()? {
            break s;
        }
        if t0.elapsed() > Duration::from_secs(15) {
            let _ = second.kill();
            return Err("the second launch kept running beside the first".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "second launch ended with {status}");
    // The first is still there and answers.
    assert_eq!(app_pid(&app_bin(), &data), Some(first));
    app.wait_for("[data-testid=form-list]", 5).await?;
    app.quit().await
}

#[tokio::test(flavor = "multi_thread")]
async fn window_size_is_restored_after_a_restart() -> Res {
    let dir = fresh_dir("window-state");
    let (data, export) = (dir.join("data"), dir.join("export"));
    let app = App::launch(&data, &export).await?;
    let before = app.c.get_window_size().await?;
    let want = (
        before.0.saturating_sub(173).max(900),
        before.1.saturating_sub(91).max(600),
    );
    app.c.set_window_size(want.0 as u32, want.1 as u32).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(app.c.get_window_size().await?, want);
    // Close the window the way the app's close handler ends (after saving):
    // destroying it, so the app exits normally. (WebDriver's own close kills
    // the process, and Xvfb has no window manager to send a close request.)
    let pid = app_pid(&app_bin(), &data).ok_or("app not found")?;
    let _ = app
        .js(
            "window.__TAURI_INTERNALS__.invoke('plugin:window|destroy', { label: 'main' }); return true;",
            vec![],
        )
        .await;
    let t0 = Instant::now();
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        if t0.elapsed() > Duration::from_secs(10) {
            return Err("the app did not exit when its window was closed".into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = app.quit().await;
    assert!(
        data.join("window-state.json").exists(),
        "no window state saved"
    );

    let app = App::launch(&data, &export).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(app.c.get_window_size().await?, want);
    app.quit().await
}
