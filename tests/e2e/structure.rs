//! Issue 15: the editor as an Excel user expects it — a new form shows what
//! is left to fill; rows go into any 二级 group (the row menu, or a 二级
//! typed on the row) and a group's 「无」 row gives way; a pasted block with
//! its own 一级/二级 keeps one block per group; 定稿 with warnings asks; 删除
//! offers 撤销; no message names a cell by an internal address; a fast
//! typist's characters before Tab all arrive.

use fantoccini::key::Key;
use serde_json::json;

use crate::editor::indicator_rows;
use crate::harness::{fresh_dir, App, Res};

/// The indicator index of the first row of 二级 group `level2`.
async fn group_row(app: &App, level2: &str) -> Res<usize> {
    let v = app
        .js(
            "const td = [...document.querySelectorAll('td[data-field$=\".level2\"]')].find(td => td.querySelector('.text').textContent === arguments[0]);
             return td ? Number(/\\[(\\d+)\\]/.exec(td.dataset.field)[1]) : null;",
            vec![json!(level2)],
        )
        .await?;
    v.as_u64()
        .map(|n| n as usize)
        .ok_or_else(|| format!("no 二级 group {level2}").into())
}

/// The names of the rows of each 二级 group, in order, as on screen.
async fn groups(app: &App) -> Res<Vec<(String, Vec<String>)>> {
    let v = app
        .js(
            "const out = [];
             for (const tr of document.querySelectorAll('tr.role-indicator')) {
               const l2 = tr.querySelector('td[data-field$=\".level2\"] .text');
               const name = tr.querySelector('td[data-field$=\".name\"] .text');
               if (l2) out.push([l2.textContent, []]);
               out[out.length - 1][1].push(name ? name.textContent : '');
             }
             return out;",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(v)?)
}

fn one_block_per_group(groups: &[(String, Vec<String>)]) {
    let seen: std::collections::HashSet<&String> = groups.iter().map(|(l2, _)| l2).collect();
    assert_eq!(seen.len(), groups.len(), "one block per group: {groups:?}");
}

fn names<'a>(groups: &'a [(String, Vec<String>)], level2: &str) -> Vec<&'a str> {
    groups
        .iter()
        .filter(|(g, _)| g == level2)
        .flat_map(|(_, n)| n.iter().map(String::as_str))
        .collect()
}

async fn text_of(app: &App, css: &str) -> Res<String> {
    let v = app
        .js(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
            vec![json!(css)],
        )
        .await?;
    Ok(v.as_str().unwrap_or("").to_string())
}

async fn wait_rows(app: &App, n: usize) -> Res {
    app.until(
        &format!("{n} indicator rows"),
        &format!("return document.querySelectorAll('tr.role-indicator').length === {n};"),
        10,
    )
    .await?;
    Ok(())
}

/// Defect 8 (and 6): a blank form opens with what is left to fill, not 49
/// errors; a required cell left empty becomes an error; the status bar names
/// cells in Chinese and counts characters only in text cells.
#[tokio::test(flavor = "multi_thread")]
async fn a_new_form_shows_what_is_left_to_fill() -> Res {
    let dir = fresh_dir("new-form-progress");
    let app = App::launch(&dir.join("data"), &dir.join("export")).await?;
    app.new_form(None).await?;
    let todo = text_of(&app, "[data-testid=to-fill]").await?;
    let left: usize = todo
        .trim_start_matches("还需填写 ")
        .trim_end_matches(" 项")
        .parse()
        .map_err(|_| format!("progress reads {todo:?}"))?;
    assert!(left >= 10, "{todo}");
    assert_eq!(text_of(&app, "[data-testid=error-count]").await?, "错误 0");
    let red = app
        .js(
            "return document.querySelectorAll('.issue.error, td.sev-error').length;",
            vec![],
        )
        .await?;
    assert_eq!(red, json!(0), "nothing red on a blank form");
    let quiet = app
        .js(
            "return document.querySelectorAll('td.todo').length;",
            vec![],
        )
        .await?;
    assert!(
        quiet.as_u64().unwrap_or(0) >= 10,
        "required cells marked: {quiet}"
    );
    app.screenshot("new-form").await?;

    // The status bar names the cell as the officer sees it.
    app.select("header.name").await?;
    assert_eq!(
        text_of(&app, "[data-testid=status-place]").await?,
        "项目名称"
    );
    app.select("funds.total.executed").await?;
    assert_eq!(
        text_of(&app, "[data-testid=status-place]").await?,
        "资金 · 年度资金总额 · 全年执行数"
    );
    assert_eq!(
        app.js(
            "return !!document.querySelector('[data-testid=status-count]');",
            vec![]
        )
        .await?,
        json!(false),
        "no character count on a number cell"
    );
    app.select("goals.actual").await?;
    assert_eq!(
        text_of(&app, "[data-testid=status-count]").await?,
        "0/2000 字"
    );

    // 项目名称 typed and taken back: left empty, it is an error now.
    app.select("header.name").await?;
    app.keys("临时").await?;
    app.press(&[], Key::Enter).await?;
    app.select("header.name").await?;
    app.press(&[], Key::Delete).await?;
    app.until(
        "项目名称 listed once left empty",
        "return [...document.querySelectorAll('.issue.error')].some(b => b.textContent.includes('项目名称为必填项'));",
        10,
    )
    .await?;
    assert_eq!(text_of(&app, "[data-testid=error-count]").await?, "错误 1");
    let now = text_of(&app, "[data-testid=to-fill]").await?;
    assert_eq!(now, format!("还需填写 {} 项", left - 1));
    app.quit().await
}

/// Defect 6: no internal address (`header.code`, `indicators[5].weight`) in
/// the status bar or the issues panel, over every seed form and a blank form
/// (every input cell selected in turn; a blank form's issues all shown).
#[tokio::test(flavor = "multi_thread")]
async fn no_internal_field_path_reaches_the_screen() -> Res {
    let dir = fresh_dir("no-field-paths");
    let app = App::launch(&dir.join("data"), &dir.join("export")).await?;
    const SCAN: &str = "const done = arguments[0];
        (async () => {
          const re = /[a-z_]{4,}(\\[\\d|\\.[a-z])/;
          const bad = [];
          const tds = [...document.querySelectorAll('td[data-kind=input]')];
          for (const td of tds) {
            td.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, button: 0 }));
            await new Promise((r) => requestAnimationFrame(r));
            const s = document.querySelector('[data-testid=status]').textContent;
            if (re.test(s)) bad.push(s);
          }
          for (const e of document.querySelectorAll('[data-testid=issues-panel], td[title]')) {
            const t = e.textContent + ' ' + (e.getAttribute('title') || '');
            if (re.test(t)) bad.push(t.slice(0, 200));
          }
          done({ cells: tds.length, issues: document.querySelectorAll('[data-testid=issue]').length, bad });
        })();";
    let forms = app
        .js(
            "return document.querySelectorAll('[data-testid=form-row]').length;",
            vec![],
        )
        .await?;
    assert_eq!(forms, json!(7));
    let mut issues = 0;
    for k in 0..7 {
        app.js(
            "document.querySelectorAll('[data-testid=form-row]')[arguments[0]].querySelector('[data-testid=open-form]').click(); return true;",
            vec![json!(k)],
        )
        .await?;
        app.wait_for("[data-testid=form-table]", 10).await?;
        let r = app.c.execute_async(SCAN, vec![]).await?;
        assert_eq!(r["bad"], json!([]), "seed {k}: {r}");
        assert!(r["cells"].as_u64().unwrap_or(0) > 40, "{r}");
        issues += r["issues"].as_u64().unwrap_or(0);
        app.click("[data-testid=back]").await?;
        app.wait_for("[data-testid=form-row]", 10).await?;
    }
    assert!(issues > 0, "the seeds' issues were scanned");
    app.new_form(None).await?;
    // Asking for an export shows every empty required cell as an error.
    app.click("[data-testid=export-xlsx]").await?;
    app.click("[data-testid=confirm-no]").await?;
    let r = app.c.execute_async(SCAN, vec![]).await?;
    assert_eq!(r["bad"], json!([]), "blank form: {r}");
    assert!(r["issues"].as_u64().unwrap_or(0) >= 10, "{r}");
    app.screenshot("blank-form-all-issues").await?;
    app.quit().await
}

/// Defect 3: a row goes into another 二级 group — from the row menu, and by
/// choosing a 二级 on the row — its 「无」 row gives way, the group it
/// leaves keeps its other rows, and moving across a group edge asks.
#[tokio::test(flavor = "multi_thread")]
async fn rows_go_into_any_group_and_the_placeholder_gives_way() -> Res {
    let dir = fresh_dir("structure");
    let app = App::launch(&dir.join("data"), &dir.join("export")).await?;
    app.new_form(None).await?;
    let rows = indicator_rows(&app).await? as usize;
    let eco = group_row(&app, "经济效益指标").await?;
    let green = group_row(&app, "生态效益指标").await?;
    app.fill(&format!("indicators[{eco}].name"), "带动就业")
        .await?;
    app.fill(&format!("indicators[{green}].name"), "无").await?;
    app.fill(&format!("indicators[{green}].weight"), "0")
        .await?;

    // From the 经济效益 row, the menu adds a row to 生态效益指标: it takes
    // the place of the 「无」 row there.
    app.select(&format!("indicators[{eco}].name")).await?;
    app.click("[data-testid=row-menu-button]").await?;
    app.wait_for("[data-testid=row-menu]", 5).await?;
    app.screenshot("structure-menu").await?;
    app.click("[data-testid=row-add-to][data-group=生态效益指标]")
        .await?;
    app.until(
        "the 「无」 row gave way",
        &format!("const c = document.querySelector('td[data-field=\"indicators[{green}].name\"] .text'); return c && c.textContent === '';"),
        10,
    )
    .await?;
    wait_rows(&app, rows).await?;
    let g = groups(&app).await?;
    assert_eq!(names(&g, "生态效益指标"), vec![""]);
    assert_eq!(names(&g, "经济效益指标"), vec!["带动就业"]);
    let cur = app
        .js(
            "return document.querySelector('td.current').dataset.field;",
            vec![],
        )
        .await?;
    assert_eq!(
        cur,
        json!(format!("indicators[{green}].name")),
        "the new row is selected"
    );

    // A new row in 经济效益指标, then its 二级 chosen on the merged cell:
    // that row alone moves to 社会效益指标.
    app.select(&format!("indicators[{eco}].name")).await?;
    app.click("[data-testid=insert-row]").await?;
    wait_rows(&app, rows + 1).await?;
    app.fill(&format!("indicators[{}].name", eco + 1), "增加税收")
        .await?;
    app.select(&format!("indicators[{}].name", eco + 1)).await?;
    app.press(&[], Key::Left).await?;
    let on = app
        .js(
            "return document.querySelector('td.current').dataset.field;",
            vec![],
        )
        .await?;
    assert_eq!(
        on,
        json!(format!("indicators[{eco}].level2")),
        "on the merged 二级 cell"
    );
    app.keys("社会效益指标").await?;
    app.press(&[], Key::Enter).await?;
    wait_rows(&app, rows).await?;
    let g = groups(&app).await?;
    assert_eq!(names(&g, "经济效益指标"), vec!["带动就业"]);
    assert_eq!(names(&g, "社会效益指标"), vec!["增加税收"]);
    one_block_per_group(&g);
    // Undone as one step from the toolbar, then redone.
    app.press(&[Key::Control], 'z').await?;
    wait_rows(&app, rows + 1).await?;
    assert_eq!(
        names(&groups(&app).await?, "经济效益指标"),
        vec!["带动就业", "增加税收"]
    );
    app.press(&[Key::Control], 'y').await?;
    wait_rows(&app, rows).await?;

    // Moving the last 经济效益 row down would change its group: asked first.
    app.select(&format!("indicators[{eco}].name")).await?;
    app.click("[data-testid=move-down]").await?;
    app.wait_for("[data-testid=confirm]", 5).await?;
    let asked = text_of(&app, "[data-testid=confirm-text]").await?;
    assert!(asked.contains("社会效益指标"), "{asked}");
    app.click("[data-testid=confirm-no]").await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        names(&groups(&app).await?, "经济效益指标"),
        vec!["带动就业"]
    );
    // Confirmed: the row becomes the first of 社会效益指标; 经济效益指标 gets
    // its 「无」 row back; undone in one step.
    app.click("[data-testid=move-down]").await?;
    app.click("[data-testid=confirm-yes]").await?;
    app.until(
        "moved into the next group",
        "return [...document.querySelectorAll('td[data-field$=\".name\"] .text')].some(t => t.textContent === '无');",
        10,
    )
    .await?;
    let g = groups(&app).await?;
    assert_eq!(names(&g, "社会效益指标"), vec!["带动就业", "增加税收"]);
    assert_eq!(names(&g, "经济效益指标"), vec!["无"]);
    one_block_per_group(&g);
    app.press(&[Key::Control], 'z').await?;
    app.until(
        "the move undone",
        "return ![...document.querySelectorAll('td[data-field$=\".name\"] .text')].some(t => t.textContent === '无');",
        10,
    )
    .await?;
    assert_eq!(
        names(&groups(&app).await?, "经济效益指标"),
        vec!["带动就业"]
    );

    // Renaming the merged label is its own action, on the whole group.
    app.select(&format!("indicators[{eco}].name")).await?;
    app.click("[data-testid=row-menu-button]").await?;
    app.click("[data-testid=row-rename]").await?;
    app.screenshot("structure-rename").await?;
    app.wait_for("[data-testid=cell-editor].active", 5).await?;
    // The list opens with every choice, not filtered to the cell's value.
    let choices = app
        .js(
            "return [...document.querySelectorAll('.choices .opt')].map(o => o.textContent);",
            vec![],
        )
        .await?;
    assert_eq!(
        choices,
        json!([
            "经济效益指标",
            "社会效益指标",
            "生态效益指标",
            "可持续影响指标"
        ])
    );
    app.press(&[], Key::Escape).await?;
    app.quit().await
}

/// Defect 4: four rows copied with their 一级/二级 and pasted on the 经济效益
/// row overwrite row for row — one block per group, no rows added.
#[tokio::test(flavor = "multi_thread")]
async fn a_pasted_block_with_groups_keeps_one_block_per_group() -> Res {
    let dir = fresh_dir("paste-groups");
    let app = App::launch(&dir.join("data"), &dir.join("export")).await?;
    app.new_form(None).await?;
    let rows = indicator_rows(&app).await? as usize;
    let eco = group_row(&app, "经济效益指标").await?;
    app.select(&format!("indicators[{eco}].level1")).await?;
    app.paste(
        "效益指标(30分)\t经济效益指标\t带动产值\t≥1亿元\t1.2亿元\t10\r\n\t社会效益指标\t服务人次\t≥1万\t1.5万\t10\r\n\t生态效益指标\t节能\t≥5%\t6%\t10\r\n满意度指标(10分)\t服务对象满意度指标\t满意度\t≥90%\t95%\t10\r\n",
    )
    .await?;
    app.until(
        "the pasted rows in place",
        "return [...document.querySelectorAll('td[data-field$=\".name\"] .text')].some(t => t.textContent === '满意度');",
        10,
    )
    .await?;
    wait_rows(&app, rows).await?;
    let g = groups(&app).await?;
    assert_eq!(names(&g, "经济效益指标"), vec!["带动产值"]);
    assert_eq!(names(&g, "社会效益指标"), vec!["服务人次"]);
    assert_eq!(names(&g, "生态效益指标"), vec!["节能"]);
    assert_eq!(names(&g, "服务对象满意度指标"), vec!["满意度"]);
    one_block_per_group(&g);
    let level1 = app
        .js(
            "return [...document.querySelectorAll('td[data-field$=\".level1\"] .text')].map(t => t.textContent);",
            vec![],
        )
        .await?;
    let level1: Vec<String> = serde_json::from_value(level1)?;
    let distinct: std::collections::HashSet<&String> = level1.iter().collect();
    assert_eq!(
        distinct.len(),
        level1.len(),
        "one block per 一级: {level1:?}"
    );
    app.screenshot("paste-with-groups").await?;
    app.quit().await
}

/// Defect 9: 定稿 with warnings outstanding asks; 删除 says which year's copy
/// went and offers 撤销; a finalised form's row buttons are disabled.
#[tokio::test(flavor = "multi_thread")]
async fn finalise_with_warnings_asks_and_delete_can_be_undone() -> Res {
    let dir = fresh_dir("confirmations");
    let app = App::launch(&dir.join("data"), &dir.join("export")).await?;
    app.open_by_name("党政事务").await?;
    app.click("[data-testid=finalise]").await?;
    app.wait_for("[data-testid=confirm]", 5).await?;
    let items = text_of(&app, "[data-testid=confirm-items]").await?;
    assert!(items.contains("远超"), "the warning is listed: {items}");
    app.screenshot("finalise-with-warnings").await?;
    app.click("[data-testid=confirm-no]").await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        app.js(
            "return !!document.querySelector('[data-testid=final-badge]');",
            vec![]
        )
        .await?,
        json!(false),
        "返回检查 does not finalise"
    );
    app.click("[data-testid=finalise]").await?;
    app.click("[data-testid=confirm-yes]").await?;
    app.wait_for("[data-testid=final-badge]", 10).await?;
    let disabled = app
        .js(
            "return ['insert-row', 'delete-rows', 'move-up', 'move-down', 'row-menu-button'].map(t => document.querySelector(`[data-testid=${t}]`).disabled);",
            vec![],
        )
        .await?;
    assert_eq!(disabled, json!([true, true, true, true, true]));
    app.click("[data-testid=back]").await?;

    app.row_action("综合管理事务", "trash-form").await?;
    let said = app.message("已移到回收站").await?;
    assert!(said.contains("「综合管理事务」（2023年度）"), "{said}");
    let n = app
        .js(
            "return document.querySelectorAll('[data-testid=form-row]').length;",
            vec![],
        )
        .await?;
    let _ = n;
    app.wait_rows(6).await?;
    app.click("[data-testid=message-undo]").await?;
    app.screenshot("delete-undone").await?;
    app.message("已还原").await?;
    app.wait_rows(7).await?;
    app.quit().await
}

/// Defect 9 (a character typed just before Tab did not arrive): type rows of
/// cells quickly with Tab between them, many times; every character is there.
#[tokio::test(flavor = "multi_thread")]
async fn a_fast_typists_characters_before_tab_all_arrive() -> Res {
    let dir = fresh_dir("fast-typing");
    let app = App::launch(&dir.join("data"), &dir.join("export")).await?;
    app.new_form(None).await?;
    let tab = '\u{E004}';
    for i in 0..8 {
        app.select(&format!("indicators[{i}].name")).await?;
        app.keys(&format!("指标{i}abc{tab}≥{i}0次{tab}{i}5次{tab}"))
            .await?;
    }
    for i in 0..8 {
        let want = [
            ("name", format!("指标{i}abc")),
            ("target", format!("≥{i}0次")),
            ("actual", format!("{i}5次")),
        ];
        for (col, text) in want {
            let field = format!("indicators[{i}].{col}");
            app.until(
                &format!("{field} = {text}"),
                &format!(
                    "const c = document.querySelector('td[data-field=\"{field}\"] .text'); return c && c.textContent === {};",
                    json!(text)
                ),
                10,
            )
            .await?;
        }
    }
    app.quit().await
}

/// Defect 9 (history): a session's autosaves are one entry, named events
/// are marked, and a revision's preview shows the cells that differ from
/// the current form before it is restored.
#[tokio::test(flavor = "multi_thread")]
async fn history_folds_autosaves_and_previews_the_differences() -> Res {
    let dir = fresh_dir("history");
    let app = App::launch(&dir.join("data"), &dir.join("export")).await?;
    app.open_by_name("干部健康管理").await?;
    let original = app.cell_text("header.name").await?;
    for (k, text) in ["一", "二", "三", "四"].iter().enumerate() {
        app.fill("indicators[0].deviation", &format!("第{text}次修改"))
            .await?;
        app.wait_saved().await?;
        if k == 1 {
            app.fill("header.name", "干部健康管理（改）").await?;
            app.wait_saved().await?;
        }
    }
    app.click("[data-testid=finalise]").await?;
    app.wait_for("[data-testid=final-badge]", 10).await?;
    app.click("[data-testid=revisions-button]").await?;
    app.wait_for("[data-testid=revisions]", 5).await?;
    let kinds = app
        .js(
            "return [...document.querySelectorAll('[data-testid=revision]')].map(r => r.dataset.kind);",
            vec![],
        )
        .await?;
    let kinds: Vec<String> = serde_json::from_value(kinds)?;
    assert_eq!(
        kinds.first().map(String::as_str),
        Some("final"),
        "{kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| *k == "save").count(),
        1,
        "five autosaves of one session are one entry: {kinds:?}"
    );
    app.screenshot("history").await?;
    // The oldest entry (the form as first stored), previewed.
    app.js(
        "const b = [...document.querySelectorAll('[data-testid=preview-revision]')]; b[b.length - 1].click(); return true;",
        vec![],
    )
    .await?;
    app.wait_for("[data-testid=revision-preview]", 10).await?;
    let changed = app
        .js(
            "return [...document.querySelectorAll('[data-testid=revision-preview] td.changed')].map(td => td.dataset.field);",
            vec![],
        )
        .await?;
    assert_eq!(
        changed,
        json!(["header.name", "indicators[0].deviation"]),
        "the cells that differ are marked"
    );
    let summary = text_of(&app, "[data-testid=preview-summary]").await?;
    assert!(summary.contains("2 个单元格不同"), "{summary}");
    app.screenshot("history-preview").await?;
    // Restoring needs the form reopened (it is finalised): the app says so.
    app.click("[data-testid=preview-restore]").await?;
    let said = app.message("重新打开").await?;
    assert!(said.contains("定稿"), "{said}");
    app.click("[data-testid=reopen]").await?;
    app.wait_for("[data-testid=finalise]", 10).await?;
    app.click("[data-testid=revisions-button]").await?;
    app.js(
        "const b = [...document.querySelectorAll('[data-testid=preview-revision]')]; b[b.length - 1].click(); return true;",
        vec![],
    )
    .await?;
    app.click("[data-testid=preview-restore]").await?;
    app.message("已恢复").await?;
    assert_eq!(app.cell_text("header.name").await?, original);
    app.quit().await
}

/// Defects 2 and 5: a qualitative row with a tier and its 得分 left empty is
/// an error naming the band; Ctrl+Z undoes after a dialog or a message
/// closed, wherever the focus went.
#[tokio::test(flavor = "multi_thread")]
async fn an_empty_qualitative_score_is_flagged_and_undo_works_after_a_message() -> Res {
    let dir = fresh_dir("qualitative-undo");
    let (data, export) = (dir.join("data"), dir.join("export"));
    let app = App::launch(&data, &export).await?;
    app.open_by_name("干部健康管理").await?;
    let k = group_row(&app, "社会效益指标").await?;
    app.fill(&format!("indicators[{k}].actual"), "明显提升")
        .await?;
    app.js(
        "document.querySelector(`td[data-field=\"indicators[${arguments[0]}].score\"] .tier`).dispatchEvent(new MouseEvent('mousedown', { bubbles: true, button: 0 })); return true;",
        vec![json!(k)],
    )
    .await?;
    app.wait_for(".menu[role=listbox] .opt", 5).await?;
    app.js(
        "document.querySelector('.menu[role=listbox] .opt').dispatchEvent(new MouseEvent('mousedown', { bubbles: true, button: 0 })); return true;",
        vec![],
    )
    .await?;
    let issue = app
        .until(
            "the band to fill is named",
            "const b = [...document.querySelectorAll('.issue.error')].find(b => b.textContent.includes('分内填写得分')); return b ? b.textContent : null;",
            10,
        )
        .await?;
    assert!(issue.as_str().unwrap_or("").contains("请在 "), "{issue}");
    // A dialog, then a message, closed: Ctrl+Z still undoes, step by step.
    app.click("[data-testid=export-xlsx]").await?;
    app.click("[data-testid=confirm-no]").await?;
    app.press(&[Key::Control], 'z').await?;
    app.until(
        "the tier undone",
        "return ![...document.querySelectorAll('.issue.error')].some(b => b.textContent.includes('分内填写得分'));",
        10,
    )
    .await?;
    app.click("[data-testid=export-xlsx]").await?;
    app.click("[data-testid=confirm-yes]").await?;
    app.message("已导出").await?;
    // The export is a named entry of the history (noted by the shell).
    app.click("[data-testid=revisions-button]").await?;
    app.wait_for("[data-testid=revisions]", 5).await?;
    let first = text_of(&app, "[data-testid=revision]").await?;
    assert!(first.contains("导出 XLSX"), "{first}");
    app.js(
        "document.querySelector('.backdrop').click(); return true;",
        vec![],
    )
    .await?;
    app.click("[data-testid=message] button[aria-label=关闭]")
        .await?;
    app.press(&[Key::Control], 'z').await?;
    app.until(
        "the 实际完成值 undone",
        &format!("const c = document.querySelector('td[data-field=\"indicators[{k}].actual\"] .text'); return c && c.textContent !== '明显提升';"),
        10,
    )
    .await?;
    app.quit().await
}
