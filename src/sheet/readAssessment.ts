import type { AssessmentInput, AssessmentMode, Language, ModelPack } from "../model";
import { LEVEL_COUNT } from "../model";
import type { A1 } from "./a1";
import { address } from "./a1";
import type { GridCell, GridName, SheetGrid, WorkbookGrid } from "./grid";
import { cellKey } from "./grid";
import type { SheetMetadata } from "./contract";
import { META_SHEET, METADATA_KEYS, SHEET_NAMES } from "./contract";

/** One assessment sheet as read from a grid: where its inputs are and what they hold. */
export interface SheetAssessment {
  readonly sheet: string;
  readonly district: string;
  readonly date: string;
  readonly assessor: string;
  readonly mode: AssessmentMode;
  readonly metadata: SheetMetadata | null;
  /** Item ids in sheet order, with the 0-based row of each. */
  readonly items: readonly { readonly id: string; readonly row: number }[];
  /** The 0-based columns of the rating cells (5 in full mode, 1 in quick mode). */
  readonly ratingColumns: readonly number[];
  readonly evidenceColumn: number | null;
  /**
   * The engine's input, straight from the rating cells (never from cached results). A rating
   * cell that holds a formula is given as its formula text ("=…"), which the engine refuses as
   * not a rating: it is neither its cached result nor a blank. See `ratingFormulas`.
   */
  readonly input: AssessmentInput;
  readonly evidence: ReadonlyMap<string, string>;
  /** The rating cells that hold a formula instead of an entry (finding RATING_FORMULA). */
  readonly ratingFormulas: readonly RatingFormula[];
}

/** A rating cell that holds a formula: an assessor enters ratings, never computes them. */
export interface RatingFormula {
  readonly id: string;
  /** 0-based row and column of the cell, and its A1 address. */
  readonly row: number;
  readonly column: number;
  readonly cell: A1;
  /** The level the cell rates, 1..5 (always 1 in quick mode). */
  readonly level: number;
  /** The formula without its leading '='. */
  readonly formula: string;
  /** What the file last computed for it (null if never computed); not used as the rating. */
  readonly cached: string | number | boolean | null;
}

/** Why a sheet cannot be read: a defined name it needs is missing, or points elsewhere. */
export type SheetReadReason = "missing" | "moved" | "unreadable";

/**
 * A sheet that claims to be an assessment (it has CTMM names) but cannot be read as one.
 * `definedName` and `reason` say which name is at fault, when one is.
 */
export class SheetReadError extends Error {
  override readonly name = "SheetReadError";
  readonly reason: SheetReadReason;
  readonly definedName: string | null;
  constructor(
    readonly sheet: string,
    message: string,
    detail: { readonly reason: SheetReadReason; readonly definedName?: string } = {
      reason: "unreadable",
    },
  ) {
    super(message);
    this.reason = detail.reason;
    this.definedName = detail.definedName ?? null;
  }
}

/**
 * Finds the assessment sheets of a workbook (see `listAssessmentSheets`) and reads each through
 * its defined names, never through fixed addresses. Throws SheetReadError for a sheet that
 * cannot be read.
 */
export function readAssessments(grid: WorkbookGrid): SheetAssessment[] {
  return listAssessmentSheets(grid).map((sheet) => readSheetAssessment(grid, sheet));
}

/**
 * The names of the sheets that claim to be assessments: those with any of the assessment sheet's
 * names (SHEET_NAMES) scoped to them, or that a workbook-scoped CTMM_Ratings or CTMM_ItemIds
 * points into. A sheet whose CTMM_Ratings was deleted is still listed (its other names remain),
 * so that validation reports the missing name instead of passing over the sheet; a
 * workbook-scoped name marks only the sheet it points into, not every sheet.
 */
export function listAssessmentSheets(grid: WorkbookGrid): string[] {
  const names = new Set<string>(Object.values(SHEET_NAMES).map((n) => n.toLowerCase()));
  const anchors = new Set<string>([SHEET_NAMES.ratings, SHEET_NAMES.itemIds].map(lower));
  const claimed = new Set<string>();
  for (const name of grid.names) {
    const key = name.name.toLowerCase();
    if (name.scope !== null && names.has(key)) claimed.add(name.scope);
    else if (name.scope === null && anchors.has(key) && name.target) claimed.add(name.target.sheet);
  }
  return grid.sheets
    .filter((sheet) => sheet.name !== META_SHEET && claimed.has(sheet.name))
    .map((sheet) => sheet.name);
}

const lower = (text: string) => text.toLowerCase();

/** Reads one assessment sheet; throws SheetReadError when its names do not make sense. */
export function readSheetAssessment(grid: WorkbookGrid, sheetName: string): SheetAssessment {
  const sheet = grid.sheets.find((s) => s.name === sheetName);
  if (!sheet) throw new SheetReadError(sheetName, "there is no such sheet");
  return readSheet(grid, sheet, readMetadata(grid).get(sheetName) ?? null);
}

function readSheet(
  grid: WorkbookGrid,
  sheet: SheetGrid,
  metadata: SheetMetadata | null,
): SheetAssessment {
  const target = (name: string) => {
    const found = findName(grid, sheet.name, name);
    if (!found) {
      throw new SheetReadError(sheet.name, `the defined name ${name} is missing`, {
        reason: "missing",
        definedName: name,
      });
    }
    if (!found.target || found.target.sheet !== sheet.name) {
      throw new SheetReadError(
        sheet.name,
        `the defined name ${name} refers to ${found.reference}, not to a range of this sheet`,
        { reason: "moved", definedName: name },
      );
    }
    return found.target;
  };
  const ratings = target(SHEET_NAMES.ratings);
  const ids = target(SHEET_NAMES.itemIds);
  const width = ratings.right - ratings.left + 1;
  if (width !== LEVEL_COUNT && width !== 1) {
    throw new SheetReadError(
      sheet.name,
      `${SHEET_NAMES.ratings} must be 5 columns (full mode) or 1 (quick mode) wide, found ${width}`,
      { reason: "moved", definedName: SHEET_NAMES.ratings },
    );
  }
  if (ids.top !== ratings.top || ids.bottom !== ratings.bottom) {
    throw new SheetReadError(
      sheet.name,
      `${SHEET_NAMES.itemIds} and ${SHEET_NAMES.ratings} do not cover the same rows`,
      { reason: "moved", definedName: SHEET_NAMES.ratings },
    );
  }
  const mode: AssessmentMode = metadata?.mode ?? (width === 1 ? "quick" : "full");
  const evidenceName = findName(grid, sheet.name, SHEET_NAMES.evidence)?.target ?? null;
  const evidenceColumn =
    evidenceName && evidenceName.sheet === sheet.name ? evidenceName.left : null;
  const ratingColumns = Array.from({ length: width }, (_, i) => ratings.left + i);

  const items: { id: string; row: number }[] = [];
  const values = new Map<string, unknown[]>();
  const evidence = new Map<string, string>();
  const ratingFormulas: RatingFormula[] = [];
  for (let row = ratings.top; row <= ratings.bottom; row++) {
    const id = textOf(sheet.cells.get(cellKey(row, ids.left)));
    items.push({ id, row });
    if (id === "") continue;
    values.set(
      id,
      ratingColumns.map((column, index) => {
        const cell = sheet.cells.get(cellKey(row, column));
        if (!hasFormula(cell)) return rawInput(cell);
        ratingFormulas.push({
          id,
          row,
          column,
          cell: address(row, column),
          level: index + 1,
          formula: cell.formula,
          cached: cell.error ?? cell.value,
        });
        return `=${cell.formula}`;
      }),
    );
    if (evidenceColumn !== null) {
      const note = textOf(sheet.cells.get(cellKey(row, evidenceColumn)));
      if (note !== "") evidence.set(id, note);
    }
  }
  const header = (name: string) => {
    const found = findName(grid, sheet.name, name)?.target;
    return found && found.sheet === sheet.name
      ? textOf(sheet.cells.get(cellKey(found.top, found.left)))
      : "";
  };
  return {
    sheet: sheet.name,
    district: header(SHEET_NAMES.district),
    date: header(SHEET_NAMES.date),
    assessor: header(SHEET_NAMES.assessor),
    mode,
    metadata,
    items,
    ratingColumns,
    evidenceColumn,
    input: { mode, ratings: values },
    evidence,
    ratingFormulas,
  };
}

/** A sheet-scoped name wins over a workbook-scoped one of the same name, as in Excel. */
export function findName(grid: WorkbookGrid, sheet: string, name: string): GridName | undefined {
  const matches = grid.names.filter((n) => n.name.toLowerCase() === name.toLowerCase());
  return matches.find((n) => n.scope === sheet) ?? matches.find((n) => n.scope === null);
}

/** The metadata rows of the workbook's CTMM_Meta sheet, by sheet name (empty without one). */
export function readMetadata(grid: WorkbookGrid): Map<string, SheetMetadata> {
  const result = new Map<string, SheetMetadata>();
  const meta = grid.sheets.find((s) => s.name === META_SHEET);
  if (!meta) return result;
  const headers: string[] = [];
  for (let column = 0; column <= METADATA_KEYS.length; column++)
    headers.push(textOf(meta.cells.get(cellKey(0, column))));
  for (let row = 1; row < 10_000; row++) {
    const sheet = textOf(meta.cells.get(cellKey(row, 0)));
    if (sheet === "") break;
    const entry: Record<string, string> = {};
    headers.forEach((key, column) => (entry[key] = textOf(meta.cells.get(cellKey(row, column)))));
    if (entry.mode !== "full" && entry.mode !== "quick") continue;
    result.set(sheet, {
      sheet,
      packId: entry.packId ?? "",
      packVersion: entry.packVersion ?? "",
      templateVersion: entry.templateVersion ?? "",
      mode: entry.mode,
      language: (entry.language === "en-US" ? "en-US" : "zh-CN") as Language,
      formulaStyle: entry.formulaStyle === "addin" ? "addin" : "portable",
      fingerprint: entry.fingerprint ?? "",
      ...thresholdEntry(entry.threshold),
      ...(entry.kind === "review" ? { kind: "review" as const } : {}),
    });
  }
  return result;
}

function thresholdEntry(text: string | undefined): { threshold?: number } {
  const value = Number(text);
  return text !== undefined && text !== "" && value > 0 && value <= 1 ? { threshold: value } : {};
}

/**
 * The threshold to score a sheet with: the one its formulas use (recorded in its metadata), else
 * the pack's. A sheet generated with an overridden threshold is then scored as it shows itself.
 *
 * @example assess(pack, read.input, { threshold: sheetThreshold(read.metadata, pack) });
 */
export function sheetThreshold(
  metadata: Pick<SheetMetadata, "threshold"> | null,
  pack: Pick<ModelPack, "threshold">,
): number {
  return metadata?.threshold ?? pack.threshold;
}

function hasFormula(cell: GridCell | undefined): cell is GridCell & { readonly formula: string } {
  return cell?.formula !== undefined && cell.formula.trim() !== "";
}

/** What the engine should see of an input cell: its value, or its text if it is an error. */
function rawInput(cell: GridCell | undefined): unknown {
  if (!cell) return null;
  if (cell.error) return cell.error;
  return cell.value;
}

function textOf(cell: GridCell | undefined): string {
  if (!cell || cell.value === null) return "";
  return String(cell.value).trim();
}
