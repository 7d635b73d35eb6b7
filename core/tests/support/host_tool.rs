//! Running a Linux program that a test checks its output with (`pdftotext`,
//! `pdffonts`, `soffice`), also when the test itself is a Windows program
//! run under Wine by scripts/test-windows.sh. Wine starts a Unix executable
//! given by its path (`Z:\bin\sh`) but gives the Windows side no handle to
//! wait on or read from, so under Wine the program runs from a small shell
//! script that writes its output and exit code to files, which the test
//! waits for. File arguments are translated from the Windows paths the test
//! knows (`C:\users\…`) to the Unix paths behind them. The program runs on
//! the Linux side, where it is installed; the code under test stays Windows.
//!
//! Used by the core's tests (`#[path = "support/host_tool.rs"]`) and the
//! CLI's and the e2e tests' (`#[path = "../../core/tests/support/host_tool.rs"]`).

#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::{Command, Output};

/// Whether this (Windows) test runs under Wine.
pub fn under_wine() -> bool {
    cfg!(windows) && std::env::var_os("WINEPREFIX").is_some()
}

/// A host program and its arguments, run with [`HostCommand::output`].
pub struct HostCommand {
    program: String,
    args: Vec<OsString>,
}

/// The host program `name` (found on the Linux `PATH` or in /usr/bin).
pub fn command(name: &str) -> HostCommand {
    HostCommand {
        program: name.to_string(),
        args: Vec::new(),
    }
}

impl HostCommand {
    pub fn arg(&mut self, a: impl AsRef<OsStr>) -> &mut Self {
        self.args.push(a.as_ref().to_owned());
        self
    }

    pub fn args<I, S>(&mut self, args: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        for a in args {
            self.arg(a);
        }
        self
    }

    /// Run it to the end and collect its output.
    pub fn output(&mut self) -> std::io::Result<Output> {
        if !under_wine() {
            return Command::new(&self.program).args(&self.args).output();
        }
        self.output_under_wine()
    }

    #[cfg(not(windows))]
    fn output_under_wine(&mut self) -> std::io::Result<Output> {
        unreachable!("only a Windows program runs under Wine")
    }

    #[cfg(windows)]
    fn output_under_wine(&mut self) -> std::io::Result<Output> {
        use std::os::windows::process::ExitStatusExt;
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "selfeval-host-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir)?;
        let u = |p: &Path| sh_quote(&unix_path(p));
        let mut line = format!("exec {}", sh_quote(&self.program));
        for a in &self.args {
            line.push(' ');
            line.push_str(&sh_quote(&a.to_string_lossy()));
        }
        let script = format!(
            "({line}) >{out} 2>{err} </dev/null\necho $? >{rc}.tmp && mv {rc}.tmp {rc}\n",
            out = u(&dir.join("out")),
            err = u(&dir.join("err")),
            rc = u(&dir.join("rc")),
        );
        std::fs::write(dir.join("run.sh"), script)?;
        // The script's path is ASCII: Wine converts a command line with the
        // Unix locale's charset; the arguments travel in the file as UTF-8.
        Command::new(r"Z:\bin\sh")
            .arg(unix_path(&dir.join("run.sh")))
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()?;
        let rc_file = dir.join("rc");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(600);
        let code: u32 = loop {
            if let Some(code) = std::fs::read_to_string(&rc_file)
                .ok()
                .and_then(|t| t.trim().parse().ok())
            {
                break code;
            }
            if std::time::Instant::now() > deadline {
                return Err(std::io::Error::other(format!(
                    "{} did not finish in 10 minutes",
                    self.program
                )));
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        let out = Output {
            status: std::process::ExitStatus::from_raw(code),
            stdout: std::fs::read(dir.join("out"))?,
            stderr: std::fs::read(dir.join("err"))?,
        };
        let _ = std::fs::remove_dir_all(&dir);
        if code == 127 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{} is not installed on the Linux side", self.program),
            ));
        }
        Ok(out)
    }
}

/// `s` quoted for /bin/sh.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// The Unix path behind a Windows path under Wine: `C:\x\y` is
/// `$WINEPREFIX/drive_c/x/y`, `Z:\x` is `/x` (Wine's default drives).
fn unix_path(p: &Path) -> String {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let s = abs.to_string_lossy().replace('\\', "/");
    let s = s.strip_prefix("//?/").unwrap_or(&s).to_string();
    let prefix = std::env::var("WINEPREFIX").unwrap_or_default();
    match s.get(..2).map(str::to_ascii_lowercase).as_deref() {
        Some("c:") => format!("{prefix}/drive_c{}", &s[2..]),
        Some("z:") => s[2..].to_string(),
        _ => panic!("{}: not on Wine's C: or Z: drive", abs.display()),
    }
}

/// `path` as the host program must be given it.
pub fn arg(path: &Path) -> OsString {
    if under_wine() {
        OsString::from(unix_path(path))
    } else {
        path.as_os_str().to_owned()
    }
}

/// `file://` URL of a folder for the host program (LibreOffice's
/// `-env:UserInstallation`).
pub fn file_url(dir: &Path) -> String {
    let p = arg(dir).to_string_lossy().replace('\\', "/");
    format!("file://{p}")
}

/// Convert `files` with LibreOffice (`soffice --headless --convert-to
/// {convert_to}`) into `out_dir`, with a private profile at `profile` (so
/// parallel runs do not collide); panics unless it succeeds.
pub fn soffice_convert(profile: &Path, convert_to: &str, out_dir: &Path, files: &[&Path]) {
    let out = command("soffice")
        .arg(format!("-env:UserInstallation={}", file_url(profile)))
        .args(["--headless", "--convert-to", convert_to, "--outdir"])
        .arg(arg(out_dir))
        .args(files.iter().map(|f| arg(f)))
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "soffice --convert-to {convert_to}: {out:?}"
    );
}

/// A LibreOffice profile that recalculates every formula of an XLSX on load.
pub fn recalculating_profile(dir: &Path) -> std::path::PathBuf {
    let profile = dir.join("lo-recalc");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    profile
}

/// Whether the host program `name` can be started.
pub fn available(name: &str) -> bool {
    command(name).arg("-v").output().is_ok()
}

/// When programs a test needs are missing: on a developer's machine the
/// test says so loudly and passes without checking (returns true); under
/// CI (`CI=true`) a missing program fails the run.
pub fn missing(programs: &[&str], tag: &str) -> bool {
    let gone: Vec<&str> = programs.iter().copied().filter(|p| !available(p)).collect();
    if gone.is_empty() {
        return false;
    }
    let what = gone.join(", ");
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{tag}: {what} missing under CI; scripts/setup-system.sh installs them");
    }
    eprintln!(
        "\n!!!!!!!!\n!!! SKIPPED {tag}: {what} missing; run scripts/setup-system.sh\n!!!!!!!!\n"
    );
    true
}
