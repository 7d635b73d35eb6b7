//! `selfeval`: the SelfEval core from a terminal, for batch work and tests.

mod check;
mod db;
mod export;
mod out;
mod summary;
mod templates;

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
    /// A template file to offer besides the built-in ones and those in the
    /// data folder's templates/ (may be given more than once).
    #[arg(long = "template-file", value_name = "FILE", global = true)]
    template_files: Vec<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check forms: print computed values (执行率, 得分, 总分) and issues.
    /// Exit code 0: no errors; 1: some form has errors; 2: a file could not be read.
    Check {
        /// Form files (.json; workbooks .xlsx, .xlsm, .xls, .xlsb, .ods, WPS .et).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print exactly one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Export forms in the official layout: `--format xlsx` for the budget
    /// system, `--format pdf` to print. One form: `--out` names the file;
    /// several: a folder (or, for XLSX, one workbook with --one-workbook).
    /// A form with errors is refused (listed) unless --allow-errors.
    /// Exit code 0: all exported; 1: a form has errors, or impossible request; 2: a form failed.
    Export(export::Args),
    /// The unit's 汇总表 (项目支出绩效自评结果汇总表): one row per form with
    /// 执行率, 总分 and 等级, and the totals; as text, `--json`, or `--out`
    /// .xlsx/.pdf. Forms from the files given and/or the database.
    /// Exit code 0: done; 1: impossible request; 2: a file could not be read or written.
    Summary(summary::Args),
    /// 本机数据库：列出、查看、导入、导出、备份、恢复、回收站、历史版本。
    Db(db::DbArgs),
    /// List the templates on offer, one a line: id, Chinese name, where from.
    Templates,
    /// Convert a form (.json) to another template; refused where a cell
    /// would be lost. Exit code 0: written; 1: refused; 2: a file could not be read.
    Convert {
        file: PathBuf,
        /// The template to convert to (`selfeval templates` lists them).
        #[arg(long, value_name = "ID")]
        to: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
}

fn main() -> ExitCode {
    out::quiet_broken_pipe();
    let cli = Cli::parse();
    let loaded = match templates::load(&cli.template_files) {
        Ok(l) => l,
        Err(code) => return code,
    };
    match cli.command {
        Command::Check { files, json } => check::run(&files, json),
        Command::Export(args) => export::run(args),
        Command::Db(args) => db::run(args),
        Command::Summary(args) => summary::run(args),
        Command::Templates => templates::list(&loaded),
        Command::Convert {
            file,
            to,
            out,
            force,
        } => templates::convert(&file, &to, &out, force),
    }
}
