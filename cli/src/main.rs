//! `selfeval`: the SelfEval core from a terminal, for batch work and tests.

mod check;
mod db;
mod export;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "selfeval",
    version,
    about = "项目支出绩效自评表：检查、导出、管理（命令行）"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check forms: print computed values (执行率, 得分, 总分) and issues.
    /// Exit code 0: no errors; 1: some form has errors; 2: a file could not be read.
    Check {
        /// Form files (.json, .xlsx).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print exactly one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// 本机数据库：列出、查看、导入、导出、备份、恢复、回收站、历史版本。
    Db(db::DbArgs),
    /// Export forms in the official layout.
    /// One form with `--out x.xlsx` writes that file; several forms write one
    /// file each into the folder PATH, or with --one-workbook one workbook.
    Export {
        /// Form files (.json, .xlsx).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum)]
        format: export::ExportFormat,
        /// Output file or folder.
        #[arg(long)]
        out: PathBuf,
        /// Several forms into one workbook, one sheet each.
        #[arg(long)]
        one_workbook: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { files, json } => check::run(&files, json),
        Command::Db(args) => db::run(args),
        Command::Export {
            files,
            format,
            out,
            one_workbook,
        } => export::run(&files, format, &out, one_workbook),
    }
}
