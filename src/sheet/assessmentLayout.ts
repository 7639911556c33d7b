import type { AssessmentMode, ModelPack } from "../model";
import { LEVEL_COUNT, listItems } from "../model";
import type { AssessmentSheetLayout } from "./contract";

/** A label and the cell (or merged cells, `left..right`) beside it, on one row. */
export interface LabelledCell {
  readonly label: number;
  readonly value: number;
  /** The last column of the value's merge; absent when the value is one cell. */
  readonly valueRight?: number;
}

/** One domain's place on the sheet: its results row and its block of item rows. */
export interface DomainLayout {
  readonly resultRow: number;
  readonly top: number;
  readonly bottom: number;
  readonly subdomains: readonly { readonly top: number; readonly bottom: number }[];
}

/**
 * A review sheet's reviewed block, right of the self-assessed one: on the item rows the reviewed
 * ratings, a reason, the reviewed item level and score and a changed mark; on the results rows
 * the reviewed level, score and change of each domain and the overall.
 */
export interface ReviewLayout {
  readonly left: number;
  readonly right: number;
  readonly ratingColumns: readonly number[];
  readonly reasonColumn: number;
  readonly itemLevelColumn: number;
  readonly itemScoreColumn: number;
  readonly changedColumn: number;
  readonly levelColumn: number;
  readonly scoreColumn: number;
  readonly changeColumn: number;
  /** Hidden, like the self-assessed helpers (the effective weight column is shared). */
  readonly helpers: {
    readonly applicableColumn: number;
    readonly rColumns: readonly number[];
    readonly sColumns: readonly number[];
  };
}

/**
 * Every row and column of an assessment sheet (0-based), computed from the pack and the mode.
 * A superset of the exported {@link AssessmentSheetLayout}; the section planners read positions
 * only from here.
 */
export interface AssessmentLayout extends AssessmentSheetLayout {
  readonly full: boolean;
  readonly header: {
    readonly titleRow: number;
    /** The last column of the title, info and legend rows. */
    readonly right: number;
    readonly infoRow: number;
    readonly model: LabelledCell;
    readonly mode: LabelledCell;
    readonly threshold: LabelledCell;
    readonly templateVersion: LabelledCell;
    readonly fieldsRow: number;
    /** District, date, assessor. */
    readonly fields: readonly [LabelledCell, LabelledCell, LabelledCell];
    readonly legendRow: number;
    readonly legend: LabelledCell;
  };
  /** The hidden table that turns a typed label into its value (first rows of two columns). */
  readonly lookup: { readonly labelColumn: number; readonly valueColumn: number };
  readonly results: {
    readonly titleRow: number;
    readonly headerRow: number;
    readonly firstDomainRow: number;
    readonly idColumn: number;
    readonly nameColumn: number;
    /** One per level: the domain's traits, or on the overall row the levels' summaries. */
    readonly traitColumns: readonly number[];
    /** The overall row's label, merged across these columns. */
    readonly overallLabelRight: number;
  };
  readonly items: {
    readonly titleRow: number;
    readonly headerRow: number;
    readonly domainColumn: number;
    readonly subdomainColumn: number;
    readonly idColumn: number;
    readonly nameColumn: number;
  };
  readonly domains: readonly DomainLayout[];
  /** Hidden helper columns: effective weight, applicability, r_1..r_5, S_1..S_5. */
  readonly helpers: {
    readonly weightColumn: number;
    readonly applicableColumn: number;
    readonly rColumns: readonly number[];
    readonly sColumns: readonly number[];
  };
  /** Narrow columns right of the label column (the full mode's item and sub-domain results). */
  readonly narrowColumns: readonly number[];
  /** The last visible column: the print area's right edge. */
  readonly lastVisibleColumn: number;
  /** The threshold's cell, as the formulas reference it. */
  readonly thresholdCell: { readonly row: number; readonly column: number };
  /** The reviewed block of a review workbook's district sheet; null on an assessment sheet. */
  readonly review: ReviewLayout | null;
  /** Where the radar chart of the domain levels sits: below the item rows, over no input. */
  readonly chart: {
    readonly top: number;
    readonly left: number;
    readonly bottom: number;
    readonly right: number;
  };
}

// The fixed columns. Items sit in one contiguous block so that CTMM_Ratings is n×5 (n×1).
const ITEM_DOMAIN = 0;
const ITEM_SUBDOMAIN = 1;
const ITEM_ID = 2;
const ITEM_NAME = 3;
const FIRST_RATING = 4; // E..I in full mode, E in quick mode
// Helper columns, hidden, after a gap: effective weight, applicability, r_1..r_5, S_1..S_5,
// then the label lookup table (on a review sheet, after the reviewed block, and followed by the
// reviewed block's own applicability, r and S columns).
const FIRST_HELPER = 16;
// A review sheet's reviewed block starts right of the widest results column.
const REVIEW_LEFT = 14;
// The header and the results block above the items.
const HEADER_ROWS = { title: 0, info: 1, fields: 2, legend: 3 } as const;
const RESULTS_TITLE_ROW = HEADER_ROWS.legend + 2;

/**
 * Where everything goes on an assessment sheet of this pack in this mode.
 *
 * @example
 * const layout = computeAssessmentLayout(BUILTIN_PACK, { mode: "full" });
 * layout.ratingColumns; // [4, 5, 6, 7, 8]: E..I
 * layout.firstItemRow; // 17: row 18, below 7 domain rows, the overall row and the item headings
 */
export function computeAssessmentLayout(
  pack: ModelPack,
  options: { readonly mode: AssessmentMode; readonly review?: boolean },
): AssessmentLayout {
  const full = options.mode === "full";
  const ratingColumns = Array.from({ length: full ? LEVEL_COUNT : 1 }, (_, i) => FIRST_RATING + i);
  // After the ratings: evidence, item level/score, sub-domain level/score.
  const evidenceColumn = ratingColumns.at(-1)! + 1;
  const itemLevelColumn = evidenceColumn + 1;
  const itemScoreColumn = evidenceColumn + 2;
  const subdomainLevelColumn = evidenceColumn + 3;
  const subdomainScoreColumn = evidenceColumn + 4;

  // The results block reuses the first columns: id, name, level, score, traits E..I, why, label.
  const traitColumns = Array.from({ length: LEVEL_COUNT }, (_, i) => FIRST_RATING + i);
  const levelColumn = ITEM_ID;
  const scoreColumn = ITEM_NAME;
  const whyColumn = traitColumns.at(-1)! + 1;
  const labelColumn = whyColumn + 1;
  // The full mode's sub-domain score column: narrow in both modes, so the two print alike.
  const lastFullResultColumn = FIRST_RATING + LEVEL_COUNT + 4;

  const headerRight = whyColumn;
  const header: AssessmentLayout["header"] = {
    titleRow: HEADER_ROWS.title,
    right: headerRight,
    infoRow: HEADER_ROWS.info,
    model: { label: 0, value: 1, valueRight: 3 },
    mode: { label: 4, value: 5 },
    threshold: { label: 6, value: 7 },
    templateVersion: { label: 8, value: 9 },
    fieldsRow: HEADER_ROWS.fields,
    fields: [0, 3, 6].map((label) => ({ label, value: label + 1, valueRight: label + 2 })) as [
      LabelledCell,
      LabelledCell,
      LabelledCell,
    ],
    legendRow: HEADER_ROWS.legend,
    legend: { label: 0, value: 1, valueRight: headerRight },
  };

  const firstDomainRow = RESULTS_TITLE_ROW + 2;
  const overallRow = firstDomainRow + pack.domains.length;
  const itemsTitleRow = overallRow + 2;
  const itemsHeaderRow = itemsTitleRow + 1;
  const firstItemRow = itemsHeaderRow + 1;
  const lastItemRow = firstItemRow + listItems(pack).length - 1;

  const subdomainRows = new Map<string, number>();
  const domainRows = new Map<string, number>();
  let cursor = firstItemRow;
  const domains = pack.domains.map((domain, d): DomainLayout => {
    const top = cursor;
    const subdomains = domain.subdomains.map((subdomain) => {
      const block = { top: cursor, bottom: cursor + subdomain.items.length - 1 };
      subdomainRows.set(subdomain.id, block.top);
      cursor = block.bottom + 1;
      return block;
    });
    const resultRow = firstDomainRow + d;
    domainRows.set(domain.id, resultRow);
    return { resultRow, top, bottom: cursor - 1, subdomains };
  });

  const reviewRatings = options.review
    ? Array.from({ length: ratingColumns.length }, (_, i) => REVIEW_LEFT + i)
    : [];
  const reviewRight = options.review ? reviewRatings.at(-1)! + 4 : 0;

  const weightColumn = options.review ? reviewRight + 2 : FIRST_HELPER;
  const helperRun = (first: number) => {
    const applicable = first;
    const r = Array.from({ length: LEVEL_COUNT }, (_, i) => applicable + 1 + i);
    const s = Array.from({ length: LEVEL_COUNT }, (_, i) => r.at(-1)! + 1 + i);
    return { applicableColumn: applicable, rColumns: r, sColumns: s };
  };
  const { applicableColumn, rColumns, sColumns } = helperRun(weightColumn + 1);
  const lookupLabelColumn = sColumns.at(-1)! + 1;
  const review: ReviewLayout | null = options.review
    ? {
        left: REVIEW_LEFT,
        right: reviewRight,
        ratingColumns: reviewRatings,
        reasonColumn: reviewRight - 3,
        itemLevelColumn: reviewRight - 2,
        itemScoreColumn: reviewRight - 1,
        changedColumn: reviewRight,
        levelColumn: REVIEW_LEFT,
        scoreColumn: REVIEW_LEFT + 1,
        changeColumn: REVIEW_LEFT + 2,
        helpers: helperRun(lookupLabelColumn + 2),
      }
    : null;

  return {
    full,
    firstItemRow,
    lastItemRow,
    ratingColumns,
    evidenceColumn,
    itemLevelColumn,
    itemScoreColumn,
    subdomainRows,
    subdomainLevelColumn,
    subdomainScoreColumn,
    domainRows,
    overallRow,
    levelColumn,
    scoreColumn,
    whyColumn,
    labelColumn,
    header,
    lookup: { labelColumn: lookupLabelColumn, valueColumn: lookupLabelColumn + 1 },
    results: {
      titleRow: RESULTS_TITLE_ROW,
      headerRow: RESULTS_TITLE_ROW + 1,
      firstDomainRow,
      idColumn: 0,
      nameColumn: 1,
      traitColumns,
      overallLabelRight: 1,
    },
    items: {
      titleRow: itemsTitleRow,
      headerRow: itemsHeaderRow,
      domainColumn: ITEM_DOMAIN,
      subdomainColumn: ITEM_SUBDOMAIN,
      idColumn: ITEM_ID,
      nameColumn: ITEM_NAME,
    },
    domains,
    helpers: { weightColumn, applicableColumn, rColumns, sColumns },
    narrowColumns: Array.from(
      { length: lastFullResultColumn - labelColumn },
      (_, i) => labelColumn + 1 + i,
    ),
    lastVisibleColumn: review ? review.right : Math.max(labelColumn, subdomainScoreColumn),
    thresholdCell: { row: header.infoRow, column: header.threshold.value },
    review,
    chart: { top: lastItemRow + 2, left: 1, bottom: lastItemRow + 21, right: 4 },
  };
}

/** The public part of a layout, as {@link AssessmentSheet} carries it. */
export function publicLayout(layout: AssessmentLayout): AssessmentSheetLayout {
  return {
    firstItemRow: layout.firstItemRow,
    lastItemRow: layout.lastItemRow,
    ratingColumns: layout.ratingColumns,
    evidenceColumn: layout.evidenceColumn,
    itemLevelColumn: layout.itemLevelColumn,
    itemScoreColumn: layout.itemScoreColumn,
    subdomainRows: layout.subdomainRows,
    subdomainLevelColumn: layout.subdomainLevelColumn,
    subdomainScoreColumn: layout.subdomainScoreColumn,
    domainRows: layout.domainRows,
    overallRow: layout.overallRow,
    levelColumn: layout.levelColumn,
    scoreColumn: layout.scoreColumn,
    whyColumn: layout.whyColumn,
    labelColumn: layout.labelColumn,
  };
}
