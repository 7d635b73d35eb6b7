//! Exit codes of `selfeval check`: 0 clean, 1 some form has errors, 2 a file
//! could not be read.

use std::path::PathBuf;
use std::process::Command;

mod common;
use common::seed;

fn tmp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("selfeval-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

fn run(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .arg("check")
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn clean_errors_and_unreadable() {
    let good = seed("440303210301500003219");
    let (code, out, _) = run(&[good.as_os_str()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("总分：90.73 / 100.00"), "{out}");

    let text = std::fs::read_to_string(&good)
        .expect("seed")
        .replace("党政事务", &"长".repeat(41));
    let bad = tmp("long-name.json", &text);
    let (code, out, _) = run(&[bad.as_os_str(), "--json".as_ref()]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    let issue = &v["forms"][0]["issues"][0];
    assert_eq!(issue["severity"], "error");
    assert_eq!(issue["field"], "header.name");

    let broken = tmp("broken.json", "{\"format\":");
    let (code, out, err) = run(&[good.as_os_str(), broken.as_os_str(), "--json".as_ref()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("broken.json") && err.contains("不是有效的 JSON"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_str(&out).expect("still one JSON object");
    assert_eq!(
        v["forms"].as_array().map(Vec::len),
        Some(1),
        "the readable form is still reported"
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let seeds: Vec<PathBuf> = (0..40).map(|_| seed("440303210301500003345")).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_selfeval"))
        .arg("check")
        .args(&seeds)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("some output");
    // The reader goes away, like `| head` does.
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}
