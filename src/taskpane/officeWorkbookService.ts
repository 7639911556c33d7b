import type { ModelPack } from "../model";
import { applyWorkbookPlan } from "../excel/applyPlan";
import { readWorkbookGrid } from "../excel/readGrid";
import type { WorkbookGrid } from "../sheet/grid";
import { META_SHEET, planWorkbook } from "../sheet/planWorkbook";
import type { GenerateRequest, WorkbookService } from "./workbookService";

/** The pane's workbook service over Office JS: each operation is one Excel.run, batched. */
export function createOfficeWorkbookService(
  pack: ModelPack,
  excel: typeof Excel = Excel,
): WorkbookService {
  const plan = (request: GenerateRequest) =>
    planWorkbook(pack, {
      language: request.language,
      mode: request.mode,
      formulaStyle: request.formulaStyle,
      districts: request.districts,
      date: new Date().toISOString().slice(0, 10),
    }).plan;
  return {
    async sheetsToReplace(request) {
      const wanted = plan(request)
        .sheets.map((s) => s.name)
        .filter((name) => name !== META_SHEET);
      return excel.run(async (context) => {
        const sheets = context.workbook.worksheets;
        sheets.load("items/name");
        await context.sync();
        const existing = new Set(sheets.items.map((s) => s.name.toLowerCase()));
        return wanted.filter((name) => existing.has(name.toLowerCase()));
      });
    },
    async generate(request, keepEntries) {
      const workbookPlan = plan(request);
      await excel.run((context) => applyWorkbookPlan(context, workbookPlan, { keepEntries }));
      return workbookPlan.sheets.map((s) => s.name).filter((name) => name !== META_SHEET);
    },
    read(): Promise<WorkbookGrid> {
      return excel.run((context) => readWorkbookGrid(context));
    },
    async select(sheet, cell) {
      await excel.run(async (context) => {
        const worksheet = context.workbook.worksheets.getItem(sheet);
        worksheet.activate();
        worksheet.getRange(cell).select();
        await context.sync();
      });
    },
  };
}
