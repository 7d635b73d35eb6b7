//! The user's settings: default units for new forms, the signature block of
//! the printout, the PDF font. Kept in the store as one JSON value.

use selfeval_core::layout::default_signature;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const KEY: &str = "app.settings";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Settings {
    /// 实施单位 of a new form.
    pub implementing_unit: String,
    /// 一级预算单位 of a new form.
    pub budget_unit: String,
    /// Print the signature block under the table.
    pub signature_enabled: bool,
    /// The signature block: labels and the names filled in.
    pub signature: Vec<SignatureEntry>,
    /// A TTF/OTF/TTC file for the PDF, or empty for the built-in choice.
    pub pdf_font: String,
    /// The editor's zoom (1 = 100 %).
    pub zoom: f64,
    /// The template a new form is offered in first.
    pub default_template: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SignatureEntry {
    pub label: String,
    pub value: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            implementing_unit: String::new(),
            budget_unit: String::new(),
            signature_enabled: true,
            signature: default_signature()
                .into_iter()
                .map(|l| SignatureEntry {
                    label: l.label,
                    value: l.value,
                })
                .collect(),
            pdf_font: String::new(),
            zoom: 1.0,
            default_template: selfeval_core::Template::default_template().id.clone(),
        }
    }
}

impl Settings {
    pub fn from_value(v: Option<serde_json::Value>) -> Settings {
        v.and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_or_partial_settings_fall_back_to_defaults() {
        assert_eq!(Settings::from_value(None), Settings::default());
        let s = Settings::from_value(Some(serde_json::json!({ "budget_unit": "某局" })));
        assert_eq!(s.budget_unit, "某局");
        assert!(s.signature_enabled);
        assert_eq!(s.signature.len(), 5);
        assert_eq!(
            Settings::from_value(Some(serde_json::json!(42))),
            Settings::default()
        );
    }
}
