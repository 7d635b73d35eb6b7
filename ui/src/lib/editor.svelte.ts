// The state of the form editor: the form and its view from the core, the
// selection, the cell being edited, undo/redo. Every change goes through the
// core (`apply_edit`), which returns the new form and the rows of its view
// that changed (patch.ts); nothing here knows the form's rules.

import { tick } from "svelte";
import { SvelteSet } from "svelte/reactivity";
import { api, messageOf } from "./api";
import type { CellView } from "./bindings/CellView";
import type { Edit } from "./bindings/Edit";
import type { Form } from "./bindings/Form";
import type { FormView } from "./bindings/FormView";
import type { IssueView } from "./bindings/IssueView";
import type { Tier } from "./bindings/Tier";
import type { ViewPatch } from "./bindings/ViewPatch";
import { Grid, type Dir, type Rect } from "./grid";
import { History } from "./history";
import { applyPatch } from "./patch";
import { parseTsv } from "./tsv";

export interface Pos {
  row: number;
  col: number;
}

/** "enter": typing replaced the cell, arrows commit and move (Excel's Enter
 * mode); "edit": F2 or double-click, arrows move the caret. */
export type EditMode = "enter" | "edit";

export interface Editing {
  field: string;
  pos: Pos;
  text: string;
  mode: EditMode;
  /** The form and view before editing began (Esc goes back to them). */
  base: Form;
  baseView: FormView;
  baseToken: number;
  /** The core refused the text (not a number …); the editor stays open. */
  error: string | null;
  /** Highlighted entry of the choice list (一级/二级). */
  pick: number;
  /** The list is filtered by what is typed: not when it opens on the
   * cell's own value (F2, double-click), which would hide every other choice. */
  filter: boolean;
  /** A 二级 cell: choosing one moves the row into that group, so the
   * choice applies when it is made (on commit), not keystroke by keystroke.
   * `rename` renames the merged label instead (the row menu's 重命名). */
  deferred: boolean;
  rename: boolean;
}

interface Snapshot {
  form: Form;
  anchor: Pos;
  focus: Pos;
}

const INDICATOR = /^indicators\[(\d+)\]\.(\w+)$/;

/** The indicator row and column of a field address, if it is one. */
export function indicatorOf(field: string | null | undefined): { index: number; column: string } | null {
  const m = field ? INDICATOR.exec(field) : null;
  return m ? { index: Number(m[1]), column: m[2] } : null;
}

const READONLY = "此表已定稿，是只读的；如需修改，请先点「重新打开」";

/** Keystroke-to-view timings in ms (read by the benchmark). */
export const timings: number[] = [];

export class EditorState {
  form = $state.raw<Form>(null as unknown as Form);
  view = $state.raw<FormView>(null as unknown as FormView);
  /** The core's name of `view`: patches are made against it. */
  private token: number;
  grid = $derived(new Grid(this.view));
  anchor = $state<Pos>({ row: 0, col: 0 });
  focus = $state<Pos>({ row: 0, col: 0 });
  editing = $state<Editing | null>(null);
  /** A short message for the status bar (a refused paste cell …). */
  notice = $state<string | null>(null);
  /** A finalised (已定稿) form: shown, selected and copied, never changed. */
  readonly = $state(false);
  /** Cells the officer has edited and left: an empty required one among
   * them is an error to show; the others are still to fill. */
  readonly left = new SvelteSet<string>();
  /** Every empty required cell shown as an error (after 定稿 or an export
   * was asked for). */
  revealAll = $state(false);
  /** Bumped on every history change so the toolbar re-reads canUndo/canRedo. */
  historyTick = $state(0);
  readonly history = new History<Snapshot>(200);
  private chain: Promise<unknown> = Promise.resolve();
  private seq = 0;
  private pending: Promise<unknown> = Promise.resolve();

  /** Called after every change of the form (autosave listens here). */
  onChange: (form: Form) => void = () => {};
  /** Asks the officer (the app's confirmation dialog); true to go on. */
  confirm: (text: string, action: string, cancel: string) => Promise<boolean> = async () => true;

  /** An editor of `form`, from the core's first answer for it. */
  static async open(form: Form): Promise<EditorState> {
    const p = await api.renderForm(form, null);
    return new EditorState(form, applyPatch(null, p), p.token);
  }

  constructor(form: Form, view: FormView, token: number) {
    this.form = form;
    this.view = view;
    this.token = token;
    const first = new Grid(view).first();
    if (first) this.anchor = this.focus = { row: first.row, col: first.col };
  }

  /** Whether an issue or cell mark about `field` being empty is shown as an
   * error (the officer left the cell, or asked to finalise or export). */
  revealed(field: string | null | undefined): boolean {
    return this.revealAll || (!!field && this.left.has(field));
  }

  /** The issues to show: empty required cells only once revealed. */
  get issues(): IssueView[] {
    return this.view.issues.filter((i) => !i.blank || this.revealed(i.field));
  }

  /** Errors shown (empty required cells not yet left are counted in
   * `view.to_fill` instead). */
  get shownErrors(): number {
    return this.issues.filter((i) => i.severity === "error").length;
  }

  get current(): CellView | null {
    return this.grid.cellAt(this.focus.row, this.focus.col);
  }

  get range(): Rect | null {
    const a = this.grid.cellAt(this.anchor.row, this.anchor.col);
    const b = this.current;
    return a && b ? this.grid.rect(a, b) : null;
  }

  get canUndo(): boolean {
    void this.historyTick;
    return this.history.canUndo;
  }
  get canRedo(): boolean {
    void this.historyTick;
    return this.history.canRedo;
  }

  /** Serialise edits so that each applies to the form the previous one left. */
  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.chain.then(fn, fn);
    this.chain = p.catch(() => undefined);
    return p;
  }

  private snapshot(form = this.form): Snapshot {
    return { form, anchor: { ...this.anchor }, focus: { ...this.focus } };
  }

  /** Take the core's patch, made against `from` (the view named `have` when
   * the request left). */
  private adopt(p: ViewPatch, from: FormView) {
    this.view = applyPatch(from, p);
    this.token = p.token;
  }

  private record(before: Snapshot) {
    this.history.push(before);
    this.historyTick++;
  }

  /** The indicator row the officer was last on in a cell of its own (not a
   * merged 一级/二级 cell): the row a 二级 chosen on the merged cell means. */
  private lastRow: number | null = null;

  select(cell: CellView, extend = false) {
    const i = this.view.rows[cell.row]?.indicator;
    if (cell.row_span === 1 && i !== null && i !== undefined) this.lastRow = i;
    this.focus = { row: cell.row, col: cell.col };
    if (!extend) this.anchor = { ...this.focus };
  }

  selectAt(row: number, col: number, extend = false) {
    const c = this.grid.cellAt(row, col);
    if (c) this.select(c, extend);
  }

  selectField(field: string) {
    const c = this.grid.byField(field);
    if (c) this.select(c);
  }

  move(dir: Dir, extend = false) {
    const c = this.current;
    if (c) this.select(this.grid.move(c, dir), extend);
  }

  tab(backwards: boolean) {
    const c = this.current;
    if (c) this.select(this.grid.next(c, backwards));
  }

  // ---- editing one cell ----

  /** Start editing the current cell with `text` (typing) or its content (F2). */
  begin(mode: EditMode, text?: string, rename = false): boolean {
    const c = this.current;
    if (!c || c.kind !== "input" || !c.field || this.editing) return false;
    if (this.readonly) {
      this.notice = READONLY;
      return false;
    }
    this.editing = {
      field: c.field,
      pos: { row: c.row, col: c.col },
      text: text ?? c.edit,
      mode,
      base: this.form,
      baseView: this.view,
      baseToken: this.token,
      error: null,
      pick: -1,
      filter: text !== undefined,
      deferred: c.value_kind === "level2",
      rename,
    };
    if (text !== undefined) this.input(text);
    return true;
  }

  /** The text of the cell editor changed: apply it live, so every computed
   * cell and mark follows each keystroke. */
  input(text: string) {
    const e = this.editing;
    if (!e) return;
    e.text = text;
    e.pick = -1;
    e.filter = true;
    if (e.deferred) return;
    const seq = ++this.seq;
    const t0 = performance.now();
    const { base, field } = e;
    const from = this.view;
    this.pending = api
      .applyEdit(base, { op: "set", field, text }, this.token)
      .then(async (res) => {
        if (seq !== this.seq || this.editing?.field !== field) return;
        this.form = res.form;
        this.adopt(res.view, from);
        if (this.editing) this.editing.error = null;
        this.onChange(res.form);
        await tick();
        timings.push(performance.now() - t0);
        if (timings.length > 1000) timings.shift();
      })
      .catch((err) => {
        if (seq !== this.seq || !this.editing) return;
        this.editing.error = messageOf(err);
      });
  }

  /** The choices of the cell being edited, filtered by what is typed. */
  choices(): string[] {
    const e = this.editing;
    if (!e) return [];
    const c = this.grid.byField(e.field) ?? this.grid.cellAt(e.pos.row, e.pos.col);
    const all = c?.choices ?? [];
    if (!e.filter) return all;
    const t = e.text.trim();
    const hit = all.filter((x) => x.includes(t));
    return t && hit.length ? hit : all;
  }

  /** Finish editing. Returns false (and stays open) if the core refused the text. */
  async commit(): Promise<boolean> {
    const e = this.editing;
    if (!e) return true;
    const list = this.choices();
    if (e.pick >= 0 && e.pick < list.length && list[e.pick] !== e.text) {
      this.input(list[e.pick]);
    }
    await this.pending;
    if (!this.editing) return true;
    if (e.deferred) return this.commitGroup(e);
    if (this.editing.error) return false;
    if (this.form !== e.base) {
      this.record({ form: e.base, anchor: e.pos, focus: e.pos });
    }
    this.left.add(e.field);
    this.editing = null;
    return true;
  }

  /** Commit a 二级 cell: the row moves into the chosen group (or, from the
   * row menu, the group is renamed); the selection follows the row. */
  private async commitGroup(e: Editing): Promise<boolean> {
    const list = this.choices();
    const text = e.pick >= 0 && e.pick < list.length ? list[e.pick] : e.text;
    // A merged cell stands for several rows: the one the officer came from.
    const cell = this.grid.cellAt(e.pos.row, e.pos.col);
    let row = indicatorOf(e.field)?.index ?? 0;
    if (cell && this.lastRow !== null && !e.rename) {
      for (let r = cell.row; r < cell.row + cell.row_span; r++) {
        if (this.view.rows[r]?.indicator === this.lastRow) row = this.lastRow;
      }
    }
    const field = `indicators[${row}].level2`;
    if (text.trim() === (this.form.indicators[row]?.level2 ?? "").trim()) {
      this.left.add(e.field);
      this.editing = null;
      return true;
    }
    const edit: Edit = e.rename
      ? { op: "rename_group", index: row, level2: text }
      : { op: "set", field, text };
    this.editing = null;
    return this.run(edit, (_, moved) => this.selectIndicator(moved ?? row, "name"));
  }

  /** Esc: back to the cell as it was. */
  cancel() {
    const e = this.editing;
    if (!e) return;
    this.seq++;
    this.editing = null;
    this.left.add(e.field);
    if (this.form !== e.base) {
      this.form = e.base;
      this.view = e.baseView;
      this.token = e.baseToken;
      this.onChange(e.base);
    }
  }

  // ---- whole edits ----

  /** Apply an edit through the core and record it for undo. */
  run(edit: Edit, after?: (form: Form, row: number | null) => void): Promise<boolean> {
    if (this.readonly) {
      this.notice = READONLY;
      return Promise.resolve(false);
    }
    return this.enqueue(async () => {
      const before = this.snapshot();
      try {
        const from = this.view;
        const res = await api.applyEdit(this.form, edit, this.token);
        this.form = res.form;
        this.adopt(res.view, from);
        this.record(before);
        this.notice = res.rejected.length
          ? res.rejected.map((r) => r.message).join("；")
          : null;
        after?.(res.form, res.row);
        this.onChange(res.form);
        return true;
      } catch (err) {
        this.notice = messageOf(err);
        return false;
      }
    });
  }

  /** Delete: empty the input cells of the selection. */
  clear() {
    const r = this.range;
    if (!r) return;
    const fields = this.grid
      .cellsIn(r)
      .filter((c) => c.kind === "input" && c.field)
      .map((c) => c.field as string);
    if (!fields.length) return;
    for (const f of fields) this.left.add(f);
    void this.run({ op: "clear", fields });
  }

  /** The selection as TSV for the clipboard. */
  copyText(): string {
    const r = this.range;
    return r ? this.grid.tsv(r) : "";
  }

  /** Paste clipboard text at the top-left cell of the selection. */
  paste(text: string) {
    const r = this.range;
    const block = parseTsv(text);
    if (!r || !block.length) return;
    const start = this.grid.cellAt(r.top, r.left);
    const at = start?.kind === "input" ? start.field : this.current?.field;
    if (!at) {
      this.notice = "请先选中一个可填写的单元格再粘贴";
      return;
    }
    void this.run({ op: "paste", at, block });
  }

  /** The indicator rows the selection covers. */
  selectedRows(): number[] {
    const r = this.range;
    if (!r) return [];
    const rows = new Set<number>();
    for (let k = r.top; k <= r.bottom; k++) {
      const i = this.view.rows[k]?.indicator;
      if (i !== null && i !== undefined) rows.add(i);
    }
    return [...rows].sort((a, b) => a - b);
  }

  private selectIndicator(index: number | null, column: string) {
    if (index === null) return;
    const c =
      this.grid.byField(`indicators[${index}].${column}`) ?? this.grid.byField(`indicators[${index}].name`);
    if (c) this.select(c);
  }

  /** The indicator row of the selection (its focus). */
  currentRow(): number | null {
    const i = this.view.rows[this.focus.row]?.indicator;
    return i === null || i === undefined ? null : i;
  }

  /** Add a row to a 二级 group (its 「无」 row gives way); select it. */
  insertInto(level1: string, level2: string) {
    void this.run({ op: "insert_into", level1, level2 }, (_, row) => this.selectIndicator(row, "name"));
  }

  /** Move row `index` alone into another 二级 group. */
  moveToGroup(index: number, level1: string, level2: string) {
    void this.run({ op: "move_to_group", index, level1, level2 }, (_, row) => this.selectIndicator(row, "name"));
  }

  /** Rename the merged 二级 label over row `index`: edit it in place. */
  renameGroup(index: number) {
    const c = this.grid.byField(`indicators[${index}].level2`);
    if (!c) return false;
    this.select(c);
    return this.begin("edit", undefined, true);
  }

  insertRow() {
    const rows = this.selectedRows();
    const n = this.form.indicators.length;
    const like = rows.length ? rows[rows.length - 1] : n - 1;
    const at = like + 1;
    void this.run({ op: "insert_rows", at, count: 1, like: like >= 0 ? like : null }, (_, row) =>
      this.selectIndicator(row ?? at, "name"),
    );
  }

  deleteRows() {
    const rows = this.selectedRows();
    if (!rows.length) {
      this.notice = "请先选中要删除的绩效指标行";
      return;
    }
    const from = rows[0];
    const count = rows[rows.length - 1] - from + 1;
    void this.run({ op: "delete_rows", from, count }, (f) =>
      this.selectIndicator(Math.min(from, f.indicators.length - 1), "name"),
    );
  }

  moveRow(up: boolean) {
    const rows = this.selectedRows();
    if (rows.length !== 1) {
      this.notice = "请选中一行绩效指标再移动";
      return;
    }
    const index = rows[0];
    const column = indicatorOf(this.current?.field)?.column ?? "name";
    const me = this.form.indicators[index];
    const next = this.form.indicators[up ? index - 1 : index + 1];
    if (me && next && (me.level1.trim() !== next.level1.trim() || me.level2.trim() !== next.level2.trim())) {
      // At the edge of its group the row would change group: ask.
      void this.confirm(
        `此行已在「${me.level2 || me.level1 || "本组"}」的${up ? "最上" : "最下"}一行。要把它移到「${next.level2 || next.level1}」组吗？`,
        `移到「${next.level2 || next.level1}」`,
        "留在原组",
      ).then((yes) => {
        if (yes) void this.run({ op: "move_row", index, up }, (_, row) => this.selectIndicator(row ?? index, column));
      });
      return;
    }
    void this.run({ op: "move_row", index, up }, (_, row) => this.selectIndicator(row ?? index, column));
  }

  setTier(row: number, tier: Tier | null) {
    void this.run({ op: "set_tier", row, tier });
  }

  // ---- undo / redo ----

  private restore(s: Snapshot) {
    return this.enqueue(async () => {
      const from = this.view;
      const p = await api.renderForm(s.form, this.token);
      this.form = s.form;
      this.adopt(p, from);
      this.anchor = s.anchor;
      this.focus = s.focus;
      this.historyTick++;
      this.onChange(s.form);
    });
  }

  async undo() {
    if (this.readonly) return;
    if (this.editing) this.cancel();
    const s = this.history.undo(this.snapshot());
    if (s) await this.restore(s);
  }

  async redo() {
    if (this.editing || this.readonly) return;
    const s = this.history.redo(this.snapshot());
    if (s) await this.restore(s);
  }
}
