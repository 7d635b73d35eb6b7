//! Templates in the window: 新建 asks which (the settings' default first),
//! the national form in 万元 and Sichuan's with its own columns are filled on
//! screen, the list shows each form's template, a form is converted to
//! another template as a copy, and a user's template file in the data
//! folder is offered (a broken one is named).

use fantoccini::key::Key;
use serde_json::json;

use crate::harness::{fresh_dir, repo, App, Res};

async fn picker_ids(app: &App) -> Res<Vec<String>> {
    let v = app
        .js(
            "return [...document.querySelectorAll('[data-testid=template-choice]')].map(e => e.dataset.id);",
            vec![],
        )
        .await?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default())
}

async fn checked(app: &App) -> Res<String> {
    let v = app
        .js(
            "const e = document.querySelector('[data-testid=template-choice] input:checked'); return e ? e.value : '';",
            vec![],
        )
        .await?;
    Ok(v.as_str().unwrap_or("").to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn new_forms_of_each_template_and_a_conversion() -> Res {
    let dir = fresh_dir("templates");
    let (data, export) = (dir.join("data"), dir.join("export"));
    // A user's template and a broken file, dropped in the data folder.
    std::fs::create_dir_all(data.join("templates"))?;
    std::fs::copy(
        repo().join("tests/fixtures/templates/hubei.json"),
        data.join("templates/hubei.json"),
    )?;
    std::fs::write(data.join("templates/坏的.json"), "{\"format\": 1}")?;
    let app = App::launch(&data, &export).await?;
    app.wait_rows(7).await?;

    // 新建 asks which template; the default (Shenzhen) is chosen first.
    app.click("[data-testid=new-form]").await?;
    app.wait_for("[data-testid=template-picker]", 10).await?;
    assert_eq!(
        picker_ids(&app).await?,
        ["shenzhen", "national", "sichuan", "hubei"]
    );
    assert_eq!(checked(&app).await?, "shenzhen");
    let refused = app
        .wait_for("[data-testid=template-refused]", 5)
        .await?
        .text()
        .await?;
    assert!(
        refused.contains("坏的.json") && refused.contains("缺少必需的键"),
        "{refused}"
    );
    app.screenshot("template-picker").await?;
    app.click("[data-testid=template-choice][data-id=national] input")
        .await?;
    app.click("[data-testid=template-ok]").await?;
    app.wait_for("[data-testid=form-table]", 10).await?;

    // The national form: no 项目编码, amounts in 万元 to the 分.
    let has_code = app
        .js(
            "return !!document.querySelector('td[data-field=\"header.code\"]');",
            vec![],
        )
        .await?;
    assert_eq!(has_code, json!(false));
    app.fill("header.name", "党政事务").await?;
    // The year is printed in its line as （2023年度）.
    app.select("header.year").await?;
    app.keys("2023").await?;
    app.press(&[], Key::Enter).await?;
    app.until(
        "（2023年度）",
        "const c = document.querySelector('td[data-field=\"header.year\"]'); return c && c.textContent.trim() === '（2023年度）';",
        10,
    )
    .await?;
    app.fill("header.budget_unit", "深圳市罗湖区政务服务数据管理局")
        .await?;
    app.fill("funds.total.annual_budget", "5").await?;
    app.fill("funds.total.executed", "0.36578").await?;
    assert_eq!(app.cell_text("funds.total.executed").await?, "0.36578");
    assert_eq!(app.computed("funds", 7).await?, "7.32");
    assert_eq!(app.computed("funds", 8).await?, "0.73");
    app.wait_saved().await?;
    app.screenshot("editor-national").await?;
    app.click("[data-testid=back]").await?;
    app.wait_row("党政事务", "财政部").await?;

    // Sichuan: 指标性质 and 度量单位 in their own columns; a rate under 90 %
    // asks for the 原因.
    app.new_form(Some("sichuan")).await?;
    app.fill("header.name", "四川测试项目").await?;
    app.fill("funds.total.annual_budget", "10").await?;
    app.fill("funds.total.executed", "8").await?;
    assert_eq!(app.computed("funds", 8).await?, "80.00");
    assert_eq!(
        app.cell_attr("funds.reason", "data-severity")
            .await?
            .as_deref(),
        Some("error")
    );
    app.fill("indicators[0].name", "培训人数").await?;
    app.fill("indicators[0].nature", "≥").await?;
    app.fill("indicators[0].target", "200").await?;
    app.fill("indicators[0].unit", "人次").await?;
    app.fill("indicators[0].actual", "150").await?;
    app.fill("indicators[0].weight", "10").await?;
    assert_eq!(app.cell_text("indicators[0].score").await?, "7.50");
    app.fill("funds.reason", "项目延期至次年").await?;
    assert_eq!(app.cell_attr("funds.reason", "data-severity").await?, None);
    app.fill("texts.conclusion", "基本完成年度目标").await?;
    app.wait_saved().await?;
    app.screenshot("editor-sichuan").await?;
    app.click("[data-testid=back]").await?;
    app.wait_row("四川测试项目", "四川省").await?;

    // Converting a seed (with its 项目编码): only Sichuan keeps every cell.
    app.row_action("综合管理事务", "convert-form").await?;
    app.wait_for("[data-testid=template-picker]", 10).await?;
    assert_eq!(picker_ids(&app).await?, ["sichuan"]);
    app.click("[data-testid=template-ok]").await?;
    app.wait_for("[data-testid=form-table]", 10).await?;
    let code = app.cell_text("header.code").await?;
    assert!(code.starts_with("4403"), "{code}");
    app.click("[data-testid=back]").await?;
    app.wait_rows(10).await?;
    app.wait_row("综合管理事务", "四川省").await?;
    app.wait_row("综合管理事务", "深圳市").await?;
    app.screenshot("list-templates").await?;

    // The settings' default template is chosen first.
    app.click("[data-testid=open-settings]").await?;
    let sel = app.wait_for("[data-testid=set-template]", 5).await?;
    sel.select_by_value("sichuan").await?;
    app.click("[data-testid=save-settings]").await?;
    app.message("设置已保存").await?;
    app.click("[data-testid=new-form]").await?;
    app.wait_for("[data-testid=template-picker]", 10).await?;
    assert_eq!(checked(&app).await?, "sichuan");
    app.quit().await
}
