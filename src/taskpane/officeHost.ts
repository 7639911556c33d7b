/**
 * The pane's services over Office: the workbook through `Excel.run` (one run per action, batched
 * by the adapters in src/excel) and the settings through the document's settings.
 */
import { applyWorkbookPlan } from "../excel/applyPlan";
import { insertChart } from "../excel/chart";
import { findExistingSheets, generateAssessments } from "../excel/generate";
import { clearHighlights, highlightCells, rewriteCells } from "../excel/highlight";
import { readWorkbookGrid } from "../excel/readGrid";
import { uniqueSheetNames } from "../sheet/planWorkbook";
import type { SettingsStore, WorkbookHost } from "./host";

/** The workbook host over Office JS; `excel` is injected so tests can stand in for it. */
export function createOfficeWorkbookHost(excel: typeof Excel = Excel): WorkbookHost {
  return {
    existingSheets: (names) => excel.run((context) => findExistingSheets(context, names)),
    generate: (planned, pack, extra, onProgress) =>
      excel.run((context) => generateAssessments(context, planned, pack, extra, onProgress)),
    read: (scope) => excel.run((context) => readWorkbookGrid(context, { sheets: scope })),
    select: (sheet, cell) =>
      excel.run(async (context) => {
        const worksheet = context.workbook.worksheets.getItem(sheet);
        worksheet.activate();
        worksheet.getRange(cell).select();
        await context.sync();
      }),
    highlight: (cells) => excel.run((context) => highlightCells(context, cells)),
    clearHighlights: (sheets) => excel.run((context) => clearHighlights(context, sheets)),
    rewrite: (cells) => excel.run((context) => rewriteCells(context, cells)),
    insertChart: (sheet, chart) => excel.run((context) => insertChart(context, sheet, chart)),
    addSheet: (sheet) =>
      excel.run(async (context) => {
        const worksheets = context.workbook.worksheets;
        worksheets.load("items/name");
        await context.sync();
        const existing = worksheets.items.map((ws) => ws.name);
        const lower = new Set(existing.map((n) => n.toLowerCase()));
        // A free name: "提升路径", "提升路径 (2)", …
        let name = sheet.name;
        for (let n = 2; lower.has(name.toLowerCase()); n++)
          name = uniqueSheetNames([`${sheet.name} (${n})`])[0]!;
        await applyWorkbookPlan(context, { sheets: [{ ...sheet, name }] }, { existing });
        return name;
      }),
    writeSheets: (sheets, onProgress) =>
      excel.run((context) => applyWorkbookPlan(context, { sheets }, { onProgress })),
  };
}

/** The key of the pane's settings in the document's settings. */
export const SETTINGS_KEY = "ctmm.settings";

/** Settings kept in the workbook (`Office.context.document.settings`), saved on every change. */
export function createDocumentSettingsStore(
  settings: Office.Settings = Office.context.document.settings,
): SettingsStore {
  return {
    read: () => settings.get(SETTINGS_KEY) as unknown,
    write: (value) =>
      new Promise<void>((resolve, reject) => {
        settings.set(SETTINGS_KEY, value);
        settings.saveAsync((result) =>
          result.status === Office.AsyncResultStatus.Succeeded
            ? resolve()
            : reject(new Error(result.error?.message ?? "the settings could not be saved")),
        );
      }),
  };
}
