// The sheet's zoom, remembered between runs (kept in the settings).

const STEPS = [0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];

class Zoom {
  value = $state(1);
  /** Called when the user changes the zoom (the app saves it). */
  onChange: (v: number) => void = () => {};

  step(dir: -1 | 1) {
    const i = STEPS.indexOf(this.value);
    const j = Math.min(STEPS.length - 1, Math.max(0, (i < 0 ? 5 : i) + dir));
    this.set(STEPS[j]);
  }
  set(v: number) {
    this.value = v;
    this.onChange(v);
  }
  /** The remembered zoom, at start. */
  load(v: number) {
    this.value = STEPS.includes(v) ? v : 1;
  }
}

export const zoom = new Zoom();
