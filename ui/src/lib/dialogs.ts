// Native file dialogs (async API). With SELFEVAL_EXPORT_DIR set (the
// end-to-end tests), saving goes straight into that directory, and opening
// takes the newest file of the asked type from it.

import { open, save } from "@tauri-apps/plugin-dialog";
import { api } from "./api";

export async function chooseSavePath(
  defaultName: string,
  filter: { name: string; extensions: string[] },
): Promise<string | null> {
  const forced = await api.testSavePath(defaultName);
  if (forced) return forced;
  return save({ defaultPath: defaultName, filters: [filter] });
}

export async function chooseOpenPath(filter: { name: string; extensions: string[] }): Promise<string | null> {
  const forced = await api.testOpenPath(filter.extensions);
  if (forced) return forced;
  const p = await open({ multiple: false, directory: false, filters: [filter] });
  return typeof p === "string" ? p : null;
}

/** A folder for a batch export. */
export async function chooseFolder(): Promise<string | null> {
  const forced = await api.testExportDir();
  if (forced) return forced;
  const p = await open({ multiple: false, directory: true });
  return typeof p === "string" ? p : null;
}

export const XLSX_FILTER = { name: "Excel 工作簿", extensions: ["xlsx"] };
/** What the import reads (told by content; see core/src/xlsx/import/open.rs). */
export const WORKBOOK_FILTER = {
  name: "工作簿（Excel、WPS、LibreOffice）",
  extensions: ["xlsx", "xlsm", "xls", "xlsb", "ods", "et"],
};
export const PDF_FILTER = { name: "PDF 文件", extensions: ["pdf"] };
