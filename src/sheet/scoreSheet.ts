import type { Assessment, Localized, ModelPack } from "../model";
import { assess, createRatingParser, CtmmError } from "../model";
import { address } from "./a1";
import type { WorkbookGrid } from "./grid";
import { matchPack, packMatchMessage } from "./matchPack";
import type { SheetAssessment } from "./readAssessment";
import { readSheetAssessment, SheetReadError, sheetThreshold } from "./readAssessment";

/** A rating cell the sheet's formulas cannot read, counted as 0 as they count it (SPEC §3.1). */
export interface SkippedRating {
  /** A1 address, or the item id when the cell cannot be placed. */
  readonly cell: string;
  readonly itemId: string;
  readonly text: string;
}

/** One assessment sheet, scored; `skipped` lists the cells counted as 0 because unread. */
export interface ScoredSheet {
  readonly read: SheetAssessment;
  readonly result: Assessment;
  readonly skipped: readonly SkippedRating[];
}

/** Why a sheet cannot be scored, in both languages. */
export class UnscorableSheet extends Error {
  override readonly name = "UnscorableSheet";
  constructor(
    readonly sheet: string,
    readonly text: Localized,
  ) {
    super(text["en-US"]);
  }
}

function unreadableSheet(error: SheetReadError): UnscorableSheet {
  const name = error.definedName;
  const zh =
    error.reason === "missing" && name
      ? `缺少名称 ${name}`
      : error.reason === "moved" && name
        ? `名称 ${name} 没有指向本表应有的区域`
        : "无法读取此评估表";
  return new UnscorableSheet(error.sheet, { "zh-CN": zh, "en-US": error.message });
}

/**
 * Scores one assessment sheet from its input cells. A rating the sheet's formulas cannot read does
 * not stop the sheet from being scored: it counts as 0, as on the sheet (SPEC §3.1), its cell is
 * listed in `skipped`, and validation reports it (RATING_TEXT or RATING_INVALID). Throws
 * UnscorableSheet, worded in both languages, when the sheet cannot be read, belongs to another
 * model or cannot be scored for another reason.
 */
export function scoreSheet(
  grid: WorkbookGrid,
  name: string,
  pack: ModelPack,
  /** The sheet as validation has just read it, if it has. */
  known?: SheetAssessment,
): ScoredSheet {
  let read: SheetAssessment;
  try {
    read = known ?? readSheetAssessment(grid, name);
  } catch (error) {
    if (error instanceof SheetReadError) throw unreadableSheet(error);
    throw error;
  }
  // A sheet without metadata is scored as it is (validation reports it).
  const match = matchPack(read.metadata, pack);
  if (match.status === "mismatch")
    throw new UnscorableSheet(name, {
      "zh-CN": `${packMatchMessage(match, "zh-CN")}，或用 --model 指定模型评分`,
      "en-US": `${packMatchMessage(match, "en-US")}, or score it with --model`,
    });
  const { result, skipped } = scoreRatings(read, read.input.ratings, pack);
  return { read, result, skipped };
}

/**
 * A review sheet's reviewed ratings scored as its own are (SPEC §4, review workbook): at the
 * sheet's threshold, a rating the sheet cannot read counting as 0 and listed in `skipped`.
 *
 * @example
 * const { read } = scoreSheet(grid, "和平区", pack);
 * scoreReviewed(read, readSheetEntries(grid, "和平区")!.reviewed!, pack).result.overall;
 */
export function scoreReviewed(
  read: SheetAssessment,
  reviewed: ReadonlyMap<string, readonly unknown[]>,
  pack: ModelPack,
): { readonly result: Assessment; readonly skipped: readonly SkippedRating[] } {
  return scoreRatings(read, reviewed, pack);
}

/**
 * The engine on a sheet's ratings by the one rating rule (SPEC §3.1): each cell the sheet's
 * formulas cannot read counts as 0, as it does on the sheet, and is listed in `skipped`.
 */
function scoreRatings(
  read: SheetAssessment,
  entered: ReadonlyMap<string, readonly unknown[]>,
  pack: ModelPack,
): { result: Assessment; skipped: SkippedRating[] } {
  const name = read.sheet;
  const threshold = sheetThreshold(read.metadata, pack);
  const parser = createRatingParser(pack, read.input.mode);
  const rows = new Map(read.items.map((item) => [item.id, item.row]));
  const ratings = new Map<string, readonly unknown[]>();
  const skipped: SkippedRating[] = [];
  for (const [id, row] of entered) {
    let kept = row;
    row.forEach((raw, column) => {
      const cell = parser.parse(raw);
      if (cell.kind !== "invalid") return;
      if (kept === row) kept = [...row];
      (kept as unknown[])[column] = null;
      const at = rows.get(id);
      const ratingColumn = read.ratingColumns[column];
      skipped.push({
        cell: at !== undefined && ratingColumn !== undefined ? address(at, ratingColumn) : id,
        itemId: id,
        text: cell.text,
      });
    });
    ratings.set(id, kept);
  }
  try {
    return { result: assess(pack, { mode: read.input.mode, ratings }, { threshold }), skipped };
  } catch (error) {
    if (!(error instanceof CtmmError)) throw error;
    throw new UnscorableSheet(name, {
      "zh-CN": `评分数据无法计算（${error.code}）`,
      "en-US": error.message,
    });
  }
}
