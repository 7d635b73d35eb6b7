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
    let layout = form_layout(form, opts)?;
    let mut doc = Pages::default();
    doc.draw(&layout, face)?;
    let title = if form.header.name.trim().is_empty() {
        layout.title.clone()
    } else {
        form.header.name.trim().to_string()
    };
    doc.write(
        &title,
        &layout.title,
        face,
        document_id([form], opts, false),
    )
}

/// One print job: the 汇总表 first (when given), then every form, each
/// starting on a new page with its own 第 N 页 共 M 页 numbering.
pub fn export_many(
    forms: &[Form],
    summary: Option<&crate::summary::Summary>,
    opts: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let choice = font::resolve(opts.font_path.as_deref())?;
    let face = font::load(&choice)?;
    export_many_with_face(forms, summary, opts, &face)
}

/// [`export_many`] with an already loaded face.
pub fn export_many_with_face(
    forms: &[Form],
    summary: Option<&crate::summary::Summary>,
    opts: &PdfOptions,
    face: &Face,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = Pages::default();
    if let Some(s) = summary {
        doc.draw(&crate::summary::pdf::layout(s), face)
            .map_err(|e| e.within(crate::summary::TITLE))?;
    }
    for form in forms {
        let layout = form_layout(form, opts)?;
        let name = crate::file_names::form_stem(form);
        doc.draw(&layout, face).map_err(|e| e.within(&name))?;
    }
    let title = match (summary, forms) {
        (Some(_), _) => crate::summary::TITLE.to_string(),
        (None, [one]) if !one.header.name.trim().is_empty() => one.header.name.trim().to_string(),
        _ => format!("项目支出绩效自评表（{} 张）", forms.len()),
    };
    doc.write(
        &title,
        "项目支出绩效自评表",
        face,
        document_id(forms, opts, summary.is_some()),
    )
}

fn form_layout(form: &Form, opts: &PdfOptions) -> Result<Layout, PdfError> {
    layout::build_form(
        form,
        &LayoutOptions {
            signature: opts.signature.clone(),
        },
    )
    .map(|(l, _)| l)
    .map_err(|e| PdfError::Template(e.to_string()))
}

const FONT_ID: &str = "F1";

/// The pages of a document being drawn, and every character they show.
#[derive(Default)]
struct Pages {
    pages: Vec<PdfPage>,
    used: BTreeSet<char>,
}

impl Pages {
    /// Draw a layout on new pages, numbered on their own (第 N 页 共 M 页).
    fn draw(&mut self, layout: &Layout, face: &Face) -> Result<(), PdfError> {
        check_glyphs(layout, face)?;
        let cells = measure::prepare(layout, face);
        let rows = paginate::measure_rows(layout, &cells);
        let pages = paginate::paginate(layout, &cells, &rows);
        let font_id = FontId(FONT_ID.into());
        let count = pages.len();
        for (i, page) in pages.iter().enumerate() {
            let ops = draw::page_ops(layout, &cells, page, i + 1, count, face, &font_id);
            for op in &ops {
                if let printpdf::Op::ShowText { items } = op {
                    for it in items {
                        if let printpdf::TextItem::Text(t) = it {
                            self.used.extend(t.chars());
                        }
                    }
                }
            }
            let (w, h) = draw::a4();
            self.pages.push(PdfPage::new(w, h, ops));
        }
        Ok(())
    }

    /// The document's bytes: the font subset to what is shown, fixed
    /// metadata, the trailer ID `id`.
    fn write(
        self,
        title: &str,
        subject: &str,
        face: &Face,
        id: String,
    ) -> Result<Vec<u8>, PdfError> {
        let mut doc = PdfDocument::new(title);
        doc.metadata.info.creator = "SelfEval 绩效自评".into();
        doc.metadata.info.producer = "SelfEval".into();
        doc.metadata.info.subject = subject.to_string();
        let subset = face.subset(&self.used)?;
        doc.resources
            .fonts
            .map
            .insert(FontId(FONT_ID.into()), printpdf::PdfFont::new(subset));
        doc.with_pages(self.pages);

        let save = PdfSaveOptions {
            optimize: true,
            subset_fonts: false,
            secure: true,
            image_optimization: None,
        };
        let mut warnings = Vec::new();
        let mut lo = doc.to_lopdf_document(&save, &mut warnings);
        // printpdf draws the trailer ID at random: derive it from the content.
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
}

impl PdfError {
    /// Name the form (or the 汇总表) a missing character is in.
    fn within(self, what: &str) -> PdfError {
        match self {
            PdfError::MissingGlyphs { font, missing } => PdfError::MissingGlyphs {
                font,
                missing: missing
                    .into_iter()
                    .map(|(c, at)| (c, format!("「{what}」{at}")))
                    .collect(),
            },
            other => other,
        }
    }
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

/// 16 bytes of FNV-1a over the forms and the options, as hex digits.
fn document_id<'a>(
    forms: impl IntoIterator<Item = &'a Form>,
    opts: &PdfOptions,
    summary: bool,
) -> String {
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
    for form in forms {
        feed(crate::format::to_json(form).as_bytes());
    }
    if summary {
        feed(crate::summary::TITLE.as_bytes());
    }
    for line in opts.signature.iter().flatten() {
        feed(line.label.as_bytes());
        feed(&[0]);
        feed(line.value.as_bytes());
        feed(&[0]);
    }
    format!("{a:016X}{b:016X}")
}
