import type { ModelPack } from "../model";
import { listItems } from "../model";
import type { WorkbookGrid } from "./grid";
import { cellKey } from "./grid";
import type { SheetEntries } from "./fillPlan";
import { fillPlan } from "./fillPlan";
import type { WorkbookPlan } from "./plan";
import type { AssessmentSheet } from "./contract";
import { REVIEW_NAMES, SHEET_NAMES } from "./contract";
import { findName, readSheetAssessment, SheetReadError } from "./readAssessment";

export type { SheetEntries } from "./fillPlan";

/**
 * What an assessor entered on an existing assessment sheet — ratings and evidence by item id,
 * and the header fields that are filled in — or null when the sheet cannot be read as an
 * assessment (no such sheet, or its CTMM names are missing or broken).
 *
 * The date is the CTMM_Date cell's value as the grid holds it: adapters that read a live workbook
 * put the displayed text there ("2024/5/1"), not the date's serial number.
 *
 * @example
 * const entries = readSheetEntries(readXlsx(bytes), "和平区");
 * entries?.header; // { district: "和平区", date: "2026-11-25", assessor: "张三" }
 */
export function readSheetEntries(grid: WorkbookGrid, sheet: string): SheetEntries | null {
  let assessment;
  try {
    assessment = readSheetAssessment(grid, sheet);
  } catch (error) {
    if (error instanceof SheetReadError) return null;
    throw error;
  }
  const date = dateText(grid, sheet);
  const header: { district?: string; date?: string; assessor?: string } = {};
  // Empty fields are left out, so that carrying never blanks what the new plan pre-fills.
  if (assessment.district !== "") header.district = assessment.district;
  if (date !== "") header.date = date;
  if (assessment.assessor !== "") header.assessor = assessment.assessor;
  return {
    ratings: assessment.input.ratings,
    evidence: assessment.evidence,
    header,
    ...readReviewEntries(grid, sheet, assessment.items),
  };
}

/**
 * A review sheet's reviewed ratings and reasons by item id (the rows of CTMM_ReviewedRatings and
 * CTMM_ReviewReasons, aligned with the item rows); nothing on an assessment sheet.
 */
function readReviewEntries(
  grid: WorkbookGrid,
  sheet: string,
  items: readonly { readonly id: string; readonly row: number }[],
): Pick<SheetEntries, "reviewed" | "reasons"> {
  const cells = grid.sheets.find((s) => s.name === sheet)?.cells;
  const target = (name: string) => {
    const found = findName(grid, sheet, name)?.target;
    return found && found.sheet === sheet ? found : null;
  };
  const ratings = target(REVIEW_NAMES.reviewedRatings);
  if (!cells || !ratings) return {};
  const reasonRange = target(REVIEW_NAMES.reviewReasons);
  const reviewed = new Map<string, unknown[]>();
  const reasons = new Map<string, string>();
  for (const { id, row } of items) {
    if (id === "" || row < ratings.top || row > ratings.bottom) continue;
    const values: unknown[] = [];
    for (let column = ratings.left; column <= ratings.right; column++) {
      const cell = cells.get(cellKey(row, column));
      values.push(cell?.formula !== undefined ? `=${cell.formula}` : (cell?.value ?? null));
    }
    reviewed.set(id, values);
    const reason = reasonRange ? cells.get(cellKey(row, reasonRange.left))?.value : null;
    if (reason !== null && reason !== undefined && String(reason).trim() !== "")
      reasons.set(id, String(reason));
  }
  return { reviewed, reasons };
}

function dateText(grid: WorkbookGrid, sheet: string): string {
  const target = findName(grid, sheet, SHEET_NAMES.date)?.target;
  if (!target || target.sheet !== sheet) return "";
  const value = grid.sheets
    .find((s) => s.name === sheet)
    ?.cells.get(cellKey(target.top, target.left))?.value;
  return value === null || value === undefined ? "" : String(value).trim();
}

/**
 * What a rebuilt review sheet keeps of the old one: what the meeting entered — the reviewed
 * ratings of the items it changed (those that differ from the old sheet's own ratings) and every
 * reason. Its self-assessed ratings, evidence and header, and the reviewed ratings nobody
 * changed, come from the return it is rebuilt from.
 *
 * @example carryEntries(planned, new Map([["和平区", reviewEntries(old)]]), pack);
 */
export function reviewEntries(entries: SheetEntries): SheetEntries {
  const same = (a: readonly unknown[] | undefined, b: readonly unknown[]) =>
    a !== undefined && a.length === b.length && a.every((v, i) => (v ?? null) === (b[i] ?? null));
  const changed = [...(entries.reviewed ?? [])].filter(
    ([id, row]) => !same(entries.ratings.get(id), row),
  );
  return {
    ratings: new Map(),
    reviewed: new Map(changed),
    ...(entries.reasons ? { reasons: entries.reasons } : {}),
  };
}

/** A newly planned workbook and its assessment sheets, as `planWorkbook` returns them. */
export interface PlannedWorkbook {
  readonly plan: WorkbookPlan;
  readonly sheets: readonly AssessmentSheet[];
}

/** The planned workbook with the entries carried in, and what could not be carried. */
export interface CarriedEntries {
  readonly plan: WorkbookPlan;
  /** Planned sheets that received entries, in plan order. */
  readonly kept: string[];
  /** Entered items (a rating or a note) that the pack no longer has, by planned sheet. */
  readonly dropped: { readonly sheet: string; readonly itemId: string }[];
}

/**
 * Carries entries from existing sheets into a newly planned workbook (regenerate, upgrade,
 * another pack): ratings and evidence are mapped by item id, header fields by name. `sources`
 * is keyed by the planned sheet's name; a source with no planned sheet of that name is ignored.
 * Items the pack no longer has are not carried and are reported in `dropped` when something was
 * entered for them (blank rows are not worth a message). The inputs are not modified.
 *
 * @example
 * const planned = planWorkbook(pack, { language, mode, formulaStyle: "portable", districts });
 * const entries = readSheetEntries(oldGrid, "和平区")!;
 * const { plan, dropped } = carryEntries(planned, new Map([["和平区", entries]]), pack);
 */
export function carryEntries(
  planned: PlannedWorkbook,
  sources: ReadonlyMap<string, SheetEntries>,
  pack: ModelPack,
): CarriedEntries {
  const known = new Set<string>(listItems(pack).map((p) => p.item.id));
  let plan = planned.plan;
  const kept: string[] = [];
  const dropped: { sheet: string; itemId: string }[] = [];
  for (const sheet of planned.sheets) {
    const name = sheet.plan.name;
    const entries = sources.get(name);
    if (!entries) continue;
    const evidence = entries.evidence ?? new Map<string, string>();
    const ids = new Set([...entries.ratings.keys(), ...evidence.keys()]);
    for (const id of ids) {
      if (known.has(id)) continue;
      const entered =
        (entries.ratings.get(id) ?? []).some((v) => v !== null && v !== undefined && v !== "") ||
        (evidence.get(id) ?? "") !== "";
      if (entered) dropped.push({ sheet: name, itemId: id });
    }
    plan = fillPlan(plan, sheet, {
      ratings: new Map([...entries.ratings].filter(([id]) => known.has(id))),
      evidence: new Map([...evidence].filter(([id]) => known.has(id))),
      ...(entries.header ? { header: entries.header } : {}),
      ...(entries.reviewed
        ? { reviewed: new Map([...entries.reviewed].filter(([id]) => known.has(id))) }
        : {}),
      ...(entries.reasons
        ? { reasons: new Map([...entries.reasons].filter(([id]) => known.has(id))) }
        : {}),
    });
    kept.push(name);
  }
  return { plan, kept, dropped };
}
