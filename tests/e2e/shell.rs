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
