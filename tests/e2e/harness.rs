//! Driving the real app: tauri-driver (with WebKitWebDriver) starts the app
//! binary in the Xvfb display, fantoccini talks WebDriver to it.
//!
//! Environment: `TAURI_DRIVER` (the tauri-driver binary, else on PATH),
//! `SELFEVAL_APP_BIN` (the app binary, else the one cargo built for this
//! test). Each app gets its own data and export directory through
//! `SELFEVAL_DATA_DIR` / `SELFEVAL_EXPORT_DIR`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

pub type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn app_bin() -> PathBuf {
    std::env::var_os("SELFEVAL_APP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_selfeval-app")))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// tauri-driver, stopped with SIGTERM so that WebKitWebDriver stops too.
pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Driver {
    pub fn start(data: &Path, export: &Path) -> Res<Driver> {
        let bin = std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into());
        let port = free_port();
        let native = free_port();
        let child = Command::new(bin)
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native.to_string()])
            .env("SELFEVAL_DATA_DIR", data)
            .env("SELFEVAL_EXPORT_DIR", export)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()?;
        let d = Driver { child, port };
        let t0 = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if t0.elapsed() > Duration::from_secs(20) {
                return Err("tauri-driver did not start listening".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(d)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let t0 = Instant::now();
        while t0.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One running app window.
pub struct App {
    pub c: Client,
    pub driver: Driver,
}

impl App {
    /// Start the app with fresh or existing data; waits for its first screen.
    pub async fn launch(data: &Path, export: &Path) -> Res<App> {
        let app = App::launch_bin(&app_bin(), data, export).await?;
        app.wait_for("[data-testid=form-list], [data-testid=form-table]", 20)
            .await?;
        Ok(app)
    }

    /// Start any Tauri binary under tauri-driver; waits for its page to load.
    pub async fn launch_bin(bin: &Path, data: &Path, export: &Path) -> Res<App> {
        std::fs::create_dir_all(data)?;
        std::fs::create_dir_all(export)?;
        let driver = Driver::start(data, export)?;
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({ "application": bin.to_string_lossy() }),
        );
        caps.insert("browserName".into(), json!("wry"));
        let c = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await?;
        let app = App { c, driver };
        app.until(
            "page loaded",
            "return document.readyState === 'complete';",
            20,
        )
        .await?;
        Ok(app)
    }

    /// End the session; the app exits.
    pub async fn quit(self) -> Res {
        let App { c, driver, .. } = self;
        c.close().await?;
        drop(driver);
        Ok(())
    }

    pub async fn wait_for(&self, css: &str, secs: u64) -> Res<fantoccini::elements::Element> {
        let t0 = Instant::now();
        loop {
            if let Ok(e) = self.c.find(Locator::Css(css)).await {
                return Ok(e);
            }
            if t0.elapsed() > Duration::from_secs(secs) {
                return Err(format!("timed out waiting for {css}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Poll a script until it returns something other than null/false.
    pub async fn until(&self, what: &str, script: &str, secs: u64) -> Res<Value> {
        let t0 = Instant::now();
        loop {
            let v = self.js(script, vec![]).await?;
            if !(v.is_null() || v == json!(false)) {
                return Ok(v);
            }
            if t0.elapsed() > Duration::from_secs(secs) {
                return Err(format!("timed out: {what}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn js(&self, script: &str, args: Vec<Value>) -> Res<Value> {
        Ok(self.c.execute(script, args).await?)
    }

    pub async fn click(&self, css: &str) -> Res {
        self.wait_for(css, 10)
            .await?
            .click()
            .await
            .map_err(|e| format!("click {css}: {e}"))?;
        Ok(())
    }

    /// 新建: choose `template` in the picker (else keep the default), then
    /// wait for the editor.
    pub async fn new_form(&self, template: Option<&str>) -> Res {
        self.click("[data-testid=new-form]").await?;
        self.wait_for("[data-testid=template-picker]", 10).await?;
        if let Some(t) = template {
            self.click(&format!("[data-testid=template-choice][data-id={t}] input"))
                .await?;
        }
        self.click("[data-testid=template-ok]").await?;
        self.wait_for("[data-testid=form-table]", 10).await?;
        Ok(())
    }

    /// The message bar once it says `needle` (an earlier message may still be
    /// showing while the action runs).
    pub async fn message(&self, needle: &str) -> Res<String> {
        let v = self
            .until(
                &format!("a message with {needle}"),
                &format!(
                    "const m = document.querySelector('[data-testid=message]'); return m && m.textContent.includes({}) ? m.textContent : null;",
                    json!(needle)
                ),
                20,
            )
            .await?;
        Ok(v.as_str().unwrap_or("").to_string())
    }

    /// Wait until the status bar says the last change is saved.
    pub async fn wait_saved(&self) -> Res {
        self.until(
            "已保存",
            "const s = document.querySelector('[data-testid=saved]'); return s && s.textContent.startsWith('已保存');",
            10,
        )
        .await?;
        Ok(())
    }

    /// Wait until the list row of the form named `name` contains `text`.
    pub async fn wait_row(&self, name: &str, text: &str) -> Res {
        self.until(
            &format!("the row of {name} shows {text}"),
            &format!(
                "return [...document.querySelectorAll('[data-testid=form-row]')].some(r => r.textContent.includes({}) && r.textContent.includes({}));",
                json!(name),
                json!(text)
            ),
            10,
        )
        .await?;
        Ok(())
    }

    /// Click the button `testid` in the list row of the form named `name`.
    pub async fn row_action(&self, name: &str, testid: &str) -> Res {
        self.wait_row(name, "").await?;
        let css = format!(
            "[data-testid=form-row][data-id=\"{}\"] [data-testid={testid}]",
            self.js(
                "return [...document.querySelectorAll('[data-testid=form-row]')].find(r => r.textContent.includes(arguments[0])).dataset.id;",
                vec![json!(name)],
            )
            .await?
            .as_str()
            .ok_or("row without id")?
        );
        self.click(&css).await
    }

    /// Open the form named `name` from the list.
    pub async fn open_by_name(&self, name: &str) -> Res {
        self.row_action(name, "open-form").await?;
        self.wait_for("[data-testid=form-table]", 10).await?;
        Ok(())
    }

    /// Wait until the list has `n` rows.
    pub async fn wait_rows(&self, n: usize) -> Res {
        self.until(
            &format!("{n} rows in the list"),
            &format!("return document.querySelectorAll('[data-testid=form-row]').length === {n};"),
            10,
        )
        .await?;
        Ok(())
    }

    /// Text shown in the cell bound to `field`.
    pub async fn cell_text(&self, field: &str) -> Res<String> {
        let v = self
            .js(
                "const c = document.querySelector(`td[data-field=\"${arguments[0]}\"] .text`); return c ? c.textContent : null;",
                vec![json!(field)],
            )
            .await?;
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("no cell {field}").into())
    }

    pub async fn cell_attr(&self, field: &str, attr: &str) -> Res<Option<String>> {
        let v = self
            .js(
                "const c = document.querySelector(`td[data-field=\"${arguments[0]}\"]`); return c ? c.getAttribute(arguments[1]) : null;",
                vec![json!(field), json!(attr)],
            )
            .await?;
        Ok(v.as_str().map(str::to_string))
    }

    /// Text of the first computed cell in grid column `col` of a row role.
    pub async fn computed(&self, role: &str, col: u32) -> Res<String> {
        let v = self
            .js(
                "const tds = document.querySelectorAll(`tr.role-${arguments[0]} td[data-kind=computed]`); for (const td of tds) { if (td.dataset.pos.endsWith(':' + arguments[1])) return td.querySelector('.text').textContent.trim(); } return null;",
                vec![json!(role), json!(col)],
            )
            .await?;
        v.as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("no computed cell in {role} col {col}").into())
    }

    /// Click the cell bound to `field` (selects it).
    pub async fn select(&self, field: &str) -> Res {
        let css = format!("td[data-field=\"{field}\"]");
        let el = self.wait_for(&css, 10).await?;
        // The sheet scrolls inside its own pane; bring the cell into view first.
        self.js(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'center', inline: 'center' }); return true;",
            vec![json!(css)],
        )
        .await?;
        if let Err(e) = el.click().await {
            let shot = self.screenshot("failed-select").await;
            return Err(format!("select {field}: {e} (screen: {shot:?})").into());
        }
        Ok(())
    }

    /// Type text with real key events into whatever has the focus.
    pub async fn keys(&self, text: &str) -> Res {
        let mut a = KeyActions::new("keyboard".into());
        for ch in text.chars() {
            a = a
                .then(KeyAction::Down { value: ch })
                .then(KeyAction::Up { value: ch });
        }
        self.c.perform_actions(a).await?;
        Ok(())
    }

    /// Press a key, optionally with modifiers held.
    pub async fn press(&self, mods: &[Key], key: impl Into<char>) -> Res {
        let key = key.into();
        let mut a = KeyActions::new("keyboard".into());
        for m in mods {
            a = a.then(KeyAction::Down { value: (*m).into() });
        }
        a = a
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        for m in mods.iter().rev() {
            a = a.then(KeyAction::Up { value: (*m).into() });
        }
        self.c.perform_actions(a).await?;
        self.c.release_actions().await?;
        Ok(())
    }

    /// Select a cell and type a value into it, committing with Enter; waits
    /// until the cell shows it.
    pub async fn fill(&self, field: &str, text: &str) -> Res {
        self.select(field).await?;
        self.keys(text)
            .await
            .map_err(|e| format!("typing into {field}: {e}"))?;
        self.press(&[], Key::Enter).await?;
        let want = text.to_string();
        let t0 = Instant::now();
        loop {
            let have = self.cell_text(field).await.unwrap_or_default();
            if have == want || normalise_number(&have) == normalise_number(&want) {
                return Ok(());
            }
            if t0.elapsed() > Duration::from_secs(10) {
                return Err(format!("{field} shows {have:?}, expected {want:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Paste text as the system clipboard would deliver it (a paste event
    /// carrying text/plain) into the focused cell editor.
    pub async fn paste(&self, text: &str) -> Res {
        self.js(
            "const dt = new DataTransfer(); dt.setData('text/plain', arguments[0]);
             const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
             document.querySelector('[data-testid=cell-editor]').dispatchEvent(ev); return true;",
            vec![json!(text)],
        )
        .await?;
        Ok(())
    }

    /// Save a screenshot under target/screenshots/ and return its path.
    pub async fn screenshot(&self, name: &str) -> Res<PathBuf> {
        // Let the window paint what the DOM holds now.
        self.c
            .execute_async(
                "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 150)));",
                vec![],
            )
            .await?;
        let png = self.c.screenshot().await?;
        let dir = repo().join("target/screenshots");
        std::fs::create_dir_all(&dir)?;
        let p = dir.join(format!("{name}.png"));
        std::fs::write(&p, png)?;
        Ok(p)
    }
}

fn normalise_number(s: &str) -> String {
    match s.replace(',', "").parse::<f64>() {
        Ok(v) => format!("{v:.2}"),
        Err(_) => s.to_string(),
    }
}

/// A fresh directory under target/e2e/ for one test.
pub fn fresh_dir(name: &str) -> PathBuf {
    let d = repo().join("target/e2e").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("create test dir");
    d
}

/// The pid of the app process started with this data directory.
pub fn app_pid(bin: &Path, data: &Path) -> Option<u32> {
    let bin = std::fs::canonicalize(bin).ok()?;
    let want = format!("SELFEVAL_DATA_DIR={}", data.display());
    std::fs::read_dir("/proc").ok()?.flatten().find_map(|e| {
        let pid: u32 = e.file_name().to_string_lossy().parse().ok()?;
        let exe = std::fs::read_link(format!("/proc/{pid}/exe")).ok()?;
        if exe != bin {
            return None;
        }
        let env = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
        env.split(|b| *b == 0)
            .any(|kv| kv == want.as_bytes())
            .then_some(pid)
    })
}
