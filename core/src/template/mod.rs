//! The template: one description of a form — its cells, labels, limits,
//! vocabularies, weights, scoring settings and printed layout — as data. The
//! model, the layout, the editor, XLSX, PDF, the importer and the checks all
//! follow it. A region's variant is a JSON file: built in under
//! `core/templates/` (embedded by `build.rs`), or a user's file in the data
//! folder's `templates/` or given to the CLI (docs/templates.md).

mod check;
pub mod convert;
mod registry;
pub mod spec;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::field::Field;
pub use convert::{convert, ConvertError};
pub use registry::{load_user_dir, register, register_file, UserTemplates};
pub use spec::{LayoutSpec, Section};

/// The version of the template file format this build reads.
pub const TEMPLATE_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Template file format version ([`TEMPLATE_FORMAT`]).
    pub format: u32,
    pub id: String,
    /// The Chinese name shown when choosing a template.
    pub name: String,
    /// The printed title, `项目支出绩效自评表`.
    pub title: String,
    /// The unit of every amount of the form.
    pub money_unit: MoneyUnit,
    pub weights: Weights,
    /// The fixed 一级 vocabulary, in print order, each with its 二级 vocabulary.
    pub level1: Vec<Level1>,
    /// Per-cell settings, keyed by [`crate::field::Field::spec_key`].
    pub fields: BTreeMap<String, FieldSpec>,
    /// Number of digits of 项目编码, where the template has one.
    #[serde(default)]
    pub code_digits: Option<usize>,
    /// How a reverse (≤) indicator that is not met is scored.
    pub reverse_rule: ReverseRule,
    /// actual/target at or above which a positive target counts as "far exceeded"
    /// and 偏差原因分析 is expected.
    pub far_exceeded_ratio: Decimal,
    /// 执行率 (%) below which the funds' 原因 must be given (Sichuan: 90).
    #[serde(default)]
    pub reason_below_rate: Option<Decimal>,
    /// 二级指标 whose targets without an operator mean "at most" (a cost).
    pub cost_default_reverse: Vec<String>,
    /// The 指标性质 vocabulary, where the template has that column.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub natures: Vec<String>,
    /// Words that mark an unused row (`无`, `不适用`).
    pub not_applicable_words: Vec<String>,
    /// Template hint texts and placeholders that must not stay in a filled form.
    pub placeholder_texts: Vec<String>,
    /// The signature lines printed under the form, by label.
    pub signature: Vec<String>,
    /// 评价等级 by 总分, highest first (优 from 90 …); a 总分 on an edge belongs
    /// to the upper grade. Missing in a file: the 财政部 bands
    /// ([`Grade::national`]).
    #[serde(default = "Grade::national")]
    pub grades: Vec<Grade>,
    pub layout: LayoutSpec,
}

/// One 评价等级: the grade of every 总分 from `min` up to the next grade's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    /// `优`, `良` …
    pub name: String,
    /// Lowest 总分 of the grade (included).
    pub min: Decimal,
}

impl Grade {
    /// The 财政部 bands: 优 90–100, 良 80–89.99, 中 60–79.99, 差 below 60.
    pub fn national() -> Vec<Grade> {
        [("优", 90), ("良", 80), ("中", 60), ("差", 0)]
            .into_iter()
            .map(|(name, min)| Grade {
                name: name.into(),
                min: Decimal::from(min),
            })
            .collect()
    }
}

/// The unit of a template's amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MoneyUnit {
    #[serde(rename = "元")]
    Yuan,
    #[serde(rename = "万元")]
    WanYuan,
}

impl MoneyUnit {
    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::WanYuan => "万元",
        }
    }
    /// Decimals an amount may have: to the 分 (0.01 元 = 0.000001 万元).
    pub fn max_decimals(self) -> u32 {
        match self {
            MoneyUnit::Yuan => 2,
            MoneyUnit::WanYuan => 6,
        }
    }
    /// 元 per unit.
    pub fn yuan(self) -> Decimal {
        match self {
            MoneyUnit::Yuan => Decimal::ONE,
            MoneyUnit::WanYuan => Decimal::from(10_000),
        }
    }
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Other spellings of the label the importer accepts (`年度指标值(A)`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
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
const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/templates.rs"));

/// Error of a template file, naming the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("模板文件格式错误：{0}")]
    Parse(String),
    #[error("模板文件「{key}」有误：{message}")]
    Invalid { key: String, message: String },
    #[error("未知的模板「{0}」；可用模板：{1}")]
    Unknown(String, String),
}

impl TemplateError {
    pub(crate) fn at(key: impl Into<String>, message: impl Into<String>) -> TemplateError {
        TemplateError::Invalid {
            key: key.into(),
            message: message.into(),
        }
    }
}

impl Template {
    /// Parse and check a template from its JSON text. A template that fails
    /// any check is refused whole.
    pub fn from_json(text: &str) -> Result<Template, TemplateError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let t: Template = serde_json::from_str(text).map_err(check::parse_error)?;
        check::check(&t)?;
        Ok(t)
    }

    /// The templates shipped with the app.
    pub fn builtin() -> &'static [Template] {
        registry::builtin()
    }

    /// Every template on offer: the built-in ones, then the user's.
    pub fn available() -> Vec<&'static Template> {
        registry::available()
    }

    /// The default template (Shenzhen).
    pub fn default_template() -> &'static Template {
        &Self::builtin()[0]
    }

    /// Find a template (built-in or the user's) by id.
    pub fn by_id(id: &str) -> Result<&'static Template, TemplateError> {
        registry::by_id(id)
    }

    /// Settings of a cell kind. Every field the layout shows has one (checked
    /// when the template is loaded); others get an unlimited, optional spec.
    pub fn spec(&self, key: &str) -> &FieldSpec {
        static NONE: std::sync::OnceLock<FieldSpec> = std::sync::OnceLock::new();
        self.fields.get(key).unwrap_or_else(|| {
            NONE.get_or_init(|| FieldSpec {
                label: String::new(),
                limit: usize::MAX,
                required: false,
                note: None,
                aliases: Vec::new(),
            })
        })
    }

    /// The settings of a field's cell.
    pub fn spec_of(&self, field: Field) -> &FieldSpec {
        self.spec(&field.spec_key())
    }

    /// Whether the template's form has this cell (by its spec key; any
    /// indicator row stands for all).
    pub fn shows(&self, field: Field) -> bool {
        self.fields.contains_key(field.spec_key().as_ref())
    }

    /// The cell's label on this template's form (`主管部门`), if it has one.
    pub fn describe(&self, field: Field) -> Option<String> {
        match field {
            Field::Fund(r, c) => {
                let funds = self.funds_spec()?;
                let row = funds.rows.iter().find(|x| x.row == r)?;
                let col = funds
                    .columns
                    .iter()
                    .find(|x| x.value == spec::FundsValue::from_column(c))?;
                Some(format!(
                    "资金 · {} · {}",
                    crate::field::plain_row_label(&row.label),
                    col.label
                ))
            }
            Field::FundsWeight | Field::FundsReason => {
                let want = if field == Field::FundsWeight {
                    spec::FundsValue::Weight
                } else {
                    spec::FundsValue::Reason
                };
                let col = self
                    .funds_spec()?
                    .columns
                    .iter()
                    .find(|x| x.value == want)?;
                Some(format!("资金 · {}", col.label))
            }
            Field::Indicator(..) => None,
            other => self
                .fields
                .get(other.spec_key().as_ref())
                .map(|s| s.label.clone()),
        }
    }

    /// The funds section of the layout.
    pub fn funds_spec(&self) -> Option<&spec::FundsSpec> {
        self.layout.sections.iter().find_map(|s| match s {
            Section::Funds(f) => Some(f),
            _ => None,
        })
    }

    /// The indicator section of the layout.
    pub fn indicators_spec(&self) -> Option<&spec::IndicatorsSpec> {
        self.layout.sections.iter().find_map(|s| match s {
            Section::Indicators(f) => Some(f),
            _ => None,
        })
    }

    /// The indicator columns of the table, left to right.
    pub fn indicator_columns(&self) -> Vec<crate::field::IndicatorColumn> {
        self.indicators_spec()
            .map(|s| {
                s.columns
                    .iter()
                    .filter_map(|c| crate::field::IndicatorColumn::from_key(&c.column))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The template's own text cells (`texts.<key>`), in file order of `fields`.
    pub fn text_keys(&self) -> Vec<crate::field::TextKey> {
        self.fields
            .keys()
            .filter_map(|k| k.strip_prefix("texts."))
            .filter_map(crate::field::TextKey::new)
            .collect()
    }

    /// The form's cells outside the funds amounts and the indicator table
    /// (header, goals, 原因, text blocks), in the order of `fields`.
    pub fn text_fields(&self) -> Vec<Field> {
        self.fields
            .keys()
            .filter_map(|k| k.parse::<Field>().ok())
            .collect()
    }

    /// Weight of a 一级指标, if it is in the vocabulary.
    pub fn level1_weight(&self, name: &str) -> Option<Decimal> {
        self.level1
            .iter()
            .find(|l| l.name == name)
            .map(|l| l.weight)
    }

    /// Whether `level2` belongs to `level1` in this template.
    /// A 一级指标 as printed with its weight (`产出指标\n(50分)`,
    /// 「效益指标(30分)」) → the template's name (`产出指标`); any other text
    /// as it is.
    pub fn level1_name(&self, text: &str) -> String {
        let t = text.trim_end();
        let Some(open) = t.rfind(['(', '（']) else {
            return text.to_string();
        };
        let inner = t[open..]
            .trim_start_matches(['(', '（'])
            .trim_end_matches([')', '）']);
        let base = t[..open].trim_end();
        let is_weight = inner
            .strip_suffix('分')
            .is_some_and(|n| n.trim().parse::<Decimal>().is_ok());
        if is_weight && t.ends_with([')', '）']) && self.level1_weight(base).is_some() {
            base.to_string()
        } else {
            text.to_string()
        }
    }

    pub fn level2_of(&self, level1: &str, level2: &str) -> bool {
        self.level1
            .iter()
            .any(|l| l.name == level1 && l.level2.iter().any(|s| s == level2))
    }

    /// Sum of all default weights (indicators and funds): 100.
    pub fn total_weight(&self) -> Decimal {
        self.level1.iter().map(|l| l.weight).sum::<Decimal>() + self.weights.funds
    }

    /// The 评价等级 of a 总分: the first grade whose `min` it reaches (the
    /// lowest grade for anything below every edge).
    pub fn grade(&self, total_score: Decimal) -> &str {
        self.grades
            .iter()
            .find(|g| total_score >= g.min)
            .or(self.grades.last())
            .map_or("", |g| g.name.as_str())
    }

    /// The grade names, highest first.
    pub fn grade_names(&self) -> impl Iterator<Item = &str> {
        self.grades.iter().map(|g| g.name.as_str())
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

    #[test]
    fn every_builtin_template_is_valid_and_sums_to_100() {
        let ids: Vec<&str> = Template::builtin().iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["shenzhen", "national", "sichuan"]);
        for t in Template::builtin() {
            assert_eq!(t.total_weight(), Decimal::from(100), "{}", t.id);
        }
    }

    #[test]
    fn a_region_variant_is_data() {
        // Another region's form: a different reverse rule and weights, same code.
        let mut v: serde_json::Value = serde_json::from_str(BUILTIN[0].1).unwrap();
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
    fn grade_edges_belong_to_the_upper_grade() {
        use rust_decimal_macros::dec;
        for t in Template::builtin() {
            for (score, grade) in [
                (dec!(100), "优"),
                (dec!(90.00), "优"),
                (dec!(89.99), "良"),
                (dec!(80.00), "良"),
                (dec!(79.99), "中"),
                (dec!(60.00), "中"),
                (dec!(59.99), "差"),
                (dec!(0), "差"),
            ] {
                assert_eq!(t.grade(score), grade, "{} {score}", t.id);
            }
            assert_eq!(t.grades, Grade::national(), "{}", t.id);
        }
    }

    #[test]
    fn grades_are_template_data() {
        let mut v: serde_json::Value = serde_json::from_str(BUILTIN[0].1).unwrap();
        v["id"] = "graded".into();
        v["grades"] = serde_json::json!([
            {"name": "优秀", "min": "85"},
            {"name": "合格", "min": "60"},
            {"name": "不合格", "min": "0"}
        ]);
        let t = Template::from_json(&v.to_string()).unwrap();
        use rust_decimal_macros::dec;
        assert_eq!(t.grade(dec!(85)), "优秀");
        assert_eq!(t.grade(dec!(84.99)), "合格");
        assert_eq!(t.grade(dec!(12)), "不合格");
        assert_eq!(
            t.grade_names().collect::<Vec<_>>(),
            ["优秀", "合格", "不合格"]
        );
        // A file without grades gets the 财政部 bands.
        v.as_object_mut().unwrap().remove("grades");
        let t = Template::from_json(&v.to_string()).unwrap();
        assert_eq!(t.grades, Grade::national());
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
