// Tab-separated cells as Excel and WPS put them on the clipboard: tabs
// between columns, newlines between rows, fields holding a tab, newline or
// quote wrapped in double quotes with inner quotes doubled.

function readQuoted(s: string, i: number): { cell: string; next: number } | null {
  let j = i + 1;
  let cell = "";
  for (;;) {
    if (j >= s.length) return null;
    if (s[j] === '"') {
      if (s[j + 1] === '"') {
        cell += '"';
        j += 2;
        continue;
      }
      j += 1;
      break;
    }
    cell += s[j++];
  }
  if (j < s.length && s[j] !== "\t" && s[j] !== "\n") return null;
  return { cell, next: j };
}

function readRaw(s: string, i: number): { cell: string; next: number } {
  let j = i;
  while (j < s.length && s[j] !== "\t" && s[j] !== "\n") j++;
  return { cell: s.slice(i, j), next: j };
}

/** Parse clipboard text into rows of cells. */
export function parseTsv(text: string): string[][] {
  let s = text.replace(/\r\n?/g, "\n");
  if (text === "") return [];
  // A trailing newline ends the last row; it does not start an empty one.
  if (s.endsWith("\n")) s = s.slice(0, -1);
  const rows: string[][] = [[]];
  let i = 0;
  for (;;) {
    const { cell, next } = (s[i] === '"' && readQuoted(s, i)) || readRaw(s, i);
    rows[rows.length - 1].push(cell);
    if (next >= s.length) break;
    if (s[next] === "\n") rows.push([]);
    i = next + 1;
    if (i >= s.length) {
      rows[rows.length - 1].push("");
      break;
    }
  }
  return rows;
}

function quote(cell: string): string {
  return /[\t\n\r"]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** Rows of cells as clipboard text (CRLF between rows, as Excel writes it). */
export function toTsv(rows: string[][]): string {
  return rows.map((r) => r.map(quote).join("\t")).join("\r\n");
}
