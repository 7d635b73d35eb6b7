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

#[path = "../../core/tests/xlsx_util/mod.rs"]
mod xlsx_util;

#[test]
fn a_damaged_workbook_is_checked_with_its_cells_named_not_refused() {
    use selfeval_core::field::{Field, IndicatorColumn};
    use selfeval_core::layout::{build_form, LayoutOptions};
    use xlsx_util::{foreign_workbook, seeds, Foreign, Override};
    // 干部健康管理 as printed: `#####` in a 得分 cell.
    let f = seeds().remove(0);
    let (l, _) = build_form(&f, &LayoutOptions::default()).unwrap();
    let c = l
        .cell_of(Field::Indicator(0, IndicatorColumn::Score))
        .unwrap();
    let mut o = Foreign::default();
    o.overrides
        .insert((c.row, c.col), Override::Text("#####".into()));
    let dir = std::env::temp_dir().join(format!("selfeval-cli-wb-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("干部健康管理.xlsx");
    std::fs::write(&p, foreign_workbook(std::slice::from_ref(&f), &o)).unwrap();
    let at = rust_xlsxwriter::utility::row_col_to_cell(c.row as u32, c.col as u16);

    let (code, out, err) = run(&[p.as_os_str()]);
    assert_eq!(code, 1, "a form with errors, not an unreadable file: {err}");
    assert!(
        out.contains("【440303210301500002808】干部健康管理"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "[错误] 工作表「Sheet1」{at}：第1行「健康管理干部数量」得分「#####」"
        )),
        "{out}"
    );
    assert!(out.contains("已按空白导入，得分将采用建议得分"), "{out}");
    // The suggestion stands: the total is the printed form's.
    assert!(out.contains("总分：99.54 / 100.00"), "{out}");

    let (code, out, _) = run(&[p.as_os_str(), "--json".as_ref()]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    let issue = v["forms"][0]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["cell"] == at.as_str())
        .cloned()
        .unwrap_or_else(|| panic!("an issue at {at}: {out}"));
    assert_eq!(issue["severity"], "error");
    assert_eq!(issue["sheet"], "Sheet1");
    assert!(issue["field"].is_null());
    assert_eq!(v["forms"][0]["total_score"], "99.54");
}

#[test]
fn issues_name_cells_as_the_officer_sees_them() {
    // 平台运营及项目管理: 推文发布数 far above its target wants a 偏差原因.
    let (_, out, _) = run(&[seed("440303210301500003483").as_os_str()]);
    assert!(!out.contains("indicators["), "{out}");
    assert!(out.contains("第1行「推文发布数」"), "{out}");
}
