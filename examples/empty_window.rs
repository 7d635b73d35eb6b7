//! An empty Tauri 2 window, built like the app (same crate, features and
//! profile), as the baseline of the desktop benchmarks (docs/benchmarks.md).
//! Prints `selfeval-ready <ms>` when its page has loaded.

use std::time::Instant;

fn main() {
    let t0 = Instant::now();
    let result = tauri::Builder::default()
        .on_page_load(move |_w, p| {
            if matches!(p.event(), tauri::webview::PageLoadEvent::Finished) {
                println!("selfeval-ready {}", t0.elapsed().as_millis());
            }
        })
        .run(tauri::generate_context!(
            "bench/empty-window/tauri.conf.json"
        ));
    if let Err(e) = result {
        eprintln!("empty window: {e}");
        std::process::exit(1);
    }
}
