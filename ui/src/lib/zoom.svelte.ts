// The sheet's zoom, remembered between runs.

const KEY = "selfeval.zoom";
const STEPS = [0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];

function load(): number {
  const v = Number(globalThis.localStorage?.getItem(KEY));
  return STEPS.includes(v) ? v : 1;
}

class Zoom {
  value = $state(load());
  step(dir: -1 | 1) {
    const i = STEPS.indexOf(this.value);
    const j = Math.min(STEPS.length - 1, Math.max(0, (i < 0 ? 5 : i) + dir));
    this.set(STEPS[j]);
  }
  set(v: number) {
    this.value = v;
    globalThis.localStorage?.setItem(KEY, String(v));
  }
}

export const zoom = new Zoom();
