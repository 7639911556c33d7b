/**
 * Generating assessment sheets into a live workbook: what a generation would replace (to ask
 * first), and the generation itself — read what must survive, carry it into the plan (pure, in
 * src/sheet), write. Only data moves here; the decisions are the core's.
 */
import type { ModelPack } from "../model";
import { carryEntries, readSheetEntries, reviewEntries } from "../sheet/entries";
import type { SheetEntries } from "../sheet/entries";
import type { SheetGrid, WorkbookGrid } from "../sheet/grid";
import { parseRange } from "../sheet/a1";
import { META_SHEET, SHEET_NAMES } from "../sheet/contract";
import type { SheetPlan, WorkbookPlan } from "../sheet/plan";
import type { AssessmentSheet, SheetMetadata } from "../sheet/contract";
import { withEarlierMetadata } from "../sheet/planWorkbook";
import { readMetadata } from "../sheet/readAssessment";
import { applyWorkbookPlan } from "./applyPlan";
import { ExcelAdapterError } from "./errors";
import { gridCells, gridName, splitReference } from "./readGrid";

/** A planned workbook, as `planWorkbook` returns it. */
export interface PlannedWorkbook {
  readonly plan: WorkbookPlan;
  readonly sheets: readonly AssessmentSheet[];
  readonly metadata: readonly SheetMetadata[];
}

export interface GenerateResult {
  /** Sheets that existed and were rebuilt. */
  readonly replaced: readonly string[];
  /** Rebuilt sheets whose entries were carried over. */
  readonly kept: readonly string[];
  /** Entries of items the model no longer has, which could not be carried. */
  readonly dropped: readonly { readonly sheet: string; readonly itemId: string }[];
  readonly syncs: number;
  readonly batches: number;
}

/**
 * The planned sheets that exist in the workbook already (case-insensitive, as Excel compares
 * sheet names), in plan order. One sync.
 */
export async function findExistingSheets(
  context: Excel.RequestContext,
  names: readonly string[],
): Promise<string[]> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  await context.sync();
  const existing = new Set(worksheets.items.map((ws) => ws.name.toLowerCase()));
  return names.filter((name) => name !== META_SHEET && existing.has(name.toLowerCase()));
}

/**
 * Writes the planned assessment sheets (and `extra` sheets, such as a summary that refers to them
 * by name and is written last). Every rating, evidence note and header field of a sheet being
 * rebuilt is kept (SPEC §4), and the metadata of CTMM sheets not being rebuilt survives.
 * Syncs: one to list the sheets, one to read what must survive (only if something exists), then
 * one per write batch.
 */
export async function generateAssessments(
  context: Excel.RequestContext,
  planned: PlannedWorkbook,
  pack: ModelPack,
  extra: readonly SheetPlan[] = [],
  onProgress?: (done: number, total: number) => void,
): Promise<GenerateResult> {
  let syncs = 0;
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  try {
    await context.sync();
  } catch (error) {
    throw ExcelAdapterError.wrap(error, "readFailed");
  }
  syncs++;
  const names = worksheets.items.map((ws) => ws.name);
  const byLower = new Map(names.map((name) => [name.toLowerCase(), name]));
  const assessmentNames = planned.sheets.map((s) => s.plan.name);
  const toRead = [...assessmentNames, META_SHEET]
    .map((name) => byLower.get(name.toLowerCase()))
    .filter((name): name is string => name !== undefined);

  let plan: WorkbookPlan = planned.plan;
  let kept: string[] = [];
  let dropped: { sheet: string; itemId: string }[] = [];
  if (toRead.length > 0) {
    let grid: WorkbookGrid;
    try {
      grid = await readInputs(context, toRead);
    } catch (error) {
      throw ExcelAdapterError.wrap(error, "readFailed");
    }
    syncs++;
    const sources = new Map<string, SheetEntries>();
    const reviewSheets = new Set(
      planned.metadata.filter((m) => m.kind === "review").map((m) => m.sheet),
    );
    for (const sheet of assessmentNames) {
      const found = byLower.get(sheet.toLowerCase());
      const entries = found === undefined ? null : readSheetEntries(grid, found);
      if (!entries) continue;
      sources.set(sheet, reviewSheets.has(sheet) ? reviewEntries(entries) : entries);
    }
    const carried = carryEntries({ plan, sheets: [...planned.sheets] }, sources, pack);
    plan = carried.plan;
    kept = [...carried.kept];
    dropped = [...carried.dropped];
    const staying = new Set(names);
    plan = withEarlierMetadata(
      { plan, metadata: planned.metadata },
      [...readMetadata(grid).values()],
      staying,
    );
  }
  const full: WorkbookPlan = { ...plan, sheets: [...plan.sheets, ...extra] };
  const written = await applyWorkbookPlan(context, full, {
    existing: names,
    late: extra.map((s) => s.name),
    ...(onProgress ? { onProgress } : {}),
  });
  return {
    replaced: written.replaced,
    kept,
    dropped,
    syncs: syncs + written.syncs,
    batches: written.batches,
  };
}

/**
 * The used ranges and names of some existing sheets, as a grid, in one sync. Entries keep what
 * the user sees: a date typed into the date field is a serial number in `values` but "2024/5/1"
 * in `text`, so text cells and the date are read as text.
 */
async function readInputs(
  context: Excel.RequestContext,
  sheetNames: readonly string[],
): Promise<WorkbookGrid> {
  const loaded = sheetNames.map((name) => {
    const worksheet = context.workbook.worksheets.getItem(name);
    const used = worksheet.getUsedRangeOrNullObject(true);
    used.load("address,values,text");
    worksheet.names.load("items/name,items/formula");
    worksheet.load("name,visibility");
    return { worksheet, used };
  });
  await context.sync();
  const names = loaded.flatMap(({ worksheet }) =>
    worksheet.names.items.map((item) => gridName(item.name, worksheet.name, item.formula)),
  );
  return {
    sheets: loaded.map(({ worksheet, used }) => {
      if (used.isNullObject) return emptySheet(worksheet);
      const origin = parseRange(splitReference(used.address).reference)!;
      const date = names.find((n) => n.scope === worksheet.name && n.name === SHEET_NAMES.date);
      const isDate = (i: number, j: number) =>
        date?.target?.top === origin.top + i && date.target.left === origin.left + j;
      return {
        ...emptySheet(worksheet),
        cells: gridCells({
          address: used.address,
          values: used.values.map((row, i) =>
            row.map((value, j) =>
              typeof value === "number" && !isDate(i, j) ? value : used.text[i]![j],
            ),
          ),
        }),
      };
    }),
    names,
  };
}

function emptySheet(worksheet: Excel.Worksheet): SheetGrid {
  return {
    name: worksheet.name,
    visibility: worksheet.visibility === "Visible" ? "visible" : "veryHidden",
    cells: new Map(),
    protected: false,
    validations: [],
    merges: [],
  };
}
