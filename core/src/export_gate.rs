//! What must be fixed before a form leaves the app as a file: a text over its
//! template limit would be cut by the budget system (or not fit its cell), and
//! SelfEval never cuts text silently, so such a form is not exported.

use crate::edit::cell_text;
use crate::field::Field;
use crate::model::Form;
use crate::template::{char_count, Template, TemplateError};

/// One text over its limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverLimit {
    pub field: Field,
    pub chars: usize,
    pub limit: usize,
}

/// Every text cell of the form over its template limit.
pub fn over_limit(form: &Form) -> Result<Vec<OverLimit>, TemplateError> {
    let t = Template::by_id(&form.template)?;
    let mut fields = t.text_fields();
    let columns = t.indicator_columns();
    for i in 0..form.indicators.len() {
        fields.extend(columns.iter().map(|c| Field::Indicator(i, *c)));
    }
    Ok(fields
        .into_iter()
        .filter_map(|field| {
            let chars = char_count(&cell_text(form, field)?);
            let limit = t.spec_of(field).limit;
            (chars > limit).then_some(OverLimit {
                field,
                chars,
                limit,
            })
        })
        .collect())
}

/// `Err` with a Chinese message naming every over-limit cell, or `Ok`.
pub fn check_exportable(form: &Form) -> Result<(), String> {
    let over = over_limit(form).map_err(|e| e.to_string())?;
    if over.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = over
        .iter()
        .map(|o| {
            format!(
                "{}（{} 字，限 {} 字）",
                o.field.describe_in(form),
                o.chars,
                o.limit
            )
        })
        .collect();
    Err(format!(
        "未导出：以下内容超过字数限制，预算系统不会接受；SelfEval 不会删减您的文字，请先精简：{}",
        list.join("；")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::IndicatorColumn as C;

    #[test]
    fn over_limit_text_blocks_the_export_and_is_named() {
        let mut f = Form::blank(Template::default_template());
        assert!(check_exportable(&f).is_ok());
        f.goals.actual = "字".repeat(2000);
        assert!(check_exportable(&f).is_ok(), "exactly at the limit is fine");
        f.goals.actual.push('多');
        f.indicators[1].deviation = "x".repeat(2001);
        let over = over_limit(&f).unwrap();
        assert_eq!(
            over.iter().map(|o| o.field).collect::<Vec<_>>(),
            vec![Field::GoalsActual, Field::Indicator(1, C::Deviation)]
        );
        let e = check_exportable(&f).unwrap_err();
        assert!(e.contains("实际完成情况（2001 字，限 2000 字）"), "{e}");
    }
}
