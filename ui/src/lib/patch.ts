// The core sends the editor only the rows of the view that changed (see
// core/src/view_patch.rs). This rebuilds the new view from the one the patch
// was made against, keeping every unchanged row object as it was, so the
// sheet redraws only the changed rows.

import type { FormView } from "./bindings/FormView";
import type { ViewPatch } from "./bindings/ViewPatch";

/** The view a patch describes. `base` is the view named by `patch.base`
 * (ignored when the patch holds every row). */
export function applyPatch(base: FormView | null, patch: ViewPatch): FormView {
  if (patch.base !== null && !base) throw new Error("patch without the view it applies to");
  const rows = patch.base !== null && base ? base.rows.slice(0, patch.row_count) : [];
  for (const p of patch.rows) rows[p.index] = p.row;
  if (rows.length !== patch.row_count) throw new Error(`patched view has ${rows.length} rows, not ${patch.row_count}`);
  for (let i = 0; i < rows.length; i++) if (!rows[i]) throw new Error(`patched view lacks row ${i}`);
  return {
    title: patch.title,
    column_widths_mm: base && base.column_widths_mm.join() === patch.column_widths_mm.join() ? base.column_widths_mm : patch.column_widths_mm,
    rows,
    issues: patch.issues ?? base?.issues ?? [],
    errors: patch.errors,
    warnings: patch.warnings,
    to_fill: patch.to_fill,
    total_score: patch.total_score,
    grade: patch.grade,
    groups: patch.groups,
  };
}
