import { describe, expect, it } from "vitest";
import { History } from "./history";

describe("undo and redo", () => {
  it("goes back and forward through states", () => {
    const h = new History<number>();
    let s = 0;
    for (let k = 1; k <= 3; k++) {
      h.push(s);
      s = k;
    }
    s = h.undo(s)!;
    expect(s).toBe(2);
    s = h.undo(s)!;
    expect(s).toBe(1);
    s = h.redo(s)!;
    expect(s).toBe(2);
    expect(h.canRedo).toBe(true);
  });
  it("a new change after undo drops the redo steps", () => {
    const h = new History<string>();
    h.push("a");
    const back = h.undo("b")!;
    expect(back).toBe("a");
    h.push(back);
    expect(h.canRedo).toBe(false);
    expect(h.redo("c")).toBeNull();
  });
  it("keeps at least 100 steps", () => {
    const h = new History<number>();
    let s = 0;
    for (let k = 1; k <= 150; k++) {
      h.push(s);
      s = k;
    }
    let n = 0;
    for (let back = h.undo(s); back !== null; back = h.undo(s)) {
      s = back;
      n++;
    }
    expect(n).toBeGreaterThanOrEqual(100);
    expect(s).toBe(150 - n);
  });
  it("undo with nothing to undo changes nothing", () => {
    const h = new History<number>();
    expect(h.undo(5)).toBeNull();
    expect(h.canUndo).toBe(false);
  });
});
