import type { ModelPack } from "../model";
import { createRatingParser } from "../model";
import { address } from "./a1";
import { REVIEW_NAMES, SHEET_NAMES } from "./contract";
import type { WorkbookGrid } from "./grid";
import { cellKey } from "./grid";
import { findName, listAssessmentSheets, readMetadata } from "./readAssessment";

/** A rating the sheet cannot read whose meaning is plain, and what to write there instead. */
export interface RatingFix {
  readonly sheet: string;
  /** The A1 address of the cell. */
  readonly cell: string;
  /** The cell as it is, as the district sees it. */
  readonly text: string;
  /** The number or label to write instead. */
  readonly value: number | string;
}

/**
 * The ratings a district would otherwise retype one by one (finding RATING_TEXT, SPEC §3.1): in
 * every assessment sheet's rating cells, and a review sheet's reviewed ratings (its own ratings
 * are the district's return, locked), each cell whose text means one rating — "3" stored as text,
 * 不适用 with a non-breaking space — with the value it means. Cells that hold a formula, and
 * anything whose meaning is not plain, are left for the district.
 *
 * @example
 * ratingFixes(grid, BUILTIN_PACK);
 * // [{ sheet: "和平区", cell: "E18", text: "3", value: 3 }, …]
 */
export function ratingFixes(grid: WorkbookGrid, pack: ModelPack): RatingFix[] {
  const metadata = readMetadata(grid);
  const fixes: RatingFix[] = [];
  for (const name of listAssessmentSheets(grid)) {
    const meta = metadata.get(name);
    const sheet = grid.sheets.find((s) => s.name === name);
    const ratingsName =
      meta?.kind === "review" ? REVIEW_NAMES.reviewedRatings : SHEET_NAMES.ratings;
    const target = findName(grid, name, ratingsName)?.target;
    if (!sheet || !target || target.sheet !== name) continue;
    const mode = target.right > target.left ? "full" : "quick";
    const parser = createRatingParser(pack, meta?.mode ?? mode);
    for (let row = target.top; row <= target.bottom; row++) {
      for (let column = target.left; column <= target.right; column++) {
        const cell = sheet.cells.get(cellKey(row, column));
        if (!cell || cell.formula !== undefined || cell.error !== undefined) continue;
        const rating = parser.parse(cell.value);
        if (rating.kind === "invalid" && rating.suggestion !== undefined)
          fixes.push({
            sheet: name,
            cell: address(row, column),
            text: rating.text,
            value: rating.suggestion,
          });
      }
    }
  }
  return fixes;
}
