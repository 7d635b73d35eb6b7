//! The PDF export's settings (kept in the store's settings table): the
//! signature block's labels and default names, and a chosen font file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use super::{PdfError, PdfOptions};
use crate::layout::{default_signature, SignatureLine};

/// `[{"label": "填报人", "value": "张三"}, …]`: the signature block's lines.
pub const SIGNATURE_KEY: &str = "pdf.signature";
/// `"C:\\Windows\\Fonts\\simsun.ttc"`: the font to print with.
pub const FONT_KEY: &str = "pdf.font_path";

fn bad(key: &str, what: &str) -> PdfError {
    PdfError::Settings(format!("设置「{key}」格式不对：{what}"))
}

/// The signature lines from settings, else the default labels.
pub fn signature_from(settings: &BTreeMap<String, Value>) -> Result<Vec<SignatureLine>, PdfError> {
    match settings.get(SIGNATURE_KEY) {
        None | Some(Value::Null) => Ok(default_signature()),
        Some(v) => serde_json::from_value::<Vec<SignatureLine>>(v.clone()).map_err(|_| {
            bad(
                SIGNATURE_KEY,
                "应为 [{\"label\": \"填报人\", \"value\": \"张三\"}, …]",
            )
        }),
    }
}

/// The font path from settings, if one is chosen.
pub fn font_from(settings: &BTreeMap<String, Value>) -> Result<Option<PathBuf>, PdfError> {
    match settings.get(FONT_KEY) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(PathBuf::from(s.trim()))),
        Some(_) => Err(bad(FONT_KEY, "应为字体文件的路径（文本）")),
    }
}

impl PdfOptions {
    /// Options from settings; `signature`: print the signature block.
    pub fn from_settings(
        settings: &BTreeMap<String, Value>,
        signature: bool,
    ) -> Result<PdfOptions, PdfError> {
        Ok(PdfOptions {
            signature: if signature {
                Some(signature_from(settings)?)
            } else {
                None
            },
            font_path: font_from(settings)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn settings_give_signature_names_and_font() {
        let mut s = BTreeMap::new();
        let o = PdfOptions::from_settings(&s, true).unwrap();
        assert_eq!(o.signature, Some(default_signature()));
        assert_eq!(o.font_path, None);
        s.insert(
            SIGNATURE_KEY.into(),
            json!([{"label": "填报人", "value": "张三"}, {"label": "联系电话", "value": ""}]),
        );
        s.insert(FONT_KEY.into(), json!("/fonts/simsun.ttc"));
        let o = PdfOptions::from_settings(&s, true).unwrap();
        let sig = o.signature.unwrap();
        assert_eq!(
            (sig[0].label.as_str(), sig[0].value.as_str()),
            ("填报人", "张三")
        );
        assert_eq!(sig.len(), 2);
        assert_eq!(o.font_path, Some(PathBuf::from("/fonts/simsun.ttc")));
        assert_eq!(
            PdfOptions::from_settings(&s, false).unwrap().signature,
            None
        );
    }

    #[test]
    fn malformed_settings_are_named() {
        let mut s = BTreeMap::new();
        s.insert(SIGNATURE_KEY.into(), json!("张三"));
        let e = PdfOptions::from_settings(&s, true).unwrap_err().to_string();
        assert!(e.contains(SIGNATURE_KEY), "{e}");
        let mut s = BTreeMap::new();
        s.insert(FONT_KEY.into(), json!(3));
        assert!(PdfOptions::from_settings(&s, false).is_err());
    }
}
