//! XLSX: export the official layout (rust_xlsxwriter), import it back
//! (calamine). See `docs/xlsx.md` for what the file holds and how the
//! importer finds the form.

pub mod export;
pub mod formulas;
pub mod geometry;
pub mod import;
pub mod measure;
pub mod sheet_names;
pub mod styles;
pub mod validation;

pub use export::{
    add_form_sheet, form_workbook, forms_workbook, write_folder, ExportError, ExportOptions,
};
pub use import::{import_bytes, import_path, ImportFailure, Imported, Problem};
