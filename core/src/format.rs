//! The JSON interchange format of a form (see docs/format.md), version 1.
//!
//! Loading walks the JSON by hand so that every problem names the exact place
//! in the file and says in Chinese what is wrong.

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use crate::model::{FundColumn, FundRow, FundRowKind, Funds, Goals, Header, Indicator, Tier};
use crate::Form;

pub const FORMAT_NAME: &str = "selfeval-form";
pub const FORMAT_VERSION: u64 = 1;

/// A file that could not be read as a form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if path.is_empty() { String::new() } else { format!("{path}：") })]
pub struct FormatError {
    /// Where in the file: `form.indicators[2].weight`, or `第3行第5列`.
    pub path: String,
    pub message: String,
}

fn err(path: &str, message: impl Into<String>) -> FormatError {
    FormatError {
        path: path.to_string(),
        message: message.into(),
    }
}

/// Serialise a form to the interchange format (pretty-printed, stable order).
pub fn to_json(form: &Form) -> String {
    let doc = serde_json::json!({
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "form": form,
    });
    serde_json::to_string_pretty(&doc).expect("a form always serialises")
}

/// Load a form from interchange-format text.
pub fn from_json(text: &str) -> Result<Form, FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let v: Value = serde_json::from_str(text).map_err(|e| {
        err(
            &format!("第{}行第{}列", e.line(), e.column()),
            format!(
                "不是有效的 JSON（{}）；请检查文件是否完整、是否用文本编辑器改坏",
                json_error_kind(&e)
            ),
        )
    })?;
    let root = obj(&v, "")?;
    match root.get("format").and_then(Value::as_str) {
        Some(FORMAT_NAME) => {}
        Some(other) => {
            return Err(err(
                "format",
                format!("文件类型是「{other}」，不是绩效自评表（{FORMAT_NAME}）"),
            ))
        }
        None => {
            return Err(err(
                "format",
                format!("缺少 \"format\": \"{FORMAT_NAME}\"，这不是 SelfEval 导出的自评表文件"),
            ))
        }
    }
    match root.get("version").and_then(Value::as_u64) {
        Some(FORMAT_VERSION) => {}
        Some(v) if v > FORMAT_VERSION => {
            return Err(err(
                "version",
                format!(
                "文件格式版本 {v} 比本软件支持的版本 {FORMAT_VERSION} 新，请升级 SelfEval 后再打开"
            ),
            ))
        }
        Some(v) => return Err(err("version", format!("不支持的文件格式版本 {v}"))),
        None => return Err(err("version", "缺少格式版本号 \"version\"（应为整数 1）")),
    }
    let form = obj(root.get("form").unwrap_or(&Value::Null), "form")?;
    read_form(form, "form")
}

fn json_error_kind(e: &serde_json::Error) -> &'static str {
    use serde_json::error::Category;
    match e.classify() {
        Category::Eof => "文件在中途结束",
        Category::Syntax => "语法错误",
        Category::Data => "数据错误",
        Category::Io => "读取错误",
    }
}

fn obj<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>, FormatError> {
    v.as_object()
        .ok_or_else(|| err(path, format!("应为对象 {{…}}，实际是{}", type_name(v))))
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "空值 null",
        Value::Bool(_) => "布尔值",
        Value::Number(_) => "数字",
        Value::String(_) => "文本",
        Value::Array(_) => "数组",
        Value::Object(_) => "对象",
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn check_keys(m: &Map<String, Value>, path: &str, allowed: &[&str]) -> Result<(), FormatError> {
    for k in m.keys() {
        if !allowed.contains(&k.as_str()) {
            return Err(err(
                &join(path, k),
                format!("未知字段「{k}」；允许的字段：{}", allowed.join("、")),
            ));
        }
    }
    Ok(())
}

fn text(m: &Map<String, Value>, path: &str, key: &str) -> Result<String, FormatError> {
    let p = join(path, key);
    match m.get(key) {
        None => Err(err(&p, "缺少此字段（没有内容时请写 \"\"）")),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        Some(v) => Err(err(&p, format!("应为文本，实际是{}", type_name(v)))),
    }
}

/// An optional text key (added in later releases; absent means empty).
fn opt_text(m: &Map<String, Value>, path: &str, key: &str) -> Result<String, FormatError> {
    if m.contains_key(key) {
        text(m, path, key)
    } else {
        Ok(String::new())
    }
}

fn amount(m: &Map<String, Value>, path: &str, key: &str) -> Result<Option<Decimal>, FormatError> {
    amount_in(m, path, key, crate::template::MoneyUnit::Yuan)
}

fn amount_in(
    m: &Map<String, Value>,
    path: &str,
    key: &str,
    unit: crate::template::MoneyUnit,
) -> Result<Option<Decimal>, FormatError> {
    let p = join(path, key);
    let score = key == "weight" || key == "score";
    let decimals = if score { 2 } else { unit.max_decimals() };
    let parse = |t: &str| {
        crate::money::parse_decimals(t, decimals)
            .map_err(|e| format!("{e}，{}", crate::money::unit_hint_in(score, unit)))
    };
    match m.get(key) {
        None => Err(err(&p, "缺少此字段（没有数值时请写 null）")),
        Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => parse(s).map(Some).map_err(|m| err(&p, m)),
        Some(Value::Number(n)) => parse(&n.to_string()).map(Some).map_err(|m| err(&p, m)),
        Some(v) => Err(err(
            &p,
            format!("应为数字文本（如 \"50000.00\"），实际是{}", type_name(v)),
        )),
    }
}

fn read_form(m: &Map<String, Value>, path: &str) -> Result<Form, FormatError> {
    check_keys(
        m,
        path,
        &[
            "template",
            "header",
            "funds",
            "goals",
            "indicators",
            "texts",
        ],
    )?;
    let template = text(m, path, "template")?;
    let t = crate::Template::by_id(&template)
        .map_err(|e| err(&join(path, "template"), e.to_string()))?;
    let unit = t.money_unit;
    let hp = join(path, "header");
    let h = obj(m.get("header").unwrap_or(&Value::Null), &hp)?;
    check_keys(
        h,
        &hp,
        &["code", "name", "year", "implementing_unit", "budget_unit"],
    )?;
    let header = Header {
        code: text(h, &hp, "code")?,
        name: text(h, &hp, "name")?,
        year: text(h, &hp, "year")?,
        implementing_unit: text(h, &hp, "implementing_unit")?,
        budget_unit: text(h, &hp, "budget_unit")?,
    };
    let fp = join(path, "funds");
    let f = obj(m.get("funds").unwrap_or(&Value::Null), &fp)?;
    let mut keys = vec!["weight", "reason"];
    keys.extend(FundRowKind::ALL.iter().map(|k| k.key()));
    check_keys(f, &fp, &keys)?;
    let mut funds = Funds {
        weight: amount(f, &fp, "weight")?,
        reason: opt_text(f, &fp, "reason")?,
        ..Funds::default()
    };
    for kind in FundRowKind::ALL {
        let rp = join(&fp, kind.key());
        // Rows added in later releases may be absent (empty).
        let r = match f.get(kind.key()) {
            None if !matches!(
                kind,
                FundRowKind::Total
                    | FundRowKind::CurrentYear
                    | FundRowKind::CarriedOver
                    | FundRowKind::Other
            ) =>
            {
                continue
            }
            v => obj(v.unwrap_or(&Value::Null), &rp)?,
        };
        check_keys(r, &rp, &["initial_budget", "annual_budget", "executed"])?;
        let mut row = FundRow::default();
        for col in FundColumn::ALL {
            row.set(col, amount_in(r, &rp, col.key(), unit)?);
        }
        *funds.row_mut(kind) = row;
    }
    let gp = join(path, "goals");
    let g = obj(m.get("goals").unwrap_or(&Value::Null), &gp)?;
    check_keys(g, &gp, &["expected", "actual"])?;
    let goals = Goals {
        expected: text(g, &gp, "expected")?,
        actual: text(g, &gp, "actual")?,
    };
    let ip = join(path, "indicators");
    let list = match m.get("indicators") {
        Some(Value::Array(a)) => a,
        Some(v) => return Err(err(&ip, format!("应为数组 […]，实际是{}", type_name(v)))),
        None => return Err(err(&ip, "缺少此字段（没有指标时请写 []）")),
    };
    let mut indicators = Vec::with_capacity(list.len());
    for (i, v) in list.iter().enumerate() {
        let p = format!("{ip}[{i}]");
        let r = obj(v, &p)?;
        check_keys(
            r,
            &p,
            &[
                "level1",
                "level2",
                "name",
                "target",
                "actual",
                "weight",
                "score",
                "deviation",
                "tier",
                "nature",
                "unit",
            ],
        )?;
        let tier = match r.get("tier") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(Tier::from_key(s).ok_or_else(|| {
                err(
                    &join(&p, "tier"),
                    format!("未知的达成等级「{s}」；应为 achieved、partial 或 not_achieved"),
                )
            })?),
            Some(v) => {
                return Err(err(
                    &join(&p, "tier"),
                    format!("应为文本，实际是{}", type_name(v)),
                ))
            }
        };
        indicators.push(Indicator {
            level1: text(r, &p, "level1")?,
            level2: text(r, &p, "level2")?,
            name: text(r, &p, "name")?,
            target: text(r, &p, "target")?,
            actual: text(r, &p, "actual")?,
            weight: amount(r, &p, "weight")?,
            score: amount(r, &p, "score")?,
            deviation: text(r, &p, "deviation")?,
            tier,
            nature: opt_text(r, &p, "nature")?,
            unit: opt_text(r, &p, "unit")?,
        });
    }
    let mut texts = std::collections::BTreeMap::new();
    if let Some(v) = m.get("texts") {
        let tp = join(path, "texts");
        let o = obj(v, &tp)?;
        let allowed: Vec<String> = t
            .text_keys()
            .iter()
            .map(|k| k.as_str().to_string())
            .collect();
        let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
        check_keys(o, &tp, &allowed)?;
        for k in o.keys() {
            texts.insert(k.clone(), text(o, &tp, k)?);
        }
    }
    Ok(Form {
        template,
        header,
        funds,
        goals,
        indicators,
        texts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_form_round_trips() {
        let f = Form::blank(crate::Template::default_template());
        assert_eq!(from_json(&to_json(&f)).unwrap(), f);
    }

    #[test]
    fn errors_name_the_place() {
        let e = from_json("{\"format\":\"selfeval-form\",\"version\":1,\"form\":{}}").unwrap_err();
        assert_eq!(e.path, "form.template");
        let e = from_json("{").unwrap_err();
        assert!(e.path.starts_with("第1行"), "{e}");
        let e = from_json("{\"format\":\"selfeval-form\",\"version\":9,\"form\":{}}").unwrap_err();
        assert!(e.message.contains("升级"), "{e}");
    }
}
