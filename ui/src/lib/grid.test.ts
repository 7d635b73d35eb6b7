import { describe, expect, it } from "vitest";
import type { FormView } from "./bindings/FormView";
import { Grid } from "./grid";
import { parseTsv } from "./tsv";
import seed from "./fixtures/seed-view.json";

const view = seed as unknown as FormView;
const grid = new Grid(view);
const cell = (field: string) => {
  const c = grid.byField(field);
  if (!c) throw new Error(`no cell ${field}`);
  return c;
};

describe("keyboard navigation over the printed grid", () => {
  it("starts on 项目编码", () => {
    expect(grid.first()?.field).toBe("header.code");
  });
  it("arrows move to the neighbouring cell and skip labels", () => {
    expect(grid.move(cell("header.code"), "right").field).toBe("header.name");
    expect(grid.move(cell("header.name"), "right").field).toBe("header.year");
    expect(grid.move(cell("header.code"), "down").field).toBe("header.implementing_unit");
    expect(grid.move(cell("funds.total.executed"), "right").field).toBe("funds.weight");
    expect(grid.move(cell("funds.total.initial_budget"), "down").field).toBe(
      "funds.current_year.initial_budget",
    );
  });
  it("stops at the edge", () => {
    const year = cell("header.year");
    expect(grid.move(year, "right")).toBe(year);
    expect(grid.move(cell("header.code"), "up").field).toBe("header.code");
  });
  it("moves down through merged 一级/二级 cells row by row", () => {
    expect(grid.move(cell("indicators[0].name"), "down").field).toBe("indicators[1].name");
    // 一级 is merged over the first rows: down leaves it to the next 一级 group.
    const l1 = cell("indicators[0].level1");
    expect(l1.row_span).toBeGreaterThan(1);
    const below = grid.move(l1, "down");
    expect(below.field).toMatch(/^indicators\[\d+\]\.level1$/);
    expect(below.row).toBe(l1.row + l1.row_span);
    // Left of a 三级 cell on a later row of the group is the merged 二级 cell.
    expect(grid.move(cell("indicators[1].name"), "left").field).toBe("indicators[0].level2");
  });
  it("reaches the computed 执行率 and 总分 cells", () => {
    const rate = grid.move(cell("funds.weight"), "right");
    expect(rate.kind).toBe("computed");
    expect(rate.text).toBe("7.32");
  });
  it("Tab goes in reading order and wraps; Shift+Tab goes back", () => {
    const code = cell("header.code");
    expect(grid.next(code).field).toBe("header.name");
    expect(grid.next(grid.next(code), true)).toBe(code);
    expect(grid.next(code, true).kind).toBe("computed"); // the 总分 cell at the end
  });
});

describe("range selection and copy", () => {
  it("copies indicator rows as TSV that pastes back as the same rows", () => {
    const a = cell("indicators[0].name");
    const b = cell("indicators[1].deviation");
    const r = grid.rect(a, b);
    const rows = parseTsv(grid.tsv(r));
    expect(rows).toHaveLength(2);
    expect(rows[0][0]).toBe("参与党建活动人数");
    expect(rows[0]).toHaveLength(6);
    expect(rows[1][1]).toBe("≥4批次");
  });
  it("grows a range to whole merged cells", () => {
    const r = grid.rect(cell("indicators[0].level2"), cell("indicators[0].name"));
    const l2 = cell("indicators[0].level2");
    expect(r.bottom).toBe(l2.row + l2.row_span - 1);
    expect(grid.cellsIn(r).some((c) => c.field === "indicators[2].name")).toBe(true);
  });
  it("copies the merged 一级 cell's name, not its printed label", () => {
    const l1 = cell("indicators[0].level1");
    const rows = parseTsv(grid.tsv(grid.rect(l1, l1)));
    expect(rows[0][0]).toBe("产出指标");
    expect(rows[1][0]).toBe("");
  });
});
