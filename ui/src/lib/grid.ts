// The editor's model of the printed grid: which cell covers which position,
// keyboard moves, range selection and copying a range as TSV. Built from the
// core's view; it knows nothing of the form's rules.

import type { CellView } from "./bindings/CellView";
import type { FormView } from "./bindings/FormView";
import { toTsv } from "./tsv";

export type Dir = "up" | "down" | "left" | "right";

export interface Rect {
  top: number;
  left: number;
  bottom: number; // inclusive
  right: number; // inclusive
}

export const posKey = (c: { row: number; col: number }): string => `${c.row}:${c.col}`;

/** Cells that can be selected: inputs and computed values (labels are skipped). */
export const selectable = (c: CellView): boolean => c.kind !== "label";

export class Grid {
  readonly cells: CellView[];
  readonly rows: number;
  readonly cols: number;
  private readonly at: (CellView | null)[][];
  private readonly fields = new Map<string, CellView>();
  private readonly order: CellView[];

  constructor(view: FormView) {
    this.cells = view.rows.flatMap((r) => r.cells);
    this.rows = view.rows.length;
    this.cols = view.column_widths_mm.length;
    this.at = Array.from({ length: this.rows }, () => Array<CellView | null>(this.cols).fill(null));
    for (const c of this.cells) {
      for (let r = c.row; r < c.row + c.row_span && r < this.rows; r++)
        for (let k = c.col; k < c.col + c.col_span && k < this.cols; k++) this.at[r][k] = c;
      if (c.field) this.fields.set(c.field, c);
    }
    this.order = this.cells
      .filter(selectable)
      .sort((a, b) => a.row - b.row || a.col - b.col);
  }

  /** The cell covering a position (merged cells cover several). */
  cellAt(row: number, col: number): CellView | null {
    return this.at[row]?.[col] ?? null;
  }

  byField(field: string): CellView | null {
    return this.fields.get(field) ?? null;
  }

  /** The first selectable cell in reading order. */
  first(): CellView | null {
    return this.order[0] ?? null;
  }

  /** The nearest selectable cell in a direction; the cell itself at the edge. */
  move(from: CellView, dir: Dir): CellView {
    let r = from.row;
    let c = from.col;
    const [dr, dc] = { up: [-1, 0], down: [1, 0], left: [0, -1], right: [0, 1] }[dir];
    if (dir === "down") r = from.row + from.row_span - 1;
    if (dir === "right") c = from.col + from.col_span - 1;
    for (;;) {
      r += dr;
      c += dc;
      if (r < 0 || c < 0 || r >= this.rows || c >= this.cols) return from;
      const x = this.cellAt(r, c);
      if (x && x !== from && selectable(x)) return x;
    }
  }

  /** Tab order: the next (or previous) selectable cell in reading order, wrapping. */
  next(from: CellView, backwards = false): CellView {
    const i = this.order.indexOf(from);
    if (i < 0) return this.first() ?? from;
    const n = this.order.length;
    return this.order[(i + (backwards ? n - 1 : 1)) % n];
  }

  /** The rectangle spanned by two cells, grown to whole merged cells. */
  rect(a: CellView, b: CellView): Rect {
    const r: Rect = {
      top: Math.min(a.row, b.row),
      left: Math.min(a.col, b.col),
      bottom: Math.max(a.row + a.row_span, b.row + b.row_span) - 1,
      right: Math.max(a.col + a.col_span, b.col + b.col_span) - 1,
    };
    for (let grown = true; grown; ) {
      grown = false;
      for (const c of this.cells) {
        if (!intersects(c, r)) continue;
        const bottom = c.row + c.row_span - 1;
        const right = c.col + c.col_span - 1;
        if (c.row < r.top || c.col < r.left || bottom > r.bottom || right > r.right) {
          r.top = Math.min(r.top, c.row);
          r.left = Math.min(r.left, c.col);
          r.bottom = Math.max(r.bottom, bottom);
          r.right = Math.max(r.right, right);
          grown = true;
        }
      }
    }
    return r;
  }

  /** The cells inside a rectangle. */
  cellsIn(r: Rect): CellView[] {
    return this.cells.filter((c) => intersects(c, r));
  }

  /** A rectangle as TSV: each position gets the text of the cell starting there. */
  tsv(r: Rect): string {
    const out: string[][] = [];
    for (let row = r.top; row <= r.bottom; row++) {
      const line: string[] = [];
      for (let col = r.left; col <= r.right; col++) {
        const c = this.cellAt(row, col);
        line.push(c && c.row === row && c.col === col ? c.copy : "");
      }
      out.push(line);
    }
    return toTsv(out);
  }
}

export function intersects(c: CellView, r: Rect): boolean {
  return (
    c.row <= r.bottom && c.row + c.row_span - 1 >= r.top && c.col <= r.right && c.col + c.col_span - 1 >= r.left
  );
}
