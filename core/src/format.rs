//! The JSON interchange format of a form (see docs/format.md), version 1.
//!
//! Loading walks the JSON by hand so that every problem names the exact place
//! in the file and says in Chinese what is wrong.

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use crate::model::{FundColumn, FundRow, FundRowKind, Funds, Goals, Header, Indicator, Tier};
use crate::money::parse_amount;
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

fn amount(m: &Map<String, Value>, path: &str, key: &str) -> Result<Option<Decimal>, FormatError> {
    let p = join(path, key);
    let score = key == "weight" || key == "score";
    let parse =
        |t: &str| parse_amount(t).map_err(|e| format!("{e}，{}", crate::money::unit_hint(score)));
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
        &["template", "header", "funds", "goals", "indicators"],
    )?;
    let template = text(m, path, "template")?;
    crate::Template::by_id(&template).map_err(|e| err(&join(path, "template"), e.to_string()))?;
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
    check_keys(
        f,
        &fp,
        &["weight", "total", "current_year", "carried_over", "other"],
    )?;
    let mut funds = Funds {
        weight: amount(f, &fp, "weight")?,
        ..Funds::default()
    };
    for kind in FundRowKind::ALL {
        let rp = join(&fp, kind.key());
        let r = obj(f.get(kind.key()).unwrap_or(&Value::Null), &rp)?;
        check_keys(r, &rp, &["initial_budget", "annual_budget", "executed"])?;
        let mut row = FundRow::default();
        for col in FundColumn::ALL {
            row.set(col, amount(r, &rp, col.key())?);
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
        });
    }
    Ok(Form {
        template,
        header,
        funds,
        goals,
        indicators,
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
