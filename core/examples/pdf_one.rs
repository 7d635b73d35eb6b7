//! Export one form file to a PDF (development aid): `cargo run --example pdf_one -- IN.json OUT.pdf [--signature]`.
use selfeval_core::pdf::{export_pdf, PdfOptions};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(input), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: pdf_one IN.json OUT.pdf [--signature]");
        std::process::exit(2);
    };
    let forms = match selfeval_core::import::read_file(std::path::Path::new(input)) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let opts = PdfOptions {
        signature: args
            .iter()
            .any(|a| a == "--signature")
            .then(selfeval_core::layout::default_signature),
        font_path: None,
    };
    for f in forms {
        let t = std::time::Instant::now();
        match export_pdf(&f, &opts) {
            Ok(bytes) => {
                println!("{} bytes in {:?}", bytes.len(), t.elapsed());
                if let Err(e) = std::fs::write(out, bytes) {
                    eprintln!("{e}");
                }
            }
            Err(e) => eprintln!("{e}"),
        }
    }
}
