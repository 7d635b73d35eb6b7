//! The PDF's CJK font: where it is found, loading it (cached process-wide),
//! measuring text with its own advances, and cutting the embedded subset.
//!
//! Resolution order: a font path from settings; else the first installed font
//! of [`KNOWN_FONTS`] (Windows 宋体 first, then other CJK fonts, Noto Serif /
//! Sans CJK SC on Linux). [`choose`] is a pure function over a list of font
//! files so the rules are tested on any OS; [`installed_font_files`] scans the
//! platform's font folders.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::tables::cmap::Cmap;
use allsorts::tables::{
    FontTableProvider, HeadTable, HheaTable, HmtxTable, MaxpTable, NameTable, OpenTypeData,
};
use allsorts::tag;

use super::PdfError;

/// A CJK font the exporter knows by file name, best first.
pub struct KnownFont {
    /// File name, lower case.
    pub file: &'static str,
    /// PostScript name of the face to use inside a collection (`.ttc`).
    pub face: Option<&'static str>,
    /// Name shown to the user.
    pub display: &'static str,
}

/// Known CJK fonts in order of preference: 宋体-style serif faces first.
pub const KNOWN_FONTS: &[KnownFont] = &[
    // Windows 宋体.
    k("simsun.ttc", Some("SimSun"), "宋体（SimSun）"),
    k("simsun.ttf", None, "宋体（SimSun）"),
    // Serif CJK faces elsewhere.
    k(
        "notoserifcjk-regular.ttc",
        Some("NotoSerifCJKsc-Regular"),
        "Noto Serif CJK SC",
    ),
    k("notoserifcjksc-regular.otf", None, "Noto Serif CJK SC"),
    k("notoserifsc-regular.otf", None, "Noto Serif SC"),
    k(
        "sourcehanserif-regular.ttc",
        Some("SourceHanSerifSC-Regular"),
        "思源宋体（Source Han Serif SC）",
    ),
    k(
        "sourcehanserifsc-regular.otf",
        None,
        "思源宋体（Source Han Serif SC）",
    ),
    k(
        "songti.ttc",
        Some("STSongti-SC-Regular"),
        "宋体-简（Songti SC）",
    ),
    k("stsong.ttf", None, "华文宋体"),
    // Other Windows CJK fonts.
    k("simfang.ttf", None, "仿宋（FangSong）"),
    k("simkai.ttf", None, "楷体（KaiTi）"),
    k("msyh.ttc", Some("MicrosoftYaHei"), "微软雅黑"),
    k("simhei.ttf", None, "黑体（SimHei）"),
    // Sans CJK faces.
    k(
        "notosanscjk-regular.ttc",
        Some("NotoSansCJKsc-Regular"),
        "Noto Sans CJK SC",
    ),
    k("notosanscjksc-regular.otf", None, "Noto Sans CJK SC"),
    k(
        "sourcehansans-regular.ttc",
        Some("SourceHanSansSC-Regular"),
        "思源黑体（Source Han Sans SC）",
    ),
    k(
        "sourcehansanssc-regular.otf",
        None,
        "思源黑体（Source Han Sans SC）",
    ),
    k(
        "pingfang.ttc",
        Some("PingFangSC-Regular"),
        "苹方（PingFang SC）",
    ),
    k("wqy-zenhei.ttc", None, "文泉驿正黑"),
    k("wqy-microhei.ttc", None, "文泉驿微米黑"),
    k("uming.ttc", None, "AR PL UMing"),
    k("droidsansfallbackfull.ttf", None, "Droid Sans Fallback"),
];

const fn k(file: &'static str, face: Option<&'static str>, display: &'static str) -> KnownFont {
    KnownFont {
        file,
        face,
        display,
    }
}

/// The message when no CJK font is found.
pub const NO_FONT_MESSAGE: &str =
    "找不到可用于打印的中文字体。请安装宋体（Windows 自带 simsun.ttc）\
或 Noto Serif CJK SC（Debian/Ubuntu：sudo apt install fonts-noto-cjk），\
或在设置中选择一个中文字体文件（.ttf / .ttc / .otf）。";

/// A font file to load and the face wanted inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontChoice {
    pub path: PathBuf,
    /// PostScript name of the wanted face of a collection; `None`: pick the
    /// Simplified Chinese face if the collection has one, else the first.
    pub face: Option<String>,
}

/// The last path component, whatever the separator (so Windows paths are
/// understood on any OS).
fn file_name(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Choose the font: `explicit` (from settings) if given, else the best known
/// font among `installed` files. Pure: the caller lists the files.
pub fn choose(explicit: Option<&Path>, installed: &[PathBuf]) -> Result<FontChoice, PdfError> {
    if let Some(p) = explicit {
        return Ok(FontChoice {
            path: p.to_path_buf(),
            face: None,
        });
    }
    for known in KNOWN_FONTS {
        if let Some(p) = installed.iter().find(|p| file_name(p) == known.file) {
            return Ok(FontChoice {
                path: p.clone(),
                face: known.face.map(str::to_string),
            });
        }
    }
    Err(PdfError::NoFont)
}

/// The operating systems whose font folders are known.
pub use crate::platform::Os;

/// The font folders of an OS, given its environment variables. Pure.
pub fn font_dirs(os: Os, env: &dyn Fn(&str) -> Option<String>) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    match os {
        Os::Windows => {
            let windir = env("WINDIR")
                .or_else(|| env("SystemRoot"))
                .unwrap_or_else(|| r"C:\Windows".into());
            dirs.push(PathBuf::from(format!(r"{windir}\Fonts")));
            if let Some(local) = env("LOCALAPPDATA") {
                dirs.push(PathBuf::from(format!(r"{local}\Microsoft\Windows\Fonts")));
            }
        }
        Os::MacOs => {
            dirs.push("/System/Library/Fonts".into());
            dirs.push("/Library/Fonts".into());
            if let Some(home) = env("HOME") {
                dirs.push(PathBuf::from(home).join("Library/Fonts"));
            }
        }
        Os::Linux => {
            if let Some(d) = env("XDG_DATA_HOME") {
                dirs.push(PathBuf::from(d).join("fonts"));
            }
            if let Some(home) = env("HOME") {
                dirs.push(PathBuf::from(&home).join(".local/share/fonts"));
                dirs.push(PathBuf::from(home).join(".fonts"));
            }
            dirs.push("/usr/local/share/fonts".into());
            dirs.push("/usr/share/fonts".into());
        }
    }
    dirs
}

/// Known font files under `dirs` (searched four folders deep).
pub fn scan(dirs: &[PathBuf]) -> Vec<PathBuf> {
    fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                if depth > 0 {
                    walk(&p, depth - 1, out);
                }
            } else if KNOWN_FONTS.iter().any(|k| k.file == file_name(&p)) {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    for d in dirs {
        walk(d, 4, &mut out);
    }
    out
}

/// The known fonts installed on this machine (scanned once per process).
pub fn installed_font_files() -> &'static [PathBuf] {
    static FILES: OnceLock<Vec<PathBuf>> = OnceLock::new();
    FILES.get_or_init(|| scan(&font_dirs(Os::current(), &|k| std::env::var(k).ok())))
}

/// Resolve the font to use: `explicit` if given, else the installed fonts.
pub fn resolve(explicit: Option<&Path>) -> Result<FontChoice, PdfError> {
    choose(explicit, installed_font_files())
}

/// One loaded face: its metrics and character map, and the file's bytes for
/// subsetting.
pub struct Face {
    pub path: PathBuf,
    pub index: usize,
    /// PostScript name, e.g. `NotoSerifCJKsc-Regular`.
    pub postscript_name: String,
    /// Family name for messages, e.g. `Noto Serif CJK SC`.
    pub family: String,
    data: Vec<u8>,
    cmap: HashMap<u32, u16>,
    advances: Vec<u16>,
    units_per_em: f32,
    /// Ascender and descender in em (descender negative).
    pub ascender: f32,
    pub descender: f32,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("path", &self.path)
            .field("index", &self.index)
            .field("postscript_name", &self.postscript_name)
            .finish()
    }
}

impl Face {
    /// The glyph of a character, if the font has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        self.cmap.get(&(c as u32)).copied().filter(|g| *g != 0)
    }

    pub fn has_char(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// Advance of a character in em (0 for characters the font lacks;
    /// those are reported before anything is drawn).
    pub fn advance_em(&self, c: char) -> f32 {
        match self.glyph(c) {
            Some(g) => {
                let a = self
                    .advances
                    .get(usize::from(g))
                    .or(self.advances.last())
                    .copied()
                    .unwrap_or(0);
                f32::from(a) / self.units_per_em
            }
            None => 0.0,
        }
    }

    /// Width of a string in points at `size` points.
    pub fn width(&self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.advance_em(c)).sum::<f32>() * size
    }

    /// A font program holding only the glyphs of `chars`, parsed for
    /// printpdf, with a subset tag derived from the glyph set (so the same
    /// text gives the same bytes).
    pub fn subset(&self, chars: &BTreeSet<char>) -> Result<printpdf::ParsedFont, PdfError> {
        let gids: BTreeSet<u16> = chars.iter().filter_map(|c| self.glyph(*c)).collect();
        let ids: Vec<u16> = std::iter::once(0).chain(gids).collect();
        let err = |m: String| PdfError::Font {
            path: self.path.display().to_string(),
            message: format!("无法生成字体子集（{m}）"),
        };
        let file = ReadScope::new(&self.data)
            .read::<FontData<'_>>()
            .map_err(|e| err(e.to_string()))?;
        let provider = file
            .table_provider(self.index)
            .map_err(|e| err(e.to_string()))?;
        let bytes = allsorts::subset::subset(
            &provider,
            &ids,
            &allsorts::subset::SubsetProfile::Pdf,
            allsorts::subset::CmapTarget::Unicode,
        )
        .map_err(|e| err(e.to_string()))?;
        // Inline subroutines and drop hints when that is provably lossless.
        let bytes = super::cff::slim_otf(&bytes).unwrap_or(bytes);
        let mut warnings = Vec::new();
        let mut parsed = printpdf::ParsedFont::from_bytes(&bytes, 0, &mut warnings)
            .ok_or_else(|| err("子集无法解析".into()))?;
        parsed.font_name = Some(format!(
            "{}+{}",
            subset_tag(&ids),
            pdf_name(&self.postscript_name)
        ));
        Ok(parsed)
    }
}

/// Six upper-case letters from the glyph set (ISO 32000-1 9.6.4 subset tag).
fn subset_tag(ids: &[u16]) -> String {
    // FNV-1a over the glyph ids: stable across runs and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for id in ids {
        for b in id.to_be_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    (0..6)
        .map(|i| {
            let v = (h >> (i * 8)) % 26;
            char::from(b'A' + v as u8)
        })
        .collect()
}

/// A PDF name-safe font name (no spaces or delimiters).
fn pdf_name(s: &str) -> String {
    let n: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    if n.is_empty() {
        "CJKFont".into()
    } else {
        n
    }
}

type FaceCache = Mutex<HashMap<(PathBuf, Option<String>), Arc<Face>>>;

fn face_cache() -> &'static FaceCache {
    static CACHE: OnceLock<FaceCache> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// How many faces are loaded and kept for the next export.
pub fn cached_faces() -> usize {
    face_cache().lock().map(|c| c.len()).unwrap_or(0)
}

/// Let go of the loaded faces (each holds its whole font file, ~26 MB for a
/// CJK collection); the next export loads its face again.
pub fn release_cached_faces() {
    if let Ok(mut c) = face_cache().lock() {
        c.clear();
    }
}

/// Load a face (cached process-wide by path and face).
pub fn load(choice: &FontChoice) -> Result<Arc<Face>, PdfError> {
    let cache = face_cache();
    let key = (choice.path.clone(), choice.face.clone());
    if let Some(f) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(f);
    }
    let face = Arc::new(load_uncached(choice)?);
    if let Ok(mut c) = cache.lock() {
        c.insert(key, face.clone());
    }
    Ok(face)
}

fn load_uncached(choice: &FontChoice) -> Result<Face, PdfError> {
    let path_s = choice.path.display().to_string();
    let err = |message: String| PdfError::Font {
        path: path_s.clone(),
        message,
    };
    let data = std::fs::read(&choice.path).map_err(|e| err(crate::import::io_message(&e)))?;
    let not_font = || err("不是可用的字体文件（需要 .ttf / .ttc / .otf）".into());
    let file = ReadScope::new(&data)
        .read::<FontData<'_>>()
        .map_err(|_| not_font())?;
    let faces = match &file {
        FontData::OpenType(f) => match &f.data {
            OpenTypeData::Single(_) => 1,
            OpenTypeData::Collection(ttc) => ttc.offset_tables.len(),
        },
        _ => {
            return Err(err(
                "不支持 WOFF 网页字体，请选择 .ttf / .ttc / .otf 字体".into()
            ))
        }
    };
    let names: Vec<(String, String)> = (0..faces)
        .map(|i| face_names(&file, i).unwrap_or_default())
        .collect();
    let index = pick_face(&names, choice.face.as_deref());
    let (postscript_name, family) = names.get(index).cloned().unwrap_or_default();

    let provider = file.table_provider(index).map_err(|_| not_font())?;
    let read = |t: u32| provider.read_table_data(t).map_err(|_| not_font());
    let head_data = read(tag::HEAD)?;
    let head = ReadScope::new(&head_data)
        .read::<HeadTable>()
        .map_err(|_| not_font())?;
    let maxp_data = read(tag::MAXP)?;
    let maxp = ReadScope::new(&maxp_data)
        .read::<MaxpTable>()
        .map_err(|_| not_font())?;
    let hhea_data = read(tag::HHEA)?;
    let hhea = ReadScope::new(&hhea_data)
        .read::<HheaTable>()
        .map_err(|_| not_font())?;
    let hmtx_data = read(tag::HMTX)?;
    let hmtx = ReadScope::new(&hmtx_data)
        .read_dep::<HmtxTable<'_>>((
            usize::from(maxp.num_glyphs),
            usize::from(hhea.num_h_metrics),
        ))
        .map_err(|_| not_font())?;
    let advances: Vec<u16> = (0..maxp.num_glyphs)
        .map(|g| hmtx.horizontal_advance(g).unwrap_or(0))
        .collect();
    let cmap_data = read(tag::CMAP)?;
    let cmap = ReadScope::new(&cmap_data)
        .read::<Cmap<'_>>()
        .map_err(|_| not_font())?;
    let (_, sub) = allsorts::font::read_cmap_subtable(&cmap)
        .ok()
        .flatten()
        .ok_or_else(|| err("字体没有 Unicode 字符表，无法用于中文".into()))?;
    let mut map = HashMap::new();
    sub.mappings_fn(|cp, g| {
        map.insert(cp, g);
    })
    .map_err(|_| not_font())?;
    let upm = f32::from(head.units_per_em.max(1));
    drop(provider);
    Ok(Face {
        path: choice.path.clone(),
        index,
        postscript_name,
        family,
        cmap: map,
        advances,
        units_per_em: upm,
        ascender: f32::from(hhea.ascender) / upm,
        descender: f32::from(hhea.descender) / upm,
        data,
    })
}

/// PostScript and family name of face `i`.
fn face_names(file: &FontData<'_>, i: usize) -> Option<(String, String)> {
    let provider = file.table_provider(i).ok()?;
    let data = provider.read_table_data(tag::NAME).ok()?;
    let name = ReadScope::new(&data).read::<NameTable<'_>>().ok()?;
    let ps = name
        .string_for_id(NameTable::POSTSCRIPT_NAME)
        .unwrap_or_default();
    let family = name
        .string_for_id(NameTable::TYPOGRAPHIC_FAMILY_NAME)
        .or_else(|| name.string_for_id(NameTable::FONT_FAMILY_NAME))
        .unwrap_or_else(|| ps.clone());
    Some((ps, family))
}

/// The face to use among a file's faces (PostScript name, family): the
/// wanted one, else a Simplified Chinese one, else the first.
pub fn pick_face(names: &[(String, String)], wanted: Option<&str>) -> usize {
    if let Some(w) = wanted {
        if let Some(i) = names.iter().position(|(ps, _)| ps == w) {
            return i;
        }
    }
    names
        .iter()
        .position(|(ps, fam)| {
            ps.contains("sc-") || ps.contains("SC-") || fam.ends_with(" SC") || ps == "SimSun"
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn win_env(k: &str) -> Option<String> {
        match k {
            "WINDIR" => Some(r"C:\Windows".into()),
            "LOCALAPPDATA" => Some(r"C:\Users\li\AppData\Local".into()),
            _ => None,
        }
    }

    #[test]
    fn windows_font_dirs() {
        let d = font_dirs(Os::Windows, &win_env);
        assert_eq!(d[0], PathBuf::from(r"C:\Windows\Fonts"));
        assert_eq!(
            d[1],
            PathBuf::from(r"C:\Users\li\AppData\Local\Microsoft\Windows\Fonts")
        );
    }

    #[test]
    fn windows_prefers_simsun_face_over_other_cjk_fonts() {
        let files: Vec<PathBuf> = [
            r"C:\Windows\Fonts\msyh.ttc",
            r"C:\Windows\Fonts\simhei.ttf",
            r"C:\Windows\Fonts\SIMSUN.TTC",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let c = choose(None, &files).unwrap();
        assert_eq!(c.path, PathBuf::from(r"C:\Windows\Fonts\SIMSUN.TTC"));
        assert_eq!(c.face.as_deref(), Some("SimSun"));
    }

    #[test]
    fn windows_without_simsun_falls_back_to_other_cjk_fonts() {
        let files: Vec<PathBuf> = [r"C:\Windows\Fonts\simhei.ttf", r"C:\Windows\Fonts\msyh.ttc"]
            .iter()
            .map(PathBuf::from)
            .collect();
        let c = choose(None, &files).unwrap();
        assert_eq!(c.path, PathBuf::from(r"C:\Windows\Fonts\msyh.ttc"));
        assert_eq!(c.face.as_deref(), Some("MicrosoftYaHei"));
    }

    #[test]
    fn linux_prefers_noto_serif_sc_then_sans() {
        let serif = PathBuf::from("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc");
        let sans = PathBuf::from("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
        let c = choose(None, &[sans.clone(), serif.clone()]).unwrap();
        assert_eq!(c.path, serif);
        assert_eq!(c.face.as_deref(), Some("NotoSerifCJKsc-Regular"));
        let c = choose(None, std::slice::from_ref(&sans)).unwrap();
        assert_eq!(c.path, sans);
        assert_eq!(c.face.as_deref(), Some("NotoSansCJKsc-Regular"));
    }

    #[test]
    fn explicit_path_wins_and_nothing_found_is_a_clear_error() {
        let p = PathBuf::from("/tmp/my.ttf");
        let serif = PathBuf::from("/usr/share/fonts/NotoSerifCJK-Regular.ttc");
        assert_eq!(choose(Some(&p), &[serif]).unwrap().path, p);
        let e = choose(None, &[PathBuf::from("/usr/share/fonts/DejaVuSans.ttf")]).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("fonts-noto-cjk") && msg.contains("simsun.ttc"),
            "{msg}"
        );
    }

    #[test]
    fn picks_the_simplified_chinese_face_of_a_collection() {
        let n = |ps: &str, fam: &str| (ps.to_string(), fam.to_string());
        let noto = [
            n("NotoSerifCJKjp-Regular", "Noto Serif CJK JP"),
            n("NotoSerifCJKkr-Regular", "Noto Serif CJK KR"),
            n("NotoSerifCJKsc-Regular", "Noto Serif CJK SC"),
        ];
        assert_eq!(pick_face(&noto, None), 2);
        assert_eq!(pick_face(&noto, Some("NotoSerifCJKkr-Regular")), 1);
        let simsun = [n("SimSun", "SimSun"), n("NSimSun", "NSimSun")];
        assert_eq!(pick_face(&simsun, Some("SimSun")), 0);
        assert_eq!(pick_face(&[n("X", "Y")], None), 0);
    }

    #[test]
    fn subset_tag_is_six_capitals_and_stable() {
        let t = subset_tag(&[0, 5, 9]);
        assert_eq!(t.len(), 6);
        assert!(t.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(t, subset_tag(&[0, 5, 9]));
        assert_ne!(t, subset_tag(&[0, 5, 10]));
    }
}
