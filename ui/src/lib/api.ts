// Typed calls of the shell's commands. Argument and result types are the
// ts-rs bindings generated from the Rust types.

import { invoke } from "@tauri-apps/api/core";
import type { BackupFolder } from "./bindings/BackupFolder";
import type { BackupRow } from "./bindings/BackupRow";
import type { BackupStatus } from "./bindings/BackupStatus";
import type { Edit } from "./bindings/Edit";
import type { EditedPatch } from "./bindings/EditedPatch";
import type { Form } from "./bindings/Form";
import type { ImportResult } from "./bindings/ImportResult";
import type { ListQuery } from "./bindings/ListQuery";
import type { ListRow } from "./bindings/ListRow";
import type { Opened } from "./bindings/Opened";
import type { OverviewQuery } from "./bindings/OverviewQuery";
import type { YearOverview } from "./bindings/YearOverview";
import type { Revision } from "./bindings/Revision";
import type { RevisionPreview } from "./bindings/RevisionPreview";
import type { SaveResult } from "./bindings/SaveResult";
import type { Settings } from "./bindings/Settings";
import type { TemplateInfo } from "./bindings/TemplateInfo";
import type { TemplateList } from "./bindings/TemplateList";
import type { ViewPatch } from "./bindings/ViewPatch";

export const api = {
  /** The view of a form, as a patch against the view `have` (see patch.ts). */
  renderForm: (form: Form, have: number | null) => invoke<ViewPatch>("render_form", { form, have }),
  /** Apply an edit: the new form, and its view as a patch against `have`. */
  applyEdit: (form: Form, edit: Edit, have: number | null) =>
    invoke<EditedPatch>("apply_edit", { form, edit, have }),
  uiReady: () => invoke<void>("ui_ready"),
  backupStatus: () => invoke<BackupStatus>("backup_status"),
  listBackups: () => invoke<BackupRow[]>("list_backups"),
  backupFolder: () => invoke<BackupFolder>("backup_folder"),
  setBackupFolder: (path: string | null) => invoke<BackupFolder>("set_backup_folder", { path }),
  exportAll: (path: string, history: boolean) => invoke<string>("export_all", { path, history }),
  importAll: (path: string) => invoke<number>("import_all", { path }),

  listForms: (query: ListQuery) => invoke<ListRow[]>("list_forms", { query }),
  yearOverview: (query: OverviewQuery) => invoke<YearOverview>("year_overview", { query }),
  listRows: (ids: number[]) => invoke<ListRow[]>("list_rows", { ids }),
  summaryFileName: (year: string | null, format: string) => invoke<string>("summary_file_name", { year, format }),
  exportSummary: (ids: number[], format: string, path: string) => invoke<string>("export_summary", { ids, format, path }),
  printSelected: (ids: number[], withSummary: boolean, path: string | null) =>
    invoke<string>("print_selected", { ids, withSummary, path }),
  openForm: (id: number) => invoke<Opened>("open_form", { id }),
  createForm: (template: string | null) => invoke<number>("create_form", { template }),
  listTemplates: () => invoke<TemplateList>("list_templates"),
  convertibleTemplates: (id: number) => invoke<TemplateInfo[]>("convertible_templates", { id }),
  convertForm: (id: number, template: string) => invoke<number>("convert_form", { id, template }),
  duplicateForm: (id: number) => invoke<number>("duplicate_form", { id }),
  saveForm: (id: number, form: Form) => invoke<SaveResult>("save_form", { id, form }),
  trashForm: (id: number) => invoke<void>("trash_form", { id }),
  restoreForm: (id: number) => invoke<void>("restore_form", { id }),
  purgeForm: (id: number) => invoke<void>("purge_form", { id }),
  removeExamples: () => invoke<number>("remove_examples"),
  finaliseForm: (id: number) => invoke<void>("finalise_form", { id }),
  reopenForm: (id: number) => invoke<void>("reopen_form", { id }),
  listRevisions: (id: number) => invoke<Revision[]>("list_revisions", { id }),
  restoreRevision: (id: number, rev: number) => invoke<SaveResult>("restore_revision", { id, rev }),
  previewRevision: (id: number, rev: number) => invoke<RevisionPreview>("preview_revision", { id, rev }),
  backupTo: (path: string) => invoke<string>("backup_to", { path }),
  restoreBackup: (path: string) => invoke<string | null>("restore_backup", { path }),
  getSettings: () => invoke<Settings>("get_settings"),
  setSettings: (settings: Settings) => invoke<void>("set_settings", { settings }),
  databasePath: () => invoke<string>("database_path"),
  testSavePath: (fileName: string) => invoke<string | null>("test_save_path", { fileName }),
  testOpenPath: (extensions: string[]) => invoke<string | null>("test_open_path", { extensions }),
  exportFileName: (form: Form, format: string) => invoke<string>("export_file_name", { form, format }),
  exportForm: (form: Form, format: string, path: string, id: number | null) =>
    invoke<string>("export_form", { form, format, path, id }),
  exportStored: (id: number, format: string, dir: string) => invoke<string>("export_stored", { id, format, dir }),
  printForm: (form: Form, id: number | null) => invoke<string>("print_form", { form, id }),
  openExported: (path: string) => invoke<void>("open_exported", { path }),
  importXlsx: (path: string) => invoke<ImportResult>("import_xlsx", { path }),
  testExportDir: () => invoke<string | null>("test_export_dir"),
};

/** The Chinese message of a failed command. */
export function messageOf(e: unknown): string {
  if (typeof e === "string") return e;
  if (e && typeof e === "object" && "message" in e) return String((e as { message: unknown }).message);
  return String(e);
}

/** "2026-11-26 05:31" from Unix milliseconds. */
export function formatTime(ms: number | Date): string {
  const d = ms instanceof Date ? ms : new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
