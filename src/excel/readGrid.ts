/**
 * Reads a live workbook into a `WorkbookGrid` through Office JS, in a constant number of
 * `context.sync()` round trips whatever the size of the workbook (SPEC §9).
 *
 * Requirement sets: ExcelApi 1.9 (Range.getCellProperties), ExcelApi 1.7 (NamedItem.formula),
 * ExcelApi 1.4 (Worksheet.names), ExcelApi 1.2 (WorksheetProtection), ExcelApi 1.1.
 */
import { parseRange } from "../sheet/a1";
import type { GridCell, GridName, SheetGrid, WorkbookGrid } from "../sheet/grid";
import { cellKey } from "../sheet/grid";

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

/**
 * The workbook's sheets (values, formulas, locked flags, visibility, protection) and its defined
 * names, workbook- and sheet-scoped. Three syncs: the sheets and workbook names; every sheet's
 * used range and names; the per-cell protection of every non-empty used range.
 *
 * Not read (left empty): data validations and merged areas — reading them cell by cell would cost
 * a round trip per range. A formula cell is recognised by a `formulas` entry that starts with "="
 * and differs from the cell's value (text that merely starts with "=" reads back the same in both).
 *
 * @example
 * const grid = await Excel.run((context) => readWorkbookGrid(context));
 * readAssessments(grid);
 */
export async function readWorkbookGrid(context: Excel.RequestContext): Promise<WorkbookGrid> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name,items/visibility");
  const workbookNames = context.workbook.names;
  workbookNames.load("items/name,items/formula");
  await context.sync();

  const loaded = worksheets.items.map((worksheet) => {
    const used = worksheet.getUsedRangeOrNullObject();
    used.load("address,values,formulas,valueTypes");
    worksheet.names.load("items/name,items/formula");
    worksheet.protection.load("protected");
    return { worksheet, used };
  });
  await context.sync();

  const properties = loaded.map(({ used }) =>
    used.isNullObject ? null : used.getCellProperties({ format: { protection: true } }),
  );
  if (properties.some((p) => p !== null)) await context.sync();

  const names: GridName[] = workbookNames.items.map((item) =>
    gridName(item.name, null, item.formula),
  );
  const sheets = loaded.map(({ worksheet, used }, index): SheetGrid => {
    for (const item of worksheet.names.items)
      names.push(gridName(item.name, worksheet.name, item.formula));
    const cellProperties = properties[index];
    const cells = used.isNullObject
      ? new Map<string, GridCell>()
      : gridCells({
          address: used.address,
          values: used.values,
          formulas: used.formulas,
          valueTypes: used.valueTypes,
          ...(cellProperties
            ? {
                locked: cellProperties.value.map((row) =>
                  row.map((cell) => cell.format?.protection?.locked !== false),
                ),
              }
            : {}),
        });
    return {
      name: worksheet.name,
      visibility: visibilityOf(worksheet.visibility),
      cells,
      protected: worksheet.protection.protected,
      validations: [],
      merges: [],
    };
  });
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
