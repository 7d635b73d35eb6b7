//! Write the stress form's PDF (development aid): `cargo run --example pdf_stress -- OUT.pdf`.
#[path = "../tests/support/stress.rs"]
mod stress;

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "stress.pdf".into());
    let opts = selfeval_core::pdf::PdfOptions {
        signature: Some(selfeval_core::layout::default_signature()),
        font_path: None,
    };
    match selfeval_core::pdf::export_pdf(&stress::stress_form(), &opts) {
        Ok(b) => {
            println!("{} bytes", b.len());
            if let Err(e) = std::fs::write(&out, b) {
                eprintln!("{e}");
            }
        }
        Err(e) => eprintln!("{e}"),
    }
}
