//! `selfeval db …`: the local store from a terminal.

use crate::out::outln;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use selfeval_core::store::{paths, FormSummary, Query, Status, Store, StoreError};
use serde_json::json;

#[derive(Args)]
pub struct DbArgs {
    /// 数据库文件（默认：本机应用数据文件夹中的 selfeval.db）
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: DbCommand,
}

#[derive(Subcommand)]
enum DbCommand {
    /// 列出自评表（可按年度、单位、名称/编码、状态筛选）
    List {
        /// 绩效自评年度，如 2023
        #[arg(long)]
        year: Option<String>,
        /// 实施单位或一级预算单位中包含的文字
        #[arg(long)]
        unit: Option<String>,
        /// 项目名称或项目编码中包含的文字
        #[arg(long)]
        search: Option<String>,
        /// draft（草稿）或 final（已定稿）
        #[arg(long, value_parser = ["draft", "final"])]
        status: Option<String>,
        /// 只列示例表
        #[arg(long)]
        examples: bool,
        /// 输出 JSON
        #[arg(long)]
        json: bool,
    },
    /// 显示一张表的概况；--json 输出其交换格式全文
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// 导入自评表文件（.json 交换格式，或工作簿 .xlsx / .xls / .ods / .xlsb / WPS .et）
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 标记为示例表
        #[arg(long)]
        example: bool,
    },
    /// 导出一张表为 .json 交换格式
    Export {
        id: i64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 覆盖已存在的文件
        #[arg(long)]
        force: bool,
    },
    /// 备份整个数据库到一个文件（经完整性检查）
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// 用备份文件替换数据库（先检查备份；原数据库另存保留）
    Restore { file: PathBuf },
    /// 回收站：不带参数时列出；给出编号则移入回收站
    Trash {
        id: Option<i64>,
        /// 从回收站还原
        #[arg(long, value_name = "ID", conflicts_with_all = ["id", "purge", "empty"])]
        restore: Option<i64>,
        /// 彻底删除回收站中的一张表
        #[arg(long, value_name = "ID", conflicts_with_all = ["id", "empty"])]
        purge: Option<i64>,
        /// 清空回收站
        #[arg(long, conflicts_with = "id")]
        empty: bool,
    },
    /// 列出一张表的历史版本；--restore 恢复某一版（作为新版本）
    Revisions {
        id: i64,
        #[arg(long, value_name = "REV")]
        restore: Option<i64>,
    },
    /// 定稿（只读；表中不能有错误）
    Finalise { id: i64 },
    /// 重新打开已定稿的表
    Reopen { id: i64 },
    /// 复制一张表作为新年度的起点（保留表头和指标，清空实际值和得分）
    Duplicate {
        id: i64,
        /// 新年度（默认下一年）
        #[arg(long)]
        year: Option<String>,
    },
    /// 按自动备份规则立即备份并清理旧备份（供计划任务使用），并复制到第二备份位置
    AutoBackup,
    /// 列出全部备份（自动、手动、第二备份位置），最新的在前：时间、大小、表数
    Backups,
    /// 导出全部自评表到一个文件（换电脑时用；可用 import-all 读回）
    ExportAll {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// 不含历史版本（只保留每张表的当前内容）
        #[arg(long)]
        no_history: bool,
    },
    /// 把“导出全部”的文件（或任一备份）中的自评表添加到本数据库（含历史版本）
    ImportAll { file: PathBuf },
    /// 完整性检查
    Check,
    /// 显示数据库文件位置
    Path,
}

fn db_path(arg: Option<PathBuf>) -> Result<PathBuf, String> {
    arg.or_else(paths::default_db_path)
        .ok_or_else(|| "找不到本机的应用数据文件夹；请用 --db 指定数据库文件".into())
}

pub fn run(args: DbArgs) -> ExitCode {
    let path = match db_path(args.db) {
        Ok(p) => p,
        Err(e) => return fail(&e),
    };
    match dispatch(&path, args.command) {
        Ok(code) => code,
        Err(e) => fail(&e),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("错误：{message}");
    ExitCode::from(1)
}

fn open(path: &Path) -> Result<Store, String> {
    Store::open(path).map_err(|e| e.to_string())
}

fn s(e: StoreError) -> String {
    e.to_string()
}

fn dispatch(path: &Path, cmd: DbCommand) -> Result<ExitCode, String> {
    match cmd {
        DbCommand::Path => outln!("{}", path.display()),
        DbCommand::List {
            year,
            unit,
            search,
            status,
            examples,
            json,
        } => {
            let store = open(path)?;
            let q = Query {
                text: search,
                year,
                unit,
                status: status.as_deref().and_then(Status::from_key),
                example: examples.then_some(true),
                trashed: false,
                ..Query::default()
            };
            print_list(&store.list(&q).map_err(s)?, json);
        }
        DbCommand::Show { id, json } => {
            let store = open(path)?;
            let f = store.load(id).map_err(s)?;
            if json {
                outln!("{}", selfeval_core::format::to_json(&f.form));
            } else {
                print_summary(&f.summary);
                outln!(
                    "  一级预算单位：{}\n  指标：{} 行；预期目标 {} 字；实际完成情况 {} 字",
                    f.summary.budget_unit,
                    f.form.indicators.len(),
                    f.form.goals.expected.chars().count(),
                    f.form.goals.actual.chars().count()
                );
            }
        }
        DbCommand::Import { files, example } => {
            let mut store = open(path)?;
            let mut failed = false;
            for file in files {
                match selfeval_core::import::read_forms(&file) {
                    Ok(read) => {
                        for p in read
                            .notes
                            .iter()
                            .chain(read.forms.iter().flat_map(|f| &f.problems))
                        {
                            eprintln!("{}：{p}", file.display());
                        }
                        let forms: Vec<_> = read.forms.into_iter().map(|f| f.form).collect();
                        let ids = store
                            .create_many(&forms, example, &format!("导入自 {}", file.display()))
                            .map_err(s)?;
                        for (id, f) in ids.iter().zip(&forms) {
                            outln!("已导入 #{id}：{}（{}年度）", f.header.name, f.header.year);
                        }
                    }
                    Err(e) => {
                        eprintln!("无法导入 {e}");
                        failed = true;
                    }
                }
            }
            if failed {
                return Ok(ExitCode::from(2));
            }
        }
        DbCommand::Export { id, out, force } => {
            let store = open(path)?;
            let f = store.load(id).map_err(s)?;
            if out.exists() && !force {
                return Err(format!("「{}」已存在；如要覆盖请加 --force", out.display()));
            }
            std::fs::write(&out, selfeval_core::format::to_json(&f.form)).map_err(|e| {
                format!(
                    "{}：{}",
                    out.display(),
                    selfeval_core::import::io_message(&e)
                )
            })?;
            outln!("已导出 #{id}「{}」到 {}", f.summary.name, out.display());
        }
        DbCommand::Backup { out } => {
            let store = open(path)?;
            let info = store.backup_to(&out).map_err(s)?;
            outln!(
                "已备份到 {}（{} KB，已通过完整性检查）",
                info.path.display(),
                info.size.div_ceil(1024)
            );
        }
        DbCommand::AutoBackup => {
            use selfeval_core::store::auto_backup::{Policy, Reason};
            let store = open(path)?;
            let r = store
                .auto_backup(&jiff::Zoned::now(), Reason::Scheduled, &Policy::default())
                .map_err(s)?;
            if let Some(t) = &r.taken {
                outln!("已备份：{}（{}）", t.path.display(), fmt_size(t.size));
            }
            for (what, list) in [("保留", &r.pruned.kept), ("删除", &r.pruned.removed)] {
                outln!("{what} {} 份：", list.len());
                for b in list {
                    outln!(
                        "  {}  {:>9}  {}  {}",
                        fmt_civil(b.at),
                        fmt_size(b.size),
                        b.reason.label(),
                        b.path.display()
                    );
                }
            }
            let mut store = store;
            match store.copy_to_second_folder(&Policy::default()) {
                Some(Ok(Some(p))) => outln!("已复制到第二备份位置：{}", p.display()),
                Some(Err(w)) => eprintln!("提醒：{w}"),
                Some(Ok(None)) | None => {}
            }
        }
        DbCommand::ExportAll { out, no_history } => {
            let store = open(path)?;
            let n = store.list(&Query::default()).map_err(s)?.len();
            let size = store.export_all(&out, !no_history).map_err(s)?;
            outln!(
                "已导出全部 {n} 张自评表{}到 {}（{}）",
                if no_history {
                    "（不含历史版本）"
                } else {
                    "及历史版本"
                },
                out.display(),
                fmt_size(size)
            );
        }
        DbCommand::ImportAll { file } => {
            let mut store = open(path)?;
            let ids = store.import_all(&file).map_err(s)?;
            outln!("已从 {} 导入 {} 张自评表", file.display(), ids.len());
        }
        DbCommand::Backups => {
            let store = open(path)?;
            let second = store.second_copy_dir();
            drop(store);
            let all = selfeval_core::store::auto_backup::all_backups(path, second.as_deref());
            if all.is_empty() {
                outln!("还没有备份。");
            }
            for b in &all {
                let forms = match b.forms {
                    Some(n) => format!("{n} 张表"),
                    None => "无法读取".into(),
                };
                outln!(
                    "{}  {:>9}  {}  {}  {}",
                    fmt_civil(b.at),
                    fmt_size(b.size),
                    forms,
                    b.kind.label(),
                    b.path.display()
                );
            }
        }
        DbCommand::Restore { file } => {
            let (store, aside) = Store::restore(path, &file).map_err(s)?;
            let n = store.list(&Query::default()).map_err(s)?.len();
            outln!("已从 {} 恢复数据库（{n} 张表）。", file.display());
            if let Some(a) = aside {
                outln!("原数据库已另存为 {}", a.display());
            }
        }
        DbCommand::Trash {
            id,
            restore,
            purge,
            empty,
        } => {
            let mut store = open(path)?;
            if let Some(id) = id {
                store.trash(id).map_err(s)?;
                outln!("已将 #{id} 移入回收站");
            } else if let Some(id) = restore {
                store.restore_from_trash(id).map_err(s)?;
                outln!("已从回收站还原 #{id}");
            } else if let Some(id) = purge {
                store.purge(id).map_err(s)?;
                outln!("已彻底删除 #{id}");
            } else if empty {
                let n = store.empty_trash().map_err(s)?;
                outln!("已清空回收站（彻底删除 {n} 张表）");
            } else {
                let q = Query {
                    trashed: true,
                    ..Query::default()
                };
                let rows = store.list(&q).map_err(s)?;
                if rows.is_empty() {
                    outln!("回收站是空的。");
                }
                for r in &rows {
                    outln!(
                        "#{:<5} {}  {}  （删除于 {}）",
                        r.id,
                        r.code,
                        r.name,
                        r.trashed_at.map(fmt_time).unwrap_or_default()
                    );
                }
            }
        }
        DbCommand::Revisions { id, restore } => {
            let mut store = open(path)?;
            if let Some(rev) = restore {
                let saved = store.restore_revision(id, rev).map_err(s)?;
                if saved.changed {
                    outln!("已恢复第 {rev} 版，成为第 {} 版", saved.rev);
                } else {
                    outln!(
                        "第 {rev} 版与当前内容相同，无需恢复（当前第 {} 版）",
                        saved.rev
                    );
                }
            } else {
                let f = store.summary(id).map_err(s)?;
                outln!("#{id}「{}」的历史版本（当前第 {} 版）：", f.name, f.rev);
                for r in store.revisions(id).map_err(s)? {
                    outln!(
                        "  第 {:>4} 版  {}  {:>6} 字节  {}",
                        r.rev,
                        fmt_time(r.saved_at),
                        r.size,
                        r.note
                    );
                }
            }
        }
        DbCommand::Finalise { id } => {
            let mut store = open(path)?;
            store.finalise(id).map_err(s)?;
            outln!("#{id} 已定稿（只读）");
        }
        DbCommand::Reopen { id } => {
            let mut store = open(path)?;
            store.reopen(id).map_err(s)?;
            outln!("#{id} 已重新打开，可以修改");
        }
        DbCommand::Duplicate { id, year } => {
            let mut store = open(path)?;
            let new = store.duplicate(id, year.as_deref()).map_err(s)?;
            let f = store.summary(new).map_err(s)?;
            outln!("已复制为 #{new}「{}」（{}年度，草稿）", f.name, f.year);
        }
        DbCommand::Check => {
            let store = open(path)?;
            let problems = store.integrity_check().map_err(s)?;
            if problems.is_empty() {
                outln!("完整性检查通过：{}", path.display());
            } else {
                for p in &problems {
                    outln!("{p}");
                }
                return Err(format!("完整性检查发现 {} 处问题", problems.len()));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_summary(r: &FormSummary) {
    outln!(
        "#{:<5} [{}{}] {}年度  {}  {}",
        r.id,
        r.status.label(),
        if r.example { "·示例" } else { "" },
        r.year,
        r.code,
        r.name
    );
    outln!(
        "  实施单位：{}\n  总分：{}  错误：{}  第 {} 版  更新于 {}",
        r.implementing_unit,
        r.total_score.as_deref().unwrap_or("—"),
        r.error_count.map_or("—".into(), |n| n.to_string()),
        r.rev,
        fmt_time(r.updated_at)
    );
}

fn print_list(rows: &[FormSummary], as_json: bool) {
    if as_json {
        outln!("{}", json!({ "forms": rows }));
        return;
    }
    if rows.is_empty() {
        outln!("没有符合条件的自评表。");
    }
    for r in rows {
        print_summary(r);
    }
    if !rows.is_empty() {
        outln!("共 {} 张", rows.len());
    }
}

/// A local date and time, `2026-12-01 08:30:15`.
fn fmt_civil(at: jiff::civil::DateTime) -> String {
    at.strftime("%Y-%m-%d %H:%M:%S").to_string()
}

/// `1.2 MB`, `35 KB`.
fn fmt_size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Unix milliseconds as China time, `2026-11-26 13:05`.
/// A time of the database in the computer's local time, as the app shows it.
fn fmt_time(ms: i64) -> String {
    selfeval_core::store::auto_backup::local_time(ms).unwrap_or_else(|| ms.to_string())
}
