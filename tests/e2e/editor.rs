//! Filling a new form in the editor: header, funds, indicators typed and
//! pasted, the 2000-character limit, undo/redo; and a seed form on screen.

use fantoccini::key::Key;

use crate::harness::{fresh_dir, App, Res};

/// How many indicator rows the sheet shows.
pub(crate) async fn indicator_rows(app: &App) -> Res<u64> {
    let v = app
        .js(
            "return document.querySelectorAll('tr.role-indicator').length;",
            vec![],
        )
        .await?;
    Ok(v.as_u64().unwrap_or(0))
}

async fn wait_total(app: &App, want: &str) -> Res {
    app.until(
        &format!("总分 {want}"),
        &format!(
            "const t = document.querySelector('[data-testid=total-score]'); return t && t.textContent === '{want}';"
        ),
        10,
    )
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn fill_a_new_form_by_keyboard_and_paste() -> Res {
    let dir = fresh_dir("fill_a_new_form");
    let app = App::launch(&dir.join("data"), &dir.join("export")).await?;
    app.screenshot("list").await?;
    app.new_form(None).await?;

    // Header, typed with real key events (Chinese included).
    app.fill("header.code", "440303210301500009999").await?;
    app.fill("header.name", "党建活动经费").await?;
    app.fill("header.year", "2024").await?;
    app.fill(
        "header.implementing_unit",
        "深圳市罗湖区政务服务数据管理局（本级）",
    )
    .await?;

    // Funds: 执行率 and 得分 appear as soon as the amounts are in.
    app.fill("funds.total.annual_budget", "50000").await?;
    assert_eq!(
        app.cell_text("funds.total.annual_budget").await?,
        "50000.00"
    );
    app.fill("funds.total.executed", "3657.80").await?;
    assert_eq!(app.computed("funds", 7).await?, "7.32");
    assert_eq!(app.computed("funds", 8).await?, "0.73");

    // A bad number is refused in the cell, with the reason, and nothing is lost.
    app.select("funds.total.initial_budget").await?;
    app.keys("5万").await?;
    app.press(&[], Key::Enter).await?;
    let err = app
        .wait_for("[data-testid=edit-error]", 5)
        .await?
        .text()
        .await?;
    assert!(err.contains("不是数字"), "{err}");
    app.press(&[], Key::Escape).await?;
    assert_eq!(app.cell_text("funds.total.initial_budget").await?, "");

    // An indicator typed cell by cell: its suggested 得分 appears.
    app.fill("indicators[0].name", "开展党建活动次数").await?;
    app.fill("indicators[0].target", "≥12次").await?;
    app.fill("indicators[0].actual", "16次").await?;
    app.fill("indicators[0].weight", "20").await?;
    assert_eq!(app.cell_text("indicators[0].score").await?, "20.00");
    wait_total(&app, "20.73").await?;

    // Three rows pasted from Excel into the one-row 质量指标 group: the group
    // grows by two rows.
    let before = indicator_rows(&app).await?;
    app.select("indicators[1].name").await?;
    app.paste(
        "质量达标率\t≥95%\t92.78%\t8\r\n按时完成率\t100%\t100%\t10\r\n投诉次数\t≤5次\t3次\t5\r\n",
    )
    .await?;
    app.until(
        "rows added by paste",
        &format!(
            "return document.querySelectorAll('tr.role-indicator').length === {};",
            before + 2
        ),
        10,
    )
    .await?;
    assert_eq!(app.cell_text("indicators[3].name").await?, "投诉次数");
    assert_eq!(app.cell_text("indicators[1].score").await?, "7.81");
    wait_total(&app, "43.54").await?;

    // Past the 2000-character limit: counted, flagged, listed, never cut.
    app.select("goals.actual").await?;
    app.press(&[], Key::F2).await?;
    app.js(
        "const b = document.querySelector('[data-testid=cell-editor]'); b.value = '字'.repeat(1998); b.dispatchEvent(new Event('input', { bubbles: true })); return true;",
        vec![],
    )
    .await?;
    app.keys("超出了").await?;
    app.until(
        "count 2001/2000 flagged",
        "const c = document.querySelector('td[data-field=\"goals.actual\"] [data-testid=count]'); return c && c.textContent === '2001/2000' && c.classList.contains('over');",
        10,
    )
    .await?;
    app.press(&[], Key::Enter).await?;
    assert_eq!(
        app.cell_attr("goals.actual", "data-severity")
            .await?
            .as_deref(),
        Some("error")
    );
    let shown = app.cell_text("goals.actual").await?;
    assert_eq!(shown.chars().count(), 2001, "the text is kept whole");
    let listed = app
        .js(
            "return [...document.querySelectorAll('[data-testid=issue][data-field=\"goals.actual\"]')].map(e => e.textContent).join('|');",
            vec![],
        )
        .await?;
    assert!(listed.as_str().unwrap_or("").contains("2000"), "{listed}");
    app.screenshot("editor-over-limit").await?;

    // Undo the long text, then the paste; redo both.
    app.press(&[Key::Control], 'z').await?;
    app.until(
        "undo of the long text",
        "const c = document.querySelector('td[data-field=\"goals.actual\"] [data-testid=count]'); return c && c.textContent === '0/2000';",
        10,
    )
    .await?;
    app.press(&[Key::Control], 'z').await?;
    app.until(
        "undo of the paste",
        &format!("return document.querySelectorAll('tr.role-indicator').length === {before};"),
        10,
    )
    .await?;
    wait_total(&app, "20.73").await?;
    app.press(&[Key::Control], 'y').await?;
    app.press(&[Key::Control], 'y').await?;
    wait_total(&app, "43.54").await?;
    app.until(
        "redo of the long text",
        "const c = document.querySelector('td[data-field=\"goals.actual\"] [data-testid=count]'); return c && c.textContent === '2001/2000';",
        10,
    )
    .await?;

    // Copy a range with Ctrl+C and paste it with Ctrl+V through the system
    // clipboard: two rows into the one-row 时效指标 group add one row.
    let rows = indicator_rows(&app).await?;
    app.select("indicators[1].name").await?;
    app.press(&[Key::Shift], Key::Down).await?;
    app.press(&[Key::Shift], Key::Right).await?;
    app.press(&[Key::Control], 'c').await?;
    app.select("indicators[4].name").await?;
    app.press(&[Key::Control], 'v').await?;
    app.until(
        "rows added by Ctrl+V",
        &format!(
            "return document.querySelectorAll('tr.role-indicator').length === {};",
            rows + 1
        ),
        10,
    )
    .await?;
    assert_eq!(app.cell_text("indicators[4].name").await?, "质量达标率");
    assert_eq!(app.cell_text("indicators[5].target").await?, "100%");
    // Delete clears the selected cells; Esc cancels an edit.
    app.select("indicators[5].target").await?;
    app.press(&[], Key::Delete).await?;
    app.until(
        "cleared by Delete",
        "const c = document.querySelector('td[data-field=\"indicators[5].target\"] .text'); return c && c.textContent === '';",
        10,
    )
    .await?;
    app.keys("改了").await?;
    app.press(&[], Key::Escape).await?;
    assert_eq!(app.cell_text("indicators[5].target").await?, "");
    app.quit().await
}

#[tokio::test(flavor = "multi_thread")]
async fn seed_form_reads_like_the_printed_form() -> Res {
    let dir = fresh_dir("seed_form");
    let app = App::launch(&dir.join("data"), &dir.join("export")).await?;
    let rows = app
        .js(
            "return [...document.querySelectorAll('[data-testid=form-row]')].map(r => r.textContent);",
            vec![],
        )
        .await?;
    let rows = rows.as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 7, "the seven seed forms are offered");
    assert!(rows
        .iter()
        .all(|r| r.as_str().unwrap_or("").contains("示例")));
    app.js(
        "const r = [...document.querySelectorAll('[data-testid=form-row]')].find(r => r.textContent.includes('440303210301500003219')); r.querySelector('[data-testid=open-form]').click(); return true;",
        vec![],
    )
    .await?;
    app.wait_for("[data-testid=form-table]", 10).await?;
    assert_eq!(app.cell_text("header.name").await?, "党政事务");
    assert_eq!(app.computed("funds", 7).await?, "7.32");
    assert_eq!(app.computed("funds", 8).await?, "0.73");
    let total = app
        .wait_for("[data-testid=total-score]", 5)
        .await?
        .text()
        .await?;
    assert_eq!(total, app.computed("total", 7).await?);
    // Its 评价等级, beside the 总分 and in the status bar (never printed).
    let grade = app
        .js(
            "return [document.querySelector('tr.role-total [data-testid=grade-badge]')?.textContent, document.querySelector('[data-testid=grade]')?.textContent];",
            vec![],
        )
        .await?;
    assert_eq!(grade, serde_json::json!(["优", "优"]));
    app.screenshot("editor-seed").await?;

    // The issues panel: an entry jumps to its cell.
    let target = app
        .js(
            "const b = [...document.querySelectorAll('[data-testid=issue]')].find(b => !b.disabled && b.dataset.field); if (!b) return null; b.click(); return b.dataset.field;",
            vec![],
        )
        .await?;
    if let Some(field) = target.as_str() {
        app.until(
            "jump to the issue's cell",
            "const c = document.querySelector('td.current'); return c ? c.dataset.field || c.dataset.pos : null;",
            5,
        )
        .await?;
        let cur = app
            .js(
                "const c = document.querySelector('td.current'); return c.dataset.field;",
                vec![],
            )
            .await?;
        let cur = cur.as_str().unwrap_or("");
        let same_row = |f: &str| f.split('.').next().map(str::to_string);
        assert!(
            cur == field || same_row(cur) == same_row(field),
            "jumped to {cur}, issue is on {field}"
        );
    }
    app.screenshot("issues-panel").await?;
    app.quit().await
}

/// What an input method does to the cell editor, as WebKit reports it:
/// composition start, input events while composing (the pinyin), and Enter
/// pressed inside the input method to pick a candidate.
async fn compose_start(app: &App, steps: &[&str]) -> Res {
    app.js(
        "const box = document.querySelector('[data-testid=cell-editor]');
         box.focus();
         box.dispatchEvent(new CompositionEvent('compositionstart', { data: '', bubbles: true }));
         for (const s of arguments[0]) {
           box.value = s;
           box.dispatchEvent(new InputEvent('input', { isComposing: true, inputType: 'insertCompositionText', data: s, bubbles: true }));
           box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, bubbles: true }));
         }
         return true;",
        vec![serde_json::json!(steps)],
    )
    .await?;
    Ok(())
}

/// The input method commits `done`.
async fn compose_end(app: &App, done: &str) -> Res {
    app.js(
        "const box = document.querySelector('[data-testid=cell-editor]');
         box.value = arguments[0];
         box.dispatchEvent(new CompositionEvent('compositionend', { data: arguments[0], bubbles: true }));
         box.dispatchEvent(new InputEvent('input', { isComposing: false, inputType: 'insertFromComposition', data: arguments[0], bubbles: true }));
         return true;",
        vec![serde_json::json!(done)],
    )
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn chinese_typed_through_an_input_method_lands_in_the_cell() -> Res {
    let dir = fresh_dir("ime");
    let app = App::launch(&dir.join("data"), &dir.join("export")).await?;
    app.new_form(None).await?;

    // Composing on a selected cell starts editing it; the pinyin on the way
    // is not taken as the value, and Enter inside the input method does not
    // commit it.
    app.select("header.name").await?;
    compose_start(&app, &["d", "dang", "dangzheng"]).await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        app.cell_text("header.name").await?,
        "",
        "pinyin reached the cell"
    );
    compose_end(&app, "党政事务").await?;
    let open = app
        .js(
            "return document.querySelector('[data-testid=cell-editor]').classList.contains('active');",
            vec![],
        )
        .await?;
    assert_eq!(open, serde_json::json!(true), "still editing");
    app.press(&[], Key::Enter).await?;
    app.until(
        "党政事务 in the cell",
        "const c = document.querySelector('td[data-field=\"header.name\"] .text'); return c && c.textContent === '党政事务';",
        10,
    )
    .await?;

    // A long text: composed Chinese counts against the limit as typed.
    app.select("goals.expected").await?;
    compose_start(&app, &["shenru"]).await?;
    compose_end(&app, "深入推进").await?;
    app.press(&[], Key::Enter).await?;
    app.until(
        "深入推进 in the goal",
        "const c = document.querySelector('td[data-field=\"goals.expected\"] .text'); return c && c.textContent === '深入推进';",
        10,
    )
    .await?;
    assert_eq!(
        app.js(
            "return document.querySelector('td[data-field=\"goals.expected\"] [data-testid=count]').textContent;",
            vec![]
        )
        .await?,
        serde_json::json!("4/2000")
    );
    app.wait_saved().await?;
    app.quit().await
}
