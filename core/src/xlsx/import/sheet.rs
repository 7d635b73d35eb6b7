//! One worksheet as the importer sees it: values, formulas, merged regions and
//! number formats, addressed by absolute zero-based (row, column). Stored
//! sparsely, so a stray cell far down a sheet costs nothing.

use std::collections::HashMap;
use std::io::{Read, Seek};

use calamine::{Data, Dimensions, Range, Xlsx, XlsxError};
use rust_xlsxwriter::utility::row_col_to_cell;

/// More filled cells than this on one sheet is not a form.
pub const MAX_CELLS: usize = 500_000;

/// A worksheet's content.
#[derive(Debug, Default)]
pub struct Sheet {
    pub name: String,
    values: HashMap<(u32, u32), Data>,
    /// Number format codes other than `General`.
    formats: HashMap<(u32, u32), String>,
    formulas: HashMap<(u32, u32), String>,
    merges: Vec<Dimensions>,
}

/// Why a sheet could not be read.
pub enum SheetError {
    /// Not a worksheet (a chart sheet): skipped.
    NotAWorksheet,
    TooLarge,
    Xlsx(XlsxError),
    /// Another format's reader failed on this sheet.
    Other(String),
}

impl From<XlsxError> for SheetError {
    fn from(e: XlsxError) -> Self {
        match e {
            XlsxError::NotAWorksheet(_) => SheetError::NotAWorksheet,
            e => SheetError::Xlsx(e),
        }
    }
}

static EMPTY: Data = Data::Empty;

impl Sheet {
    /// Read a sheet of a workbook.
    pub fn read<RS: Read + Seek>(xl: &mut Xlsx<RS>, name: &str) -> Result<Sheet, SheetError> {
        let mut s = Sheet {
            name: name.to_string(),
            ..Sheet::default()
        };
        {
            let mut reader = xl.worksheet_cells_reader(name)?;
            while let Some((cell, style)) = reader.next_cell_with_style_id()? {
                let pos = cell.get_position();
                let v: Data = cell.get_value().clone().into();
                if v == Data::Empty {
                    continue;
                }
                if s.values.len() >= MAX_CELLS {
                    return Err(SheetError::TooLarge);
                }
                if let Some(nf) = reader
                    .styles()
                    .get(style)
                    .and_then(|st| st.number_format.as_ref())
                {
                    if !nf.format_code.eq_ignore_ascii_case("general") {
                        s.formats.insert(pos, nf.format_code.clone());
                    }
                }
                s.values.insert(pos, v);
            }
        }
        {
            let mut reader = xl.worksheet_cells_reader(name)?;
            while let Some(cell) = reader.next_formula()? {
                if !cell.get_value().is_empty() {
                    if s.formulas.len() >= MAX_CELLS {
                        return Err(SheetError::TooLarge);
                    }
                    s.formulas
                        .insert(cell.get_position(), cell.get_value().clone());
                }
            }
        }
        s.merges = xl.merge_cells_by_sheet_name(name)?;
        Ok(s)
    }

    /// A sheet as calamine's format-independent reader gives it (`.xls`,
    /// `.xlsb`, `.ods`): values and formulas, with the merged regions and
    /// number formats the format's own reading found.
    pub fn from_ranges(
        name: &str,
        values: &Range<Data>,
        formulas: Option<&Range<String>>,
        merges: Vec<Dimensions>,
        formats: HashMap<(u32, u32), String>,
    ) -> Result<Sheet, SheetError> {
        let mut s = Sheet {
            name: name.to_string(),
            merges,
            formats,
            ..Sheet::default()
        };
        let (r0, c0) = values.start().unwrap_or((0, 0));
        for (r, c, v) in values.used_cells() {
            if *v == Data::Empty {
                continue;
            }
            if s.values.len() >= MAX_CELLS {
                return Err(SheetError::TooLarge);
            }
            s.values.insert((r0 + r as u32, c0 + c as u32), v.clone());
        }
        if let Some(f) = formulas {
            let (r0, c0) = f.start().unwrap_or((0, 0));
            for (r, c, v) in f.used_cells() {
                if v.is_empty() {
                    continue;
                }
                if s.formulas.len() >= MAX_CELLS {
                    return Err(SheetError::TooLarge);
                }
                s.formulas.insert((r0 + r as u32, c0 + c as u32), v.clone());
            }
        }
        Ok(s)
    }

    /// Whether the sheet's format told its merged regions (`.xlsb` does
    /// not: the form reader then copies a group's text down).
    pub fn has_merges(&self) -> bool {
        !self.merges.is_empty()
    }

    /// Every filled cell.
    pub fn cells(&self) -> impl Iterator<Item = (&(u32, u32), &Data)> {
        self.values.iter()
    }

    /// The value stored in a cell (not resolving merges).
    pub fn raw(&self, r: u32, c: u32) -> &Data {
        self.values.get(&(r, c)).unwrap_or(&EMPTY)
    }

    /// The merged region a cell belongs to.
    pub fn merge_at(&self, r: u32, c: u32) -> Option<&Dimensions> {
        self.merges
            .iter()
            .find(|d| d.start.0 <= r && r <= d.end.0 && d.start.1 <= c && c <= d.end.1)
    }

    /// The top-left cell of the region `(r, c)` belongs to.
    pub fn anchor(&self, r: u32, c: u32) -> (u32, u32) {
        self.merge_at(r, c).map_or((r, c), |d| d.start)
    }

    /// Last row and column of the region `(r, c)` belongs to.
    pub fn region_end(&self, r: u32, c: u32) -> (u32, u32) {
        self.merge_at(r, c).map_or((r, c), |d| d.end)
    }

    /// The formula of a cell, if it holds one.
    pub fn formula(&self, r: u32, c: u32) -> Option<&str> {
        self.formulas.get(&(r, c)).map(String::as_str)
    }

    /// The number format code of a cell (`0.00%`), unless `General`.
    pub fn num_format(&self, r: u32, c: u32) -> Option<&str> {
        self.formats.get(&(r, c)).map(String::as_str)
    }

    /// Last used row, if any.
    pub fn last_row(&self) -> Option<u32> {
        self.values.keys().map(|k| k.0).max()
    }
}

/// `D12` from zero-based (row, col); columns beyond Excel's range are clamped.
pub fn a1(r: u32, c: u32) -> String {
    row_col_to_cell(
        r.min(1_048_575),
        u16::try_from(c.min(16_383)).unwrap_or(16_383),
    )
}
