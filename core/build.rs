//! Embeds every template under `templates/` so that a region's variant is a
//! new JSON file there, not new code.

use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    let dir =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir")).join("templates");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("core/templates exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    // The Shenzhen form is the default; then the national form, Sichuan's,
    // and any other by name.
    const FIRST: [&str; 3] = ["shenzhen", "national", "sichuan"];
    files.sort_by_key(|p| {
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        (
            FIRST.iter().position(|f| *f == stem).unwrap_or(FIRST.len()),
            p.clone(),
        )
    });
    let mut out = String::from("&[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let stem = f.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        writeln!(
            out,
            "    ({stem:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .expect("write");
    }
    out.push(']');
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("out dir")).join("templates.rs");
    std::fs::write(dest, out).expect("write templates.rs");
}
