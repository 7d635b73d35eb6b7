//! On Windows, `selfeval.exe` carries the app's icon, its version and the
//! Chinese product name in its file properties (as `selfeval-app.exe` does
//! through tauri-build). Nothing to do for other targets.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../icons/icon.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut res = tauri_winres::WindowsResource::new();
    res.set_icon("../icons/icon.ico")
        .set_language(0x0804) // zh-CN
        .set("ProductName", "绩效自评")
        .set("FileDescription", "绩效自评 命令行工具")
        .set("CompanyName", "SelfEval")
        .set("LegalCopyright", "MIT License")
        .set("InternalName", "selfeval")
        .set("OriginalFilename", "selfeval.exe");
    if let Err(e) = res.compile() {
        panic!("could not embed the Windows resources of selfeval.exe ({e}); is mingw-w64's windres installed?");
    }
}
