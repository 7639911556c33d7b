/**
 * Highlighting the cells that have findings, and removing the highlight again, without touching
 * the cells' own formats: the highlight is a conditional format of our own, on top of the sheet's
 * rules, recognised later by its formula.
 *
 * Requirement sets: ExcelApi 1.9 (RangeAreas.conditionalFormats), ExcelApi 1.6 (conditional formats), ExcelApi 1.2 (protection).
 */
import { ExcelAdapterError } from "./errors";
import { chunkAddresses } from "./sheetRequests";

/** Always true, and never written by the planner: the mark of a highlight rule. */
export const HIGHLIGHT_FORMULA = '=ISTEXT("CTMM finding")';

export interface CellRef {
  readonly sheet: string;
  readonly cell: string;
}

/** Fill colours by severity. */
const FILLS = { error: "#FFC7CE", warning: "#FFEB9C" } as const;

/**
 * Highlights each cell (errors red, warnings amber). Two syncs (see `changeSheets`).
 */
export async function highlightCells(
  context: Excel.RequestContext,
  cells: readonly (CellRef & { readonly severity: "error" | "warning" })[],
): Promise<void> {
  await changeSheets(context, cells, (worksheet, mine) => {
    for (const severity of ["warning", "error"] as const) {
      const addresses = mine.filter((c) => c.severity === severity).map((c) => c.cell);
      if (addresses.length === 0) continue;
      // Errors are added last, so they sit on top where a cell has both. One rule per run of
      // addresses (RangeAreas), not one per cell.
      for (const list of chunkAddresses(addresses)) {
        const format = worksheet.getRanges(list).conditionalFormats.add("Custom");
        format.custom.rule.formula = HIGHLIGHT_FORMULA;
        format.custom.format.fill.color = FILLS[severity];
      }
    }
  });
}

/**
 * Queues `change` for each sheet's cells, a protected sheet unprotected for it and protected again
 * in the same request. Two syncs: one to read the protection, one to write.
 */
async function changeSheets<T extends CellRef>(
  context: Excel.RequestContext,
  cells: readonly T[],
  change: (worksheet: Excel.Worksheet, cells: readonly T[]) => void,
): Promise<void> {
  const bySheet = groupBySheet(cells);
  const sheets = [...bySheet.keys()].map((name) => {
    const worksheet = context.workbook.worksheets.getItem(name);
    worksheet.protection.load("protected");
    return { name, worksheet };
  });
  await run(context, "readFailed");
  for (const { name, worksheet } of sheets) {
    const protect = worksheet.protection.protected;
    if (protect) worksheet.protection.unprotect();
    change(worksheet, bySheet.get(name)!);
    if (protect) worksheet.protection.protect();
  }
  await run(context, "writeFailed");
}

/**
 * Removes every highlight rule from the given sheets (whole sheets, wherever the rules are).
 * Three syncs.
 */
export async function clearHighlights(
  context: Excel.RequestContext,
  sheetNames: readonly string[],
): Promise<number> {
  const sheets = sheetNames.map((name) => {
    const worksheet = context.workbook.worksheets.getItemOrNullObject(name);
    const used = worksheet.getUsedRangeOrNullObject();
    return { worksheet, used };
  });
  for (const { worksheet, used } of sheets) {
    worksheet.load("name");
    used.load("address");
  }
  await run(context, "readFailed");
  const live = sheets.filter(
    ({ worksheet, used }) => !worksheet.isNullObject && !used.isNullObject,
  );
  const collections = live.map(({ worksheet, used }) => {
    const formats = used.conditionalFormats;
    formats.load("items/type");
    worksheet.protection.load("protected");
    return { worksheet, formats };
  });
  await run(context, "readFailed");
  const custom = collections.flatMap(({ worksheet, formats }) =>
    formats.items
      .filter((format) => format.type === "Custom")
      .map((format) => {
        format.custom.rule.load("formula");
        return { worksheet, format };
      }),
  );
  await run(context, "readFailed");
  let removed = 0;
  const unprotected = new Set<Excel.Worksheet>();
  for (const { worksheet, format } of custom) {
    if (format.custom.rule.formula !== HIGHLIGHT_FORMULA) continue;
    if (worksheet.protection.protected && !unprotected.has(worksheet)) {
      worksheet.protection.unprotect();
      unprotected.add(worksheet);
    }
    format.delete();
    removed++;
  }
  for (const worksheet of unprotected) worksheet.protection.protect();
  if (removed > 0) await run(context, "writeFailed");
  return removed;
}

/**
 * Writes values into cells that findings point at (the ratings the sheet cannot read, retyped as
 * what they mean), a number stored as a number: the cells' format is set to General. Two syncs
 * (see `changeSheets`).
 */
export async function rewriteCells(
  context: Excel.RequestContext,
  cells: readonly (CellRef & { readonly value: string | number })[],
): Promise<void> {
  await changeSheets(context, cells, (worksheet, mine) => {
    for (const { cell, value } of mine) {
      const range = worksheet.getRange(cell);
      range.numberFormat = [["General"]];
      range.values = [[value]];
    }
  });
}

function groupBySheet<T extends CellRef>(cells: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const cell of cells) {
    const list = groups.get(cell.sheet) ?? [];
    list.push(cell);
    groups.set(cell.sheet, list);
  }
  return groups;
}

async function run(
  context: Excel.RequestContext,
  code: "readFailed" | "writeFailed",
): Promise<void> {
  try {
    await context.sync();
  } catch (error) {
    throw ExcelAdapterError.wrap(error, code);
  }
}
