import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Autosave } from "./autosave";

describe("autosave", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("saves every change within the delay, the latest one, while typing goes on", async () => {
    const saved: string[] = [];
    const a = new Autosave<string>(async (v) => {
      saved.push(v);
    }, undefined, 300);
    // A keystroke every 100 ms for 2 s: nothing waits longer than the delay.
    let text = "";
    for (let t = 0; t < 2000; t += 100) {
      text += "字";
      a.change(text);
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(300);
    expect(saved.at(-1)).toBe(text);
    expect(saved.length).toBeGreaterThanOrEqual(5); // saved along the way, not only at the end
    expect(a.unsaved).toBe(false);
  });

  it("a change made during a slow save is saved right after it", async () => {
    const saved: string[] = [];
    const a = new Autosave<string>(
      (v) =>
        new Promise((ok) =>
          setTimeout(() => {
            saved.push(v);
            ok();
          }, 500),
        ),
      undefined,
      300,
    );
    a.change("a");
    await vi.advanceTimersByTimeAsync(400); // save of "a" in flight
    a.change("ab");
    await vi.advanceTimersByTimeAsync(1200);
    expect(saved).toEqual(["a", "ab"]);
  });

  it("keeps the change and retries when a save fails", async () => {
    let fail = true;
    const saved: string[] = [];
    const states: string[] = [];
    const a = new Autosave<string>(
      async (v) => {
        if (fail) throw new Error("磁盘已满");
        saved.push(v);
      },
      (s) => states.push(s.kind),
      300,
      1000,
    );
    a.change("x");
    await vi.advanceTimersByTimeAsync(300);
    expect(states).toContain("failed");
    expect(a.unsaved).toBe(true);
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual(["x"]);
    expect(states.at(-1)).toBe("saved");
  });

  it("flush saves at once (window closing)", async () => {
    const saved: string[] = [];
    const a = new Autosave<string>(async (v) => {
      saved.push(v);
    });
    a.change("last words");
    await a.flush();
    expect(saved).toEqual(["last words"]);
  });
});
