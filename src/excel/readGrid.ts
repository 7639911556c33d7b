/**
 * Reads the CTMM sheets of a live workbook into a `WorkbookGrid` through Office JS, in a constant
 * number of `context.sync()` round trips per batch whatever the size of the workbook (SPEC §9).
 *
 * Requirement sets: ExcelApi 1.9 (Range.getCellProperties), ExcelApi 1.7 (NamedItem.formula),
 * ExcelApi 1.4 (Worksheet.names), ExcelApi 1.2 (WorksheetProtection), ExcelApi 1.1.
 */
import { parseRange } from "../sheet/a1";
import type { GridCell, GridName, SheetGrid, WorkbookGrid } from "../sheet/grid";
import { cellKey } from "../sheet/grid";
import { META_SHEET, SHEET_NAMES } from "../sheet/contract";

/** What one used range held, as loaded from Office JS. */
export interface LoadedBlock {
  /** The used range's address, e.g. "Sheet1!A1:K48". */
  readonly address: string;
  readonly values: readonly (readonly unknown[])[];
  readonly formulas?: readonly (readonly unknown[])[];
  readonly valueTypes?: readonly (readonly string[])[];
  /** Per-cell locked flags; cells are locked when absent. */
  readonly locked?: readonly (readonly boolean[])[];
}

/** Which sheets to read cells from. */
export interface ReadWorkbookOptions {
  /**
   * "ctmm" (the default): every CTMM sheet — assessment sheets (with a sheet-scoped CTMM_Ratings)
   * and the metadata sheet; "active": the active sheet, if it is an assessment sheet, and the
   * metadata sheet. Other sheets are left out of the grid, with their names: a large data sheet
   * beside the assessments costs nothing.
   */
  readonly sheets?: "ctmm" | "active";
  /**
   * Estimated response bytes per sync to aim at: Excel on the web answers at most 5 MB, and the
   * estimate (160 bytes a cell) runs well above what a CTMM sheet really takes.
   */
  readonly budgetBytes?: number;
}

/** Estimated response bytes per cell: value, formula, type and the locked flag. */
const BYTES_PER_CELL = 160;

/**
 * The CTMM sheets of a workbook (values, formulas, locked flags, visibility, protection) and the
 * defined names of those sheets and of the workbook. Syncs: one for the sheets and workbook names,
 * one for each sheet's names, protection and used range, then one per batch of cells (one batch
 * unless the sheets hold more than a response may carry).
 *
 * Not read (left empty): data validations and merged areas — reading them cell by cell would cost
 * a round trip per range. A formula cell is recognised by a `formulas` entry that starts with "="
 * and differs from the cell's value (text that merely starts with "=" reads back the same in both).
 *
 * @example
 * const grid = await Excel.run((context) => readWorkbookGrid(context));
 * readAssessments(grid);
 */
export async function readWorkbookGrid(
  context: Excel.RequestContext,
  options: ReadWorkbookOptions = {},
): Promise<WorkbookGrid> {
  const budget = options.budgetBytes ?? 4_000_000;
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name,items/visibility");
  const workbookNames = context.workbook.names;
  workbookNames.load("items/name,items/formula");
  const active = worksheets.getActiveWorksheet();
  active.load("name");
  await context.sync();

  const described = worksheets.items.map((worksheet) => {
    const used = worksheet.getUsedRangeOrNullObject();
    used.load("address,rowCount,columnCount");
    worksheet.names.load("items/name,items/formula");
    worksheet.protection.load("protected");
    return { worksheet, used };
  });
  await context.sync();

  const isAssessment = (worksheet: Excel.Worksheet) =>
    worksheet.names.items.some((n) => n.name.toLowerCase() === SHEET_NAMES.ratings.toLowerCase());
  const wanted = described.filter(({ worksheet }) => {
    if (worksheet.name === META_SHEET) return true;
    if (!isAssessment(worksheet)) return false;
    return options.sheets !== "active" || worksheet.name === active.name;
  });

  const blocks = new Map<Excel.Worksheet, LoadedBlock>();
  let batch: (() => void)[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await context.sync();
    batch.forEach((finish) => finish());
    batch = [];
    bytes = 0;
  };
  for (const { worksheet, used } of wanted) {
    if (used.isNullObject) continue;
    const size = used.rowCount * used.columnCount * BYTES_PER_CELL;
    if (bytes > 0 && bytes + size > budget) await flush();
    const range = worksheet.getRange(splitReference(used.address).reference);
    range.load("address,values,formulas,valueTypes");
    const properties = range.getCellProperties({ format: { protection: true } });
    bytes += size;
    batch.push(() =>
      blocks.set(worksheet, {
        address: range.address,
        values: range.values,
        formulas: range.formulas,
        valueTypes: range.valueTypes,
        locked: properties.value.map((row) =>
          row.map((cell) => cell.format?.protection?.locked !== false),
        ),
      }),
    );
  }
  await flush();

  const kept = new Set(wanted.map(({ worksheet }) => worksheet.name));
  const names: GridName[] = workbookNames.items.map((item) =>
    gridName(item.name, null, item.formula),
  );
  const sheets: SheetGrid[] = [];
  for (const { worksheet } of described) {
    if (!kept.has(worksheet.name)) continue;
    for (const item of worksheet.names.items)
      names.push(gridName(item.name, worksheet.name, item.formula));
    const block = blocks.get(worksheet);
    sheets.push({
      name: worksheet.name,
      visibility: visibilityOf(worksheet.visibility),
      cells: block ? gridCells(block) : new Map<string, GridCell>(),
      protected: worksheet.protection.protected,
      validations: [],
      merges: [],
    });
  }
  return { sheets, names };
}

/** The cells of a loaded block, by `cellKey`; empty locked cells are left out. */
export function gridCells(block: LoadedBlock): Map<string, GridCell> {
  const origin = parseRange(splitReference(block.address).reference) ?? {
    top: 0,
    left: 0,
    bottom: 0,
    right: 0,
  };
  const cells = new Map<string, GridCell>();
  block.values.forEach((row, i) =>
    row.forEach((raw, j) => {
      const formula = block.formulas?.[i]?.[j];
      const locked = block.locked?.[i]?.[j] ?? true;
      const type = block.valueTypes?.[i]?.[j];
      const value = toValue(raw);
      const isFormula = typeof formula === "string" && formula.startsWith("=") && formula !== raw;
      if (value === null && !isFormula && locked) return;
      const cell: GridCell = {
        value: type === "Error" ? null : value,
        ...(isFormula ? { formula: formula.slice(1) } : {}),
        ...(type === "Error" ? { error: String(raw) } : {}),
        locked,
      };
      cells.set(cellKey(origin.top + i, origin.left + j), cell);
    }),
  );
  return cells;
}

/**
 * A defined name as the grid describes it, from the name's formula as Office JS reports it.
 *
 * @example
 * gridName("CTMM_Ratings", "和平区", "=和平区!$E$9:$I$45").target; // {sheet: "和平区", top: 8, …}
 */
export function gridName(name: string, scope: string | null, formula: unknown): GridName {
  const reference = String(formula ?? "").replace(/^=/, "");
  const { sheet, reference: local } = splitReference(reference);
  const range = sheet === null ? null : parseRange(local);
  return {
    name,
    scope,
    reference,
    target: range && sheet !== null ? { sheet, ...range } : null,
  };
}

/** Splits "'My sheet'!$A$1" into the unquoted sheet name and the local reference. */
export function splitReference(reference: string): { sheet: string | null; reference: string } {
  const bang = reference.lastIndexOf("!");
  if (bang < 0) return { sheet: null, reference };
  let sheet = reference.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, reference: reference.slice(bang + 1) };
}

function toValue(raw: unknown): GridCell["value"] {
  if (raw === "" || raw === null || raw === undefined) return null;
  if (typeof raw === "number" || typeof raw === "boolean" || typeof raw === "string") return raw;
  return String(raw);
}

function visibilityOf(visibility: unknown): SheetGrid["visibility"] {
  if (visibility === "Hidden") return "hidden";
  if (visibility === "VeryHidden") return "veryHidden";
  return "visible";
}
