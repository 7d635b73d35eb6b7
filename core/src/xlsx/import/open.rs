//! Which kind of workbook a file is, told by its content, never by its name
//! (a WPS `.et` is an Excel 97-2003 or an XLSX file inside; a colleague's
//! `.xls` may really be an `.xlsx`), and reading its sheets through calamine:
//!
//! | content | kind |
//! |---|---|
//! | ZIP with `xl/workbook.xml` | Excel 2007+ `.xlsx` / `.xlsm` (and WPS `.et` of that kind) |
//! | ZIP with `xl/workbook.bin` | Excel binary `.xlsb` |
//! | ZIP with `mimetype` of a spreadsheet | OpenDocument `.ods` (LibreOffice, WPS) |
//! | OLE compound file with a `Workbook`/`Book` stream | Excel 97-2003 `.xls` (and older WPS `.et`) |
//! | OLE compound file with `EncryptionInfo` | an XLSX with an open password |
//!
//! XLSX keeps its own reader (number formats per cell: `92.78%`); `.xls`
//! brings merged regions, `.ods` its merged regions and percentage cells
//! from `content.xml` (see [`ods_layout`]); `.xlsb` has neither, and the form
//! reader copies a merged 一级/二级 cell's text down instead.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::{Dimensions, Ods, Reader, Xls, XlsError, Xlsb, Xlsx};

use super::sheet::{Sheet, SheetError};
use super::{fail, ImportFailure};

pub const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
pub const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The kinds of workbook the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Xlsb,
    Ods,
    Xls,
}

impl Kind {
    /// For messages: `Excel 97-2003 (.xls)`.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Xlsx => "Excel 工作簿（.xlsx）",
            Kind::Xlsb => "Excel 二进制工作簿（.xlsb）",
            Kind::Ods => "OpenDocument 表格（.ods）",
            Kind::Xls => "Excel 97-2003 工作簿（.xls）",
        }
    }
}

/// The file extensions offered in file dialogs (and recognised by name).
pub const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods", "et"];

const DAMAGED: &str =
    "文件已损坏，无法读取；请在 Excel、WPS 或 LibreOffice 中打开并另存为 .xlsx 后重试";

/// Tell the kind of workbook `bytes` hold.
pub fn detect(bytes: &[u8]) -> Result<Kind, ImportFailure> {
    if bytes.is_empty() {
        return Err(fail("文件是空的，不是工作簿"));
    }
    if bytes.starts_with(ZIP_MAGIC) {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| fail(DAMAGED))?;
        let has = |name: &str| zip.index_for_name(name).is_some();
        if has("xl/workbook.xml") {
            return Ok(Kind::Xlsx);
        }
        if has("xl/workbook.bin") {
            return Ok(Kind::Xlsb);
        }
        if has("content.xml") && (has("mimetype") || has("META-INF/manifest.xml")) {
            let mut zip = zip;
            let mut mime = String::new();
            if let Ok(mut f) = zip.by_name("mimetype") {
                let _ = f.by_ref().take(200).read_to_string(&mut mime);
            }
            if mime.is_empty() || mime.contains("spreadsheet") {
                return Ok(Kind::Ods);
            }
            return Err(fail(
                "这是 OpenDocument 文档，但不是表格（可能是文字文档或演示文稿）；请选择绩效自评表的工作簿",
            ));
        }
        return Err(fail(
            "这是一个压缩文件，但不是 Excel、WPS 或 LibreOffice 的工作簿；请选择绩效自评表的工作簿文件",
        ));
    }
    if bytes.starts_with(CFB_MAGIC) {
        let streams = cfb_stream_names(bytes);
        let has = |n: &str| streams.iter().any(|s| s.eq_ignore_ascii_case(n));
        if has("EncryptionInfo") || has("EncryptedPackage") {
            return Err(fail(
                "文件设置了打开密码（已加密），无法读取；请在 Excel 或 WPS 中取消密码后另存再导入",
            ));
        }
        if has("Workbook") || has("Book") || streams.is_empty() {
            return Ok(Kind::Xls);
        }
        return Err(fail(
            "这是 Office 文件，但不是工作簿（可能是 Word 文档）；请选择绩效自评表的工作簿文件",
        ));
    }
    Err(fail(
        "不是工作簿文件；请选择 Excel、WPS 或 LibreOffice 保存的 .xlsx、.xls、.ods 文件",
    ))
}

/// The names in an OLE compound file's root directory (UTF-16 entries of 128
/// bytes in the directory sectors); empty when the header cannot be read.
fn cfb_stream_names(bytes: &[u8]) -> Vec<String> {
    let u16_at = |o: usize| {
        bytes
            .get(o..o + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |o: usize| {
        bytes
            .get(o..o + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let (Some(shift), Some(first_dir)) = (u16_at(0x1E), u32_at(0x30)) else {
        return Vec::new();
    };
    if !(7..=16).contains(&shift) {
        return Vec::new();
    }
    let size = 1usize << shift;
    // The first directory sector holds the root's own entries; a workbook's
    // few streams are there (a complete FAT walk is calamine's job).
    let start = (first_dir as usize + 1).saturating_mul(size);
    let mut names = Vec::new();
    for e in 0..size / 128 {
        let o = start + e * 128;
        let Some(len) = u16_at(o + 0x40) else { break };
        let len = usize::from(len).min(64);
        if len < 2 {
            continue;
        }
        let units: Vec<u16> = (0..(len / 2 - 1))
            .filter_map(|i| u16_at(o + 2 * i))
            .collect();
        names.push(String::from_utf16_lossy(&units));
    }
    names
}

/// A sheet's name and its content, or why that sheet cannot be read.
pub type NamedSheet = (String, Result<Sheet, SheetError>);

/// A table's merged regions and its number formats by cell.
pub type TableLayout = (Vec<Dimensions>, HashMap<(u32, u32), String>);

/// Every worksheet of a workbook, or why it cannot be read at all. Sheets
/// that fail alone come back as errors beside the others.
pub fn read_sheets(bytes: &[u8], kind: Kind) -> Result<Vec<NamedSheet>, ImportFailure> {
    let cur = || Cursor::new(bytes);
    Ok(match kind {
        Kind::Xlsx => {
            let mut xl: Xlsx<_> = Xlsx::new(cur()).map_err(super::open_error)?;
            xl.sheet_names()
                .into_iter()
                .map(|n| {
                    let s = Sheet::read(&mut xl, &n);
                    (n, s)
                })
                .collect()
        }
        Kind::Xls => {
            let mut xl: Xls<_> = Xls::new(cur()).map_err(|e| match e {
                XlsError::Password => fail(
                    "文件设置了打开密码（已加密），无法读取；请在 Excel 或 WPS 中取消密码后另存再导入",
                ),
                e => fail(format!("{DAMAGED}（{e}）")),
            })?;
            let names = xl.sheet_names();
            names
                .into_iter()
                .map(|n| {
                    let merges = xl.merge_cells_by_sheet_name(&n).unwrap_or_default();
                    let s = generic_sheet(&mut xl, &n, merges, HashMap::new());
                    (n, s)
                })
                .collect()
        }
        Kind::Xlsb => {
            let mut xl: Xlsb<_> =
                Xlsb::new(cur()).map_err(|e| fail(format!("{DAMAGED}（{e}）")))?;
            let names = xl.sheet_names();
            names
                .into_iter()
                .map(|n| {
                    let s = generic_sheet(&mut xl, &n, Vec::new(), HashMap::new());
                    (n, s)
                })
                .collect()
        }
        Kind::Ods => {
            let mut layout = ods_layout(bytes);
            let mut xl: Ods<_> = Ods::new(cur()).map_err(|e| fail(format!("{DAMAGED}（{e}）")))?;
            let names = xl.sheet_names();
            names
                .into_iter()
                .map(|n| {
                    let (merges, formats) = layout.remove(&n).unwrap_or_default();
                    let s = generic_sheet(&mut xl, &n, merges, formats);
                    (n, s)
                })
                .collect()
        }
    })
}

/// A sheet read through calamine's format-independent reader.
fn generic_sheet<RS, R>(
    xl: &mut R,
    name: &str,
    merges: Vec<Dimensions>,
    formats: HashMap<(u32, u32), String>,
) -> Result<Sheet, SheetError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let values = xl
        .worksheet_range(name)
        .map_err(|e| SheetError::Other(e.to_string()))?;
    // Formulas are a help (a formula without a cached value), not a need.
    let formulas = xl.worksheet_formula(name).ok();
    Sheet::from_ranges(name, &values, formulas.as_ref(), merges, formats)
}

/// Merged regions and percentage cells of each table of an OpenDocument
/// spreadsheet, from its `content.xml` (calamine reads the values but not
/// these). Positions are zero-based (row, column) as calamine gives them.
/// A file whose XML cannot be followed gives what was read up to there.
pub fn ods_layout(bytes: &[u8]) -> HashMap<String, TableLayout> {
    use quick_xml::events::Event;
    let mut out = HashMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let mut xml = Vec::new();
    match zip.by_name("content.xml") {
        Ok(f) => {
            // A form's content is well under this; more is not a form.
            if f.take(64 << 20).read_to_end(&mut xml).is_err() {
                return out;
            }
        }
        Err(_) => return out,
    }
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    let mut table: Option<String> = None;
    let mut merges: Vec<Dimensions> = Vec::new();
    let mut formats: HashMap<(u32, u32), String> = HashMap::new();
    let (mut row, mut col) = (0u32, 0u32);
    let mut row_repeat = 1u32;
    let attr = |e: &quick_xml::events::BytesStart<'_>, key: &str| -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .and_then(|a| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
    };
    let num = |v: Option<String>| v.and_then(|s| s.parse::<u32>().ok()).unwrap_or(1).max(1);
    while let Ok(ev) = reader.read_event_into(&mut buf) {
        let empty = matches!(ev, Event::Empty(_));
        match &ev {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => {
                    table = attr(e, "table:name");
                    merges = Vec::new();
                    formats = HashMap::new();
                    row = 0;
                }
                "table:table-row" => {
                    col = 0;
                    row_repeat = num(attr(e, "table:number-rows-repeated"));
                    if empty {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let repeat = num(attr(e, "table:number-columns-repeated"));
                    let cols = attr(e, "table:number-columns-spanned").map(|v| num(Some(v)));
                    let rows = attr(e, "table:number-rows-spanned").map(|v| num(Some(v)));
                    if cols.unwrap_or(1) > 1 || rows.unwrap_or(1) > 1 {
                        merges.push(Dimensions {
                            start: (row, col),
                            end: (row + rows.unwrap_or(1) - 1, col + cols.unwrap_or(1) - 1),
                        });
                    }
                    if attr(e, "office:value-type").as_deref() == Some("percentage")
                        && formats.len() < 100_000
                    {
                        for k in 0..repeat.min(1024) {
                            formats.insert((row, col + k), "0%".into());
                        }
                    }
                    col = col.saturating_add(repeat);
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => row = row.saturating_add(row_repeat),
                "table:table" => {
                    if let Some(name) = table.take() {
                        out.insert(
                            name,
                            (std::mem::take(&mut merges), std::mem::take(&mut formats)),
                        );
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}
