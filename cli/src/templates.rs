//! `selfeval templates` and `selfeval convert`, and loading the user's
//! templates (the data folder's `templates/`, and `--template-file`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use selfeval_core::store::paths;
use selfeval_core::Template;

use crate::out::outln;

/// Where each user template came from, by id.
pub struct Loaded {
    pub from: Vec<(String, PathBuf)>,
}

/// Load the data folder's templates (a broken file is named on stderr and
/// left out) and the `--template-file`s (a broken one ends the run: exit 2).
pub fn load(files: &[PathBuf]) -> Result<Loaded, ExitCode> {
    let mut from = Vec::new();
    if let Some(dir) = paths::user_templates_dir() {
        let got = selfeval_core::template::load_user_dir(&dir);
        for (file, e) in &got.refused {
            eprintln!("模板文件 {} 未载入：{e}", file.display());
        }
        from.extend(got.loaded);
    }
    for f in files {
        match selfeval_core::template::register_file(f) {
            Ok(t) => from.push((t.id.clone(), f.clone())),
            Err(e) => {
                eprintln!("模板文件 {} 无法使用：{e}", f.display());
                return Err(ExitCode::from(2));
            }
        }
    }
    Ok(Loaded { from })
}

pub fn list(loaded: &Loaded) -> ExitCode {
    for t in Template::available() {
        let origin = match loaded.from.iter().find(|(id, _)| *id == t.id) {
            Some((_, p)) => p.display().to_string(),
            None => "内置".to_string(),
        };
        outln!("{}\t{}\t{origin}", t.id, t.name);
    }
    ExitCode::SUCCESS
}

pub fn convert(file: &Path, to: &str, out: &Path, force: bool) -> ExitCode {
    let target = match Template::by_id(to) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "无法读取 {}：{}",
                file.display(),
                selfeval_core::import::io_message(&e)
            );
            return ExitCode::from(2);
        }
    };
    let form = match selfeval_core::format::from_json(&text) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{}：{e}", file.display());
            return ExitCode::from(2);
        }
    };
    let converted = match selfeval_core::template::convert(&form, target) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{}：{e}", file.display());
            return ExitCode::from(1);
        }
    };
    if out.exists() && !force {
        eprintln!("{} 已存在；要覆盖请加 --force", out.display());
        return ExitCode::from(2);
    }
    let json = selfeval_core::format::to_json(&converted);
    if let Err(e) = selfeval_core::atomic_file::write(out, json.as_bytes()) {
        eprintln!(
            "无法写入 {}：{}",
            out.display(),
            selfeval_core::import::io_message(&e)
        );
        return ExitCode::from(2);
    }
    outln!("已转换为「{}」：{}", target.name, out.display());
    ExitCode::SUCCESS
}
