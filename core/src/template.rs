//! The template: labels, vocabularies, weights, limits and rule settings, as
//! data. A second region's variant is a new JSON file under `core/templates/`
//! (embedded by `build.rs`), not new code.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub name: String,
    /// The printed title, `项目支出绩效自评表`.
    pub title: String,
    pub weights: Weights,
    /// The fixed 一级 vocabulary, in print order, each with its 二级 vocabulary.
    pub level1: Vec<Level1>,
    /// Per-cell settings, keyed by [`crate::field::Field::spec_key`].
    pub fields: BTreeMap<String, FieldSpec>,
    /// Number of digits of 项目编码.
    pub code_digits: usize,
    /// How a reverse (≤) indicator that is not met is scored.
    pub reverse_rule: ReverseRule,
    /// actual/target at or above which a positive target counts as "far exceeded"
    /// and 偏差原因分析 is expected.
    pub far_exceeded_ratio: Decimal,
    /// 二级指标 whose targets without an operator mean "at most" (a cost).
    pub cost_default_reverse: Vec<String>,
    /// Words that mark an unused row (`无`, `不适用`).
    pub not_applicable_words: Vec<String>,
    /// Template hint texts and placeholders that must not stay in a filled form.
    pub placeholder_texts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    /// 分值 of 资金使用情况.
    pub funds: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level1 {
    pub name: String,
    pub weight: Decimal,
    pub level2: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    pub label: String,
    /// Maximum characters (Unicode scalar values, as a person counts 字).
    pub limit: usize,
    pub required: bool,
    /// The template's cell note, e.g. `(限2000字以内)`.
    #[serde(default)]
    pub note: Option<String>,
}

/// Scoring of a reverse (≤, 不超过, 以内) indicator whose target is not met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReverseRule {
    /// 分值 × target / actual (older central notes).
    TargetOverActual,
    /// (1 − (actual − target) / target) × 分值, 0 at twice the target.
    LinearToZeroAtDouble,
}

/// The JSON text of every file in `core/templates/`, Shenzhen first.
const BUILTIN: &[&str] = include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// Error of a template file.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("模板文件格式错误：{0}")]
    Parse(String),
    #[error("未知的模板「{0}」；可用模板：{1}")]
    Unknown(String, String),
}

impl Template {
    /// Parse a template from its JSON text.
    pub fn from_json(text: &str) -> Result<Template, TemplateError> {
        serde_json::from_str(text).map_err(|e| TemplateError::Parse(e.to_string()))
    }

    /// The templates shipped with the app.
    pub fn builtin() -> &'static [Template] {
        static ALL: OnceLock<Vec<Template>> = OnceLock::new();
        ALL.get_or_init(|| {
            BUILTIN
                .iter()
                .map(|text| {
                    Template::from_json(text).expect("built-in templates are valid (tested)")
                })
                .collect()
        })
    }

    /// The default template (Shenzhen).
    pub fn default_template() -> &'static Template {
        &Self::builtin()[0]
    }

    /// Find a built-in template by id.
    pub fn by_id(id: &str) -> Result<&'static Template, TemplateError> {
        Self::builtin().iter().find(|t| t.id == id).ok_or_else(|| {
            let ids: Vec<&str> = Self::builtin().iter().map(|t| t.id.as_str()).collect();
            TemplateError::Unknown(id.to_string(), ids.join("、"))
        })
    }

    /// Settings of a cell kind. Every key used by the code is in every template
    /// (checked by a test), so a missing key is a programming error.
    pub fn spec(&self, key: &str) -> &FieldSpec {
        self.fields
            .get(key)
            .unwrap_or_else(|| panic!("template {} lacks field spec {key}", self.id))
    }

    /// Weight of a 一级指标, if it is in the vocabulary.
    pub fn level1_weight(&self, name: &str) -> Option<Decimal> {
        self.level1
            .iter()
            .find(|l| l.name == name)
            .map(|l| l.weight)
    }

    /// Whether `level2` belongs to `level1` in this template.
    pub fn level2_of(&self, level1: &str, level2: &str) -> bool {
        self.level1
            .iter()
            .any(|l| l.name == level1 && l.level2.iter().any(|s| s == level2))
    }

    /// Sum of all default weights (indicators and funds): 100.
    pub fn total_weight(&self) -> Decimal {
        self.level1.iter().map(|l| l.weight).sum::<Decimal>() + self.weights.funds
    }

    /// Whether a cell text marks an unused row (`无`, `不适用`).
    pub fn is_not_applicable(&self, text: &str) -> bool {
        let t = text.trim();
        t.is_empty() || self.not_applicable_words.iter().any(|w| w == t)
    }
}

/// Characters as a person counts 字: Unicode scalar values. The UI counts the
/// same way (`[...text].length`).
pub fn char_count(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::SPEC_KEYS;

    #[test]
    fn every_builtin_template_has_every_field_spec() {
        for t in Template::builtin() {
            for k in SPEC_KEYS {
                assert!(t.fields.contains_key(*k), "{} lacks {k}", t.id);
            }
            assert_eq!(t.total_weight(), Decimal::from(100), "{}", t.id);
        }
    }

    #[test]
    fn a_region_variant_is_data() {
        // Another region's form: a different reverse rule and weights, same code.
        let mut v: serde_json::Value = serde_json::from_str(BUILTIN[0]).unwrap();
        v["id"] = "central".into();
        v["reverse_rule"] = "linear_to_zero_at_double".into();
        v["level1"][0]["weight"] = "40".into();
        v["weights"]["funds"] = "20".into();
        let t = Template::from_json(&v.to_string()).unwrap();
        assert_eq!(t.total_weight(), Decimal::from(100));
        assert_eq!(t.reverse_rule, ReverseRule::LinearToZeroAtDouble);
        assert_eq!(Template::default_template().id, "shenzhen");
    }

    #[test]
    fn limits_of_the_shenzhen_template() {
        let t = Template::default_template();
        assert_eq!(t.spec("header.name").limit, 40);
        assert_eq!(t.spec("goals.expected").limit, 2000);
        assert_eq!(t.spec("goals.actual").limit, 2000);
        assert_eq!(t.spec("indicator.deviation").limit, 2000);
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(char_count("党政事务"), 4);
        assert_eq!(char_count("a😀b"), 3);
    }

    #[test]
    fn unknown_template_is_a_clear_error() {
        let e = Template::by_id("beijing").unwrap_err().to_string();
        assert!(e.contains("beijing") && e.contains("shenzhen"), "{e}");
    }
}
