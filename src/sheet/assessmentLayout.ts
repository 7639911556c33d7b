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
}

// The fixed columns. Items sit in one contiguous block so that CTMM_Ratings is n×5 (n×1).
const ITEM_DOMAIN = 0;
const ITEM_SUBDOMAIN = 1;
const ITEM_ID = 2;
const ITEM_NAME = 3;
const FIRST_RATING = 4; // E..I in full mode, E in quick mode
// Helper columns, hidden, after a gap: effective weight, applicability, r_1..r_5, S_1..S_5,
// then the label lookup table.
const FIRST_HELPER = 16;
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
  options: { readonly mode: AssessmentMode },
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

  const weightColumn = FIRST_HELPER;
  const applicableColumn = weightColumn + 1;
  const rColumns = Array.from({ length: LEVEL_COUNT }, (_, i) => applicableColumn + 1 + i);
  const sColumns = Array.from({ length: LEVEL_COUNT }, (_, i) => rColumns.at(-1)! + 1 + i);
  const lookupLabelColumn = sColumns.at(-1)! + 1;

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
    lastVisibleColumn: Math.max(labelColumn, subdomainScoreColumn),
    thresholdCell: { row: header.infoRow, column: header.threshold.value },
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
