import type { CellPlan, SheetPlan, WorkbookPlan } from "./plan";
import { cellKey } from "./grid";
import type { AssessmentSheet } from "./contract";
import { REVIEW_NAMES, SHEET_NAMES } from "./contract";
import { refitRowHeights } from "./rowHeights";

/** What an assessor entered on one sheet: ratings and evidence by item id, and header fields. */
export interface SheetEntries {
  readonly ratings: ReadonlyMap<string, readonly unknown[]>;
  readonly evidence?: ReadonlyMap<string, string>;
  readonly header?: {
    readonly district?: string;
    readonly date?: string;
    readonly assessor?: string;
  };
  /** On a review sheet: the reviewed ratings and the reasons, by item id. */
  readonly reviewed?: ReadonlyMap<string, readonly unknown[]>;
  readonly reasons?: ReadonlyMap<string, string>;
}

/**
 * A copy of a workbook plan with entries written into one sheet's input cells, found through the
 * sheet's names and item ids. Used to carry entries into a regenerated or upgraded sheet; values
 * stay values (text that looks like a formula is still text).
 */
export function fillPlan(
  plan: WorkbookPlan,
  sheet: AssessmentSheet,
  entries: SheetEntries,
): WorkbookPlan {
  const range = (name: string) => sheet.plan.names.find((n) => n.name === name)?.range;
  const ids = range(SHEET_NAMES.itemIds)!;
  const ratings = range(SHEET_NAMES.ratings)!;
  const evidence = range(SHEET_NAMES.evidence);
  const reviewed = range(REVIEW_NAMES.reviewedRatings);
  const reasons = range(REVIEW_NAMES.reviewReasons);
  const planned = new Map(sheet.plan.cells.map((c) => [cellKey(c.row, c.column), c]));

  const values = new Map<string, CellPlan["value"]>();
  for (let row = ids.top; row <= ids.bottom; row++) {
    const id = String(planned.get(cellKey(row, ids.left))?.value ?? "");
    entries.ratings.get(id)?.forEach((value, i) => {
      if (i <= ratings.right - ratings.left)
        values.set(cellKey(row, ratings.left + i), toCellValue(value));
    });
    const note = entries.evidence?.get(id);
    if (note !== undefined && evidence) values.set(cellKey(row, evidence.left), note);
    if (reviewed)
      entries.reviewed?.get(id)?.forEach((value, i) => {
        if (i <= reviewed.right - reviewed.left)
          values.set(cellKey(row, reviewed.left + i), toCellValue(value));
      });
    const reason = entries.reasons?.get(id);
    if (reason !== undefined && reasons) values.set(cellKey(row, reasons.left), reason);
  }
  const headers: [string, string | undefined][] = [
    [SHEET_NAMES.district, entries.header?.district],
    [SHEET_NAMES.date, entries.header?.date],
    [SHEET_NAMES.assessor, entries.header?.assessor],
  ];
  for (const [name, value] of headers) {
    const target = range(name);
    if (target && value !== undefined)
      values.set(cellKey(target.top, target.left), value === "" ? null : value);
  }

  const fill = (cell: CellPlan): CellPlan => {
    const key = cellKey(cell.row, cell.column);
    return values.has(key) ? { ...cell, value: values.get(key)! } : cell;
  };
  return {
    ...plan,
    sheets: plan.sheets.map((s): SheetPlan =>
      // Carried evidence may need taller rows than the blank template's estimate.
      s.name === sheet.plan.name ? refitRowHeights({ ...s, cells: s.cells.map(fill) }) : s,
    ),
  };
}

function toCellValue(value: unknown): CellPlan["value"] {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean")
    return value;
  return String(value);
}
