//! `selfeval export FILE... --format xlsx --out PATH [--one-workbook]`.
//!
//! One input form and `--out x.xlsx`: that file. Several forms: one file each
//! in the folder PATH (safe, unique names like `项目名称-2023-绩效自评表.xlsx`),
//! or with `--one-workbook` one workbook PATH with one sheet each.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use selfeval_core::xlsx::{self, ExportOptions};
use selfeval_core::Form;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Xlsx,
}

fn read_all(files: &[PathBuf]) -> Result<Vec<Form>, ()> {
    let mut forms = Vec::new();
    let mut failed = false;
    for path in files {
        match selfeval_core::import::read_file(path) {
            Ok(fs) => forms.extend(fs),
            Err(e) => {
                eprintln!("无法读取 {e}");
                failed = true;
            }
        }
    }
    if failed {
        Err(())
    } else {
        Ok(forms)
    }
}

fn is_xlsx_path(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            format!(
                "无法创建文件夹 {}：{}",
                dir.display(),
                selfeval_core::import::io_message(&e)
            )
        })?;
    }
    std::fs::write(path, bytes).map_err(|e| {
        format!(
            "无法写入 {}：{}",
            path.display(),
            selfeval_core::import::io_message(&e)
        )
    })
}

/// Export as XLSX; returns the written paths.
pub fn export_xlsx(forms: &[Form], out: &Path, one_workbook: bool) -> Result<Vec<PathBuf>, String> {
    let opts = ExportOptions::default();
    if forms.len() == 1 && is_xlsx_path(out) || one_workbook {
        let bytes = xlsx::forms_workbook(forms, &opts).map_err(|e| e.to_string())?;
        write(out, &bytes)?;
        Ok(vec![out.to_path_buf()])
    } else {
        if is_xlsx_path(out) {
            return Err(format!(
                "有 {} 张表：--out 应为文件夹（每张表一个文件），或加 --one-workbook 写入一个工作簿",
                forms.len()
            ));
        }
        xlsx::write_folder(forms, out, &opts).map_err(|e| e.to_string())
    }
}

pub fn run(files: &[PathBuf], format: ExportFormat, out: &Path, one_workbook: bool) -> ExitCode {
    let Ok(forms) = read_all(files) else {
        return ExitCode::from(2);
    };
    if forms.is_empty() {
        eprintln!("没有可导出的绩效自评表");
        return ExitCode::from(2);
    }
    let result = match format {
        ExportFormat::Xlsx => export_xlsx(&forms, out, one_workbook),
    };
    match result {
        Ok(paths) => {
            for p in paths {
                println!("{}", p.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("导出失败：{e}");
            ExitCode::from(1)
        }
    }
}
