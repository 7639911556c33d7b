import type { GridCell, WorkbookGrid } from "../../src/sheet/grid";

/** A cell's value as a spreadsheet shows it: its error if it holds one. */
function shown(cell: GridCell | undefined): string | number | boolean | null {
  if (!cell) return null;
  return cell.error ?? cell.value;
}

/** Numbers within 1e-9, everything else exactly; a blank and an empty text are the same. */
export function sameValue(
  a: string | number | boolean | null,
  b: string | number | boolean | null,
): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-9;
  return (a ?? "") === (b ?? "");
}

/**
 * Compares every formula cell of `reference` (by its position on the same-named sheet) with
 * `other`: the counts, and the first cells that differ, each as "sheet!row,column: a ≠ b (formula)".
 */
export function compareFormulaCells(
  reference: WorkbookGrid,
  other: WorkbookGrid,
  describe: (cell: GridCell) => string | number | boolean | null = shown,
): { formulas: number; agree: number; disagree: string[] } {
  let formulas = 0;
  let agree = 0;
  const disagree: string[] = [];
  for (const sheet of reference.sheets) {
    const twin = other.sheets.find((s) => s.name === sheet.name);
    for (const [key, cell] of sheet.cells) {
      if (cell.formula === undefined) continue;
      formulas++;
      const a = describe(cell);
      const b = shown(twin?.cells.get(key));
      if (sameValue(a, b)) agree++;
      else if (disagree.length < 2000)
        disagree.push(
          `${sheet.name}!${key}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)} (=${cell.formula.slice(0, 120)})`,
        );
    }
  }
  return { formulas, agree, disagree };
}
