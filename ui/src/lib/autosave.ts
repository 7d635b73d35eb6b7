// Autosave: every change reaches the store within `delay` ms (one save in
// flight at a time, always of the latest form). `flush()` saves now — used
// when the window closes or the editor is left.

export type SaveState =
  | { kind: "saved"; at: Date }
  | { kind: "saving" }
  | { kind: "pending" }
  | { kind: "failed"; message: string }
  | { kind: "idle" };

export class Autosave<T> {
  private latest: T | null = null;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: Promise<void> | null = null;
  state: SaveState = { kind: "idle" };

  constructor(
    private readonly save: (value: T) => Promise<void>,
    private readonly onState: (s: SaveState) => void = () => {},
    private readonly delay = 300,
    private readonly retry = 2000,
  ) {}

  private set(s: SaveState) {
    this.state = s;
    this.onState(s);
  }

  /** A change: save it within `delay` ms. */
  change(value: T) {
    this.latest = value;
    this.dirty = true;
    if (this.state.kind !== "saving") this.set({ kind: "pending" });
    this.arm(this.delay);
  }

  private arm(ms: number) {
    if (this.timer !== null || this.inflight) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, ms);
  }

  private async run(): Promise<void> {
    if (this.inflight) return this.inflight;
    if (!this.dirty || this.latest === null) return;
    const value = this.latest;
    this.dirty = false;
    this.set({ kind: "saving" });
    this.inflight = this.save(value).then(
      () => {
        this.inflight = null;
        if (this.dirty) {
          this.set({ kind: "pending" });
          this.arm(0);
        } else this.set({ kind: "saved", at: new Date() });
      },
      (e: unknown) => {
        this.inflight = null;
        this.dirty = true; // keep it; try again
        this.set({ kind: "failed", message: e instanceof Error ? e.message : String((e as { message?: string })?.message ?? e) });
        this.arm(this.retry);
      },
    );
    return this.inflight;
  }

  /** Save whatever is unsaved now, and wait for it. */
  async flush(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.inflight) await this.inflight;
    if (this.dirty) await this.run();
  }

  get unsaved(): boolean {
    return this.dirty || this.inflight !== null;
  }
}
