//! The installed CJK font is found, subset, and its subset slimmed
//! (subroutines inlined, hints dropped) without changing any outline.
//!
//! On Linux that font is Noto Serif CJK SC (CFF outlines); on Windows it is
//! 宋体, simsun.ttc (TrueType outlines), which scripts/test-windows.sh gives
//! the Wine prefix as a TrueType-outline Debian font under that name.

use std::collections::BTreeSet;

use selfeval_core::pdf::cff::slim_otf;
use selfeval_core::pdf::font::{load, resolve};

#[test]
fn the_systems_cjk_face_is_chosen_and_measures_cjk_as_one_em() {
    let choice = resolve(None).expect("a CJK font is installed");
    let face = load(&choice).unwrap();
    if cfg!(windows) {
        let file = choice.path.file_name().unwrap().to_string_lossy();
        assert!(file.eq_ignore_ascii_case("simsun.ttc"), "{file}");
    } else {
        assert!(
            face.postscript_name.contains("SC") || face.postscript_name.contains("sc"),
            "{}",
            face.postscript_name
        );
    }
    assert!((face.advance_em('项') - 1.0).abs() < 1e-3);
    assert!(face.advance_em('1') > 0.3 && face.advance_em('1') < 0.7);
    assert!(face.has_char('，') && !face.has_char('\u{E000}'));
}

#[test]
fn a_subset_is_slimmed_and_small() {
    let face = load(&resolve(None).unwrap()).unwrap();
    let chars: BTreeSet<char> = "项目支出绩效自评表深入推进机关党建工作，完成率达到98.5%。"
        .chars()
        .collect();
    let font = face.subset(&chars).unwrap();
    // The subset carries a six-letter tag and maps every character.
    let name = font.font_name.clone().unwrap();
    assert_eq!(name.find('+'), Some(6), "{name}");
    for c in &chars {
        assert!(font.lookup_glyph_index(*c as u32).is_some(), "{c}");
    }
    // Slimming (of CFF outlines) is idempotent-safe: already slim, it still
    // validates. TrueType outlines (宋体 on Windows) have nothing to slim.
    let cff = font.original_bytes.starts_with(b"OTTO");
    assert_eq!(cff, !cfg!(windows), "Noto on Linux is CFF, 宋体 TrueType");
    if cff {
        let again = slim_otf(&font.original_bytes).expect("slim subset re-slims");
        assert!(again.len() <= font.original_bytes.len() + 64);
    }
    // Either way the subset is far smaller than the whole face.
    assert!(
        font.original_bytes.len() < 40_000,
        "{}",
        font.original_bytes.len()
    );
}

#[test]
fn truetype_fonts_subset_too() {
    // SimSun and other Windows fonts are TrueType (glyf), not CFF: the
    // subset path must work for them as well. DejaVu stands in here.
    let path = std::path::PathBuf::from("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    if !path.exists() {
        eprintln!("skipped: {} not installed", path.display());
        return;
    }
    let face = load(&selfeval_core::pdf::font::FontChoice { path, face: None }).unwrap();
    assert_eq!(face.family, "DejaVu Sans");
    let chars: BTreeSet<char> = "Total 3657.80".chars().collect();
    let font = face.subset(&chars).unwrap();
    assert!(!font.original_bytes.starts_with(b"OTTO"), "stays TrueType");
    // The whole face is ~750 KB; the subset keeps the hinting programs.
    assert!(
        font.original_bytes.len() < 40_000,
        "{}",
        font.original_bytes.len()
    );
    for c in chars {
        assert!(font.lookup_glyph_index(c as u32).is_some(), "{c}");
    }
}
