//! The print-ready PDF of a form: the official layout ([`crate::layout`]) on
//! A4 portrait, in an embedded, subset CJK serif font.
//!
//! - [`font`]: which font (settings, 宋体, Noto CJK SC …), loading, caching, subsetting;
//! - [`cff`]: the subset's CFF program slimmed (subroutines inlined, hints dropped);
//! - [`wrap`]: Chinese line breaking with the font's advances;
//! - [`measure`]: page geometry and each cell's wrapped lines;
//! - [`paginate`]: row heights, page breaks, repeated headers;
//! - [`draw`]: borders, text and page numbers as printpdf operations;
//! - [`slim`]: tidying printpdf's document (Info, widths) before writing;
//! - [`settings`]: signature names and font path from the app's settings.
//!
//! The same form gives the same bytes: fixed dates, fixed resource names,
//! a subset tag and document ID derived from the content.

pub mod cff;
pub mod draw;
pub mod font;
pub mod measure;
pub mod paginate;
pub mod settings;
pub mod slim;
pub mod wrap;

use std::collections::BTreeSet;
use std::path::PathBuf;

use printpdf::{FontId, PdfDocument, PdfPage, PdfSaveOptions};

use crate::layout::{self, Content, Layout, LayoutOptions, SignatureLine};
use crate::Form;
use font::Face;

/// What can go wrong exporting a PDF (messages in Chinese for the user).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error("{}", font::NO_FONT_MESSAGE)]
    NoFont,
    #[error("字体文件 {path} 无法使用：{message}")]
    Font { path: String, message: String },
    /// Characters the font has no glyph for, with the cell each is in.
    #[error("{}", missing_message(.font, .missing))]
    MissingGlyphs {
        font: String,
        missing: Vec<(char, String)>,
    },
    #[error("{0}")]
    Template(String),
    #[error("生成 PDF 失败：{0}")]
    Write(String),
    #[error("{0}")]
    Settings(String),
}

fn missing_message(font: &str, missing: &[(char, String)]) -> String {
    let list: Vec<String> = missing
        .iter()
        .take(20)
        .map(|(c, at)| format!("「{c}」（U+{:04X}，{at}）", *c as u32))
        .collect();
    let more = if missing.len() > 20 {
        format!("等 {} 个字符", missing.len())
    } else {
        String::new()
    };
    format!(
        "字体「{font}」中没有以下字符，打印会显示为方框：{}{more}。请修改这些文字，或在设置中换用包含这些字符的中文字体。",
        list.join("、")
    )
}

/// Options of the PDF export.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfOptions {
    /// Signature block after the table (labels and default names from
    /// settings); `None` prints none.
    pub signature: Option<Vec<SignatureLine>>,
    /// A font file chosen in settings; `None` finds an installed CJK font.
    pub font_path: Option<PathBuf>,
}

/// Export a form as PDF bytes.
pub fn export_pdf(form: &Form, opts: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    let choice = font::resolve(opts.font_path.as_deref())?;
    let face = font::load(&choice)?;
    export_with_face(form, opts, &face)
}

/// Export with an already loaded face.
pub fn export_with_face(form: &Form, opts: &PdfOptions, face: &Face) -> Result<Vec<u8>, PdfError> {
    let (layout, _) = layout::build_form(
        form,
        &LayoutOptions {
            signature: opts.signature.clone(),
        },
    )
    .map_err(|e| PdfError::Template(e.to_string()))?;
    check_glyphs(&layout, face)?;

    let cells = measure::prepare(&layout, face);
    let rows = paginate::measure_rows(&layout, &cells);
    let pages = paginate::paginate(&layout, &cells, &rows);

    let font_id = FontId("F1".into());
    let mut used: BTreeSet<char> = BTreeSet::new();
    let count = pages.len();
    let mut pdf_pages = Vec::with_capacity(count);
    for (i, page) in pages.iter().enumerate() {
        let ops = draw::page_ops(&layout, &cells, page, i + 1, count, face, &font_id);
        for op in &ops {
            if let printpdf::Op::ShowText { items } = op {
                for it in items {
                    if let printpdf::TextItem::Text(t) = it {
                        used.extend(t.chars());
                    }
                }
            }
        }
        let (w, h) = draw::a4();
        pdf_pages.push(PdfPage::new(w, h, ops));
    }

    let title = if form.header.name.trim().is_empty() {
        layout.title.clone()
    } else {
        form.header.name.trim().to_string()
    };
    let mut doc = PdfDocument::new(&title);
    doc.metadata.info.creator = "SelfEval 绩效自评".into();
    doc.metadata.info.producer = "SelfEval".into();
    doc.metadata.info.subject = layout.title.clone();
    let subset = face.subset(&used)?;
    doc.resources
        .fonts
        .map
        .insert(font_id, printpdf::PdfFont::new(subset));
    doc.with_pages(pdf_pages);

    let save = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&save, &mut warnings);
    // printpdf draws the trailer ID at random: derive it from the content.
    let id = document_id(form, opts);
    lo.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::String(id.clone().into_bytes(), lopdf::StringFormat::Literal),
            lopdf::Object::String(id.into_bytes(), lopdf::StringFormat::Literal),
        ]),
    );
    slim::clean_info(&mut lo);
    slim::compact_widths(&mut lo);
    lo.compress();
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}

/// Every character to print must be in the font.
fn check_glyphs(layout: &Layout, face: &Face) -> Result<(), PdfError> {
    // In reading order, each character once.
    let mut missing: Vec<(char, String)> = Vec::new();
    let mut seen: BTreeSet<char> = BTreeSet::new();
    for cell in layout.cells() {
        for c in measure::cell_text(cell).chars() {
            if c == '\n' || c == ' ' || face.has_char(c) || !seen.insert(c) {
                continue;
            }
            let at = match &cell.content {
                Content::Input { field, .. } => field.describe(),
                Content::Computed { .. } => "计算值".into(),
                Content::Label { text, .. } => format!("「{}」", text.replace('\n', "")),
            };
            missing.push((c, at));
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(PdfError::MissingGlyphs {
            font: face.family.clone(),
            missing,
        })
    }
}

/// 16 bytes of FNV-1a over the form and the options, as hex digits.
fn document_id(form: &Form, opts: &PdfOptions) -> String {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x8422_2325_cbf2_9ce4;
    let mut feed = |bytes: &[u8]| {
        for x in bytes {
            a ^= u64::from(*x);
            a = a.wrapping_mul(0x0000_0100_0000_01b3);
            b = b.rotate_left(5) ^ u64::from(*x);
            b = b.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    feed(crate::format::to_json(form).as_bytes());
    for line in opts.signature.iter().flatten() {
        feed(line.label.as_bytes());
        feed(&[0]);
        feed(line.value.as_bytes());
        feed(&[0]);
    }
    format!("{a:016X}{b:016X}")
}
