import { describe, expect, it } from "vitest";
import type { FormView } from "./bindings/FormView";
import type { ViewPatch } from "./bindings/ViewPatch";
import { applyPatch } from "./patch";
import seed from "./fixtures/seed-view.json";
import steps from "./fixtures/seed-patches.json";

const view = seed as unknown as FormView;
const patches = steps.patches as unknown as ViewPatch[];
const last = steps.last as unknown as FormView;

describe("views patched as the core sends them", () => {
  it("a series of edits ends in the view the core renders", () => {
    let v = structuredClone(view);
    for (const p of patches) {
      v = applyPatch(v, p);
      expect(v.total_score).toBe(p.total_score);
    }
    expect(v).toEqual(last);
  });

  it("a keystroke replaces only the changed rows and keeps the others as they were", () => {
    const before = applyPatch(structuredClone(view), patches[0]);
    const after = applyPatch(before, patches[1]);
    const changed = new Set(patches[1].rows.map((r) => r.index));
    expect(changed.size).toBeGreaterThan(0);
    expect(changed.size).toBeLessThan(4);
    after.rows.forEach((row, i) => {
      if (changed.has(i)) expect(row).not.toBe(before.rows[i]);
      else expect(row).toBe(before.rows[i]);
    });
    expect(after.issues).not.toBe(before.issues);
    // Typing the same text again: no rows, the same issues object.
    const again = applyPatch(after, patches[2]);
    expect(again.rows.every((r, i) => r === after.rows[i])).toBe(true);
    expect(again.issues).toBe(after.issues);
    expect(again.column_widths_mm).toBe(after.column_widths_mm);
  });

  it("a whole view needs no base, and a patch without its base is refused", () => {
    const full: ViewPatch = {
      ...patches[0],
      base: null,
      rows: last.rows.map((row, index) => ({ index, row })),
      row_count: last.rows.length,
      issues: last.issues,
    };
    expect(applyPatch(null, full).rows).toEqual(last.rows);
    expect(() => applyPatch(null, patches[1])).toThrow();
    // Rows added by the patch but missing from it: refused, not left as holes.
    const base = applyPatch(structuredClone(view), patches[0]);
    const added = patches[3].rows.filter((r) => r.index >= base.rows.length);
    expect(added.length).toBe(2);
    for (const gone of added) {
      const short = { ...patches[3], rows: patches[3].rows.filter((r) => r !== gone) };
      expect(() => applyPatch(base, short)).toThrow();
    }
  });
});
