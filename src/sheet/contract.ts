import type { AssessmentMode, Language } from "../model";
import { cellKey } from "./grid";
import type { SheetPlan } from "./plan";

/*
 * The contract between the planners that write CTMM workbooks and the readers, validators and
 * adapters that read them back: names, keys and versions both sides must agree on. Planners and
 * readers import it; a reader never imports a planner.
 */

/** Bumped whenever the sheet's layout or formulas change; recorded in every workbook. */
export const TEMPLATE_VERSION = "2";

/** `portable`: classic formulas only; `addin`: levels and scores from the CTMM custom functions. */
export type FormulaStyle = "portable" | "addin";

/** The defined names of SPEC §4, on every assessment sheet. */
export const SHEET_NAMES = {
  itemIds: "CTMM_ItemIds",
  ratings: "CTMM_Ratings",
  weights: "CTMM_Weights",
  evidence: "CTMM_Evidence",
  domainIds: "CTMM_DomainIds",
  domainLevels: "CTMM_DomainLevels",
  domainScores: "CTMM_DomainScores",
  overallLevel: "CTMM_OverallLevel",
  overallScore: "CTMM_OverallScore",
  district: "CTMM_District",
  date: "CTMM_Date",
  assessor: "CTMM_Assessor",
} as const;

/**
 * The defined names of a review workbook's district sheet (SPEC §4), besides the assessment
 * sheet's, which keep meaning the district's own (self-assessed) ratings and results.
 */
export const REVIEW_NAMES = {
  reviewedRatings: "CTMM_ReviewedRatings",
  reviewReasons: "CTMM_ReviewReasons",
  reviewedItemLevels: "CTMM_ReviewedItemLevels",
  reviewChanged: "CTMM_ReviewChanged",
  reviewedDomainLevels: "CTMM_ReviewedDomainLevels",
  reviewedDomainScores: "CTMM_ReviewedDomainScores",
  reviewedOverallLevel: "CTMM_ReviewedOverallLevel",
  reviewedOverallScore: "CTMM_ReviewedOverallScore",
} as const;

/** The names of a review workbook's summary sheet, aligned with its district rows. */
export const REVIEW_SUMMARY_NAMES = {
  districts: "CTMM_ReviewDistricts",
  overallLevels: "CTMM_ReviewOverallLevels",
  overallScores: "CTMM_ReviewOverallScores",
} as const;

/**
 * The defined names over the cells that hold entries rather than the template: ratings, evidence
 * and header fields, and on a review sheet the reviewed ratings and reasons.
 */
const INPUT_NAMES: ReadonlySet<string> = new Set([
  SHEET_NAMES.ratings,
  SHEET_NAMES.evidence,
  SHEET_NAMES.district,
  SHEET_NAMES.date,
  SHEET_NAMES.assessor,
  REVIEW_NAMES.reviewedRatings,
  REVIEW_NAMES.reviewReasons,
]);

/** The very hidden sheet that carries each assessment sheet's metadata (SPEC §4). */
export const META_SHEET = "CTMM_Meta";

/** What the metadata sheet records for one assessment sheet. */
export interface SheetMetadata {
  readonly sheet: string;
  readonly packId: string;
  readonly packVersion: string;
  readonly templateVersion: string;
  readonly mode: AssessmentMode;
  readonly language: Language;
  readonly formulaStyle: FormulaStyle;
  readonly fingerprint: string;
  /**
   * The threshold the sheet's formulas compute with (its header cell), so that readers score it
   * as the sheet does even when the pack's threshold was overridden; absent on older sheets.
   */
  readonly threshold?: number;
  /** "review" for a review workbook's district sheet; absent for an assessment sheet. */
  readonly kind?: "review";
}

/** The metadata sheet's columns after `sheet`, in order. */
export const METADATA_KEYS = [
  "packId",
  "packVersion",
  "templateVersion",
  "mode",
  "language",
  "formulaStyle",
  "fingerprint",
  "threshold",
  "kind",
] as const satisfies readonly (keyof SheetMetadata)[];

/** The radar chart of an assessment sheet's domain levels, by name: inserting it again replaces it. */
export const DOMAIN_CHART_NAME = "CTMM_DomainRadar";

/**
 * The name of the sheet's `index`-th chart (from 0) when its plan gives none, the same in files
 * and through Office JS, so both kinds of workbook find it the same way.
 *
 * @example chartName(0); // "CTMM_Chart1"
 */
export function chartName(index: number): string {
  return `CTMM_Chart${index + 1}`;
}

/** The fill of each level 0..5, wherever a level is coloured (assessment and summary sheets). */
export const LEVEL_FILLS = ["F8CBAD", "FCE4D6", "FFF2CC", "E2EFDA", "C6EFCE", "A9D08E"];

/** Where things are on an assessment sheet (0-based), for adapters, the reader and tests. */
export interface AssessmentSheetLayout {
  readonly firstItemRow: number;
  readonly lastItemRow: number;
  readonly ratingColumns: readonly number[];
  readonly evidenceColumn: number;
  readonly itemLevelColumn: number;
  readonly itemScoreColumn: number;
  readonly subdomainRows: ReadonlyMap<string, number>;
  readonly subdomainLevelColumn: number;
  readonly subdomainScoreColumn: number;
  readonly domainRows: ReadonlyMap<string, number>;
  readonly overallRow: number;
  readonly levelColumn: number;
  readonly scoreColumn: number;
  readonly whyColumn: number;
  readonly labelColumn: number;
}

/** A planned assessment sheet and where its blocks are. */
export interface AssessmentSheet {
  readonly plan: SheetPlan;
  readonly layout: AssessmentSheetLayout;
}

/**
 * The cells an assessor fills in (ratings, evidence and header fields), as grid keys, found
 * through the sheet's defined names.
 *
 * @example
 * inputCells(planWorkbook(pack, options).sheets[0]!).has(cellKey(17, 4)); // E18, a rating
 */
export function inputCells(sheet: AssessmentSheet): Set<string> {
  const keys = new Set<string>();
  for (const name of sheet.plan.names) {
    if (!INPUT_NAMES.has(name.name)) continue;
    for (let row = name.range.top; row <= name.range.bottom; row++) {
      for (let column = name.range.left; column <= name.range.right; column++) {
        keys.add(cellKey(row, column));
      }
    }
  }
  return keys;
}
