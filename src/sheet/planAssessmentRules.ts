import { LEVEL_COUNT, NOT_APPLICABLE } from "../model";
import { columnLetters } from "./a1";
import type { SheetContext } from "./assessmentContext";
import {
  cellRange,
  domainRange,
  itemRange,
  NA_VALUE,
  ratingValue,
  ratingRange,
  relative,
} from "./assessmentContext";
import type { AssessmentLayout, ReviewLayout } from "./assessmentLayout";
import { LEVEL_FILLS, REVIEW_NAMES, SHEET_NAMES } from "./contract";
import type {
  ColumnPlan,
  ConditionalFormatPlan,
  NamePlan,
  PrintPlan,
  RangePlan,
  ValidationPlan,
} from "./plan";

/*
 * The assessment sheet's rules and setup, from its layout: defined names, drop-downs, conditional
 * formats, column widths and the print setup.
 */

/** The defined names of SPEC §4 over the item block and the results block. */
export function planNames(layout: AssessmentLayout): NamePlan[] {
  return [
    { name: SHEET_NAMES.itemIds, range: itemRange(layout, layout.items.idColumn) },
    { name: SHEET_NAMES.ratings, range: ratingRange(layout) },
    { name: SHEET_NAMES.weights, range: itemRange(layout, layout.helpers.weightColumn) },
    { name: SHEET_NAMES.evidence, range: itemRange(layout, layout.evidenceColumn) },
    { name: SHEET_NAMES.domainIds, range: domainRange(layout, layout.results.idColumn) },
    { name: SHEET_NAMES.domainLevels, range: domainRange(layout, layout.levelColumn) },
    { name: SHEET_NAMES.domainScores, range: domainRange(layout, layout.scoreColumn) },
    { name: SHEET_NAMES.overallLevel, range: cellRange(layout.overallRow, layout.levelColumn) },
    { name: SHEET_NAMES.overallScore, range: cellRange(layout.overallRow, layout.scoreColumn) },
  ];
}

/** A review sheet's names over its reviewed block (SPEC §4, review workbook). */
export function planReviewNames(layout: AssessmentLayout, review: ReviewLayout): NamePlan[] {
  return [
    {
      name: REVIEW_NAMES.reviewedRatings,
      range: itemRange(layout, review.ratingColumns[0]!, review.ratingColumns.at(-1)!),
    },
    { name: REVIEW_NAMES.reviewReasons, range: itemRange(layout, review.reasonColumn) },
    { name: REVIEW_NAMES.reviewedItemLevels, range: itemRange(layout, review.itemLevelColumn) },
    { name: REVIEW_NAMES.reviewChanged, range: itemRange(layout, review.changedColumn) },
    { name: REVIEW_NAMES.reviewedDomainLevels, range: domainRange(layout, review.levelColumn) },
    { name: REVIEW_NAMES.reviewedDomainScores, range: domainRange(layout, review.scoreColumn) },
    {
      name: REVIEW_NAMES.reviewedOverallLevel,
      range: cellRange(layout.overallRow, review.levelColumn),
    },
    {
      name: REVIEW_NAMES.reviewedOverallScore,
      range: cellRange(layout.overallRow, review.scoreColumn),
    },
  ];
}

/** The ratings' drop-down: the scale's labels (full) or the levels 0..5 (quick), and N/A. */
export function planValidations({ pack, options, text, layout }: SheetContext): ValidationPlan[] {
  const notApplicable = NOT_APPLICABLE[options.language][0]!;
  const range = ratingRange(layout);
  return [
    layout.full
      ? {
          range,
          list: [...pack.ratingScale.map((o) => o.label[options.language]), notApplicable],
          allowBlank: true,
          errorTitle: text.validationTitle,
          error: text.validationError(pack.ratingScale.map((o) => o.label[options.language])),
          promptTitle: text.promptTitle,
          prompt: text.prompt,
        }
      : {
          range,
          list: [...Array.from({ length: LEVEL_COUNT + 1 }, (_, k) => String(k)), notApplicable],
          allowBlank: true,
          errorTitle: text.validationTitle,
          error: text.quickValidationError,
          promptTitle: text.promptTitle,
          prompt: text.quickPrompt,
        },
  ];
}

/** Rating fills from "fully met" to "not met"; a scale's options share them out by rank. */
const RATING_FILLS = ["C6EFCE", "E2EFDA", "FFEB9C", "FFC7CE"];
/** A rating the sheet cannot read: Excel's own "light red fill with dark red text". */
const UNREAD_STYLE = { fill: "FFC7CE", fontColor: "9C0006", bold: true };
/** N/A ratings: grey. */
const NOT_APPLICABLE_STYLE = { fill: "D9D9D9", fontColor: "595959" };
/** A reviewed rating that differs from the district's own. */
const CHANGED_STYLE = { bold: true, fontColor: "C00000" };
/** The traits of the levels a domain has reached. */
const REACHED_STYLE = { fill: "E2EFDA", bold: true };

/** The fill of a rating option: by its rank in the scale, best first. */
function ratingFill(values: readonly number[], value: number): string {
  const ranked = [...values].sort((a, b) => b - a);
  if (ranked.length < 2) return RATING_FILLS[0]!;
  const rank = ranked.indexOf(value) / (ranked.length - 1);
  return RATING_FILLS[Math.round(rank * (RATING_FILLS.length - 1))]!;
}

/**
 * Colours: ratings by value (full mode), N/A ratings grey, level cells by level, and the traits of
 * the levels each domain (and the overall) has reached. Priorities follow the order.
 */
export function planConditionalFormats(context: SheetContext): ConditionalFormatPlan[] {
  const { layout } = context;
  const rules: Omit<ConditionalFormatPlan, "priority">[] = [
    ...ratingRules(context, ratingRange(layout)),
  ];
  // Level cells: a colour per level, the same in every block.
  const levelRanges: RangePlan[] = [
    resultsRange(layout, layout.levelColumn),
    itemRange(layout, layout.itemLevelColumn),
    itemRange(layout, layout.subdomainLevelColumn),
  ];
  const { review } = layout;
  if (review) {
    const ratings = itemRange(layout, review.ratingColumns[0]!, review.ratingColumns.at(-1)!);
    rules.push(...ratingRules(context, ratings));
    levelRanges.push(
      resultsRange(layout, review.levelColumn),
      itemRange(layout, review.itemLevelColumn),
    );
    // A changed item's reviewed ratings in bold red, whatever their fill.
    const mark = `$${columnLetters(review.changedColumn)}${ratings.top + 1}`;
    rules.push({ range: ratings, formula: `${mark}<>""`, style: CHANGED_STYLE });
  }
  for (const range of levelRanges) {
    const cell = relative(range.top, range.left);
    LEVEL_FILLS.forEach((fill, level) =>
      rules.push({ range, formula: `AND(ISNUMBER(${cell}),${cell}=${level})`, style: { fill } }),
    );
  }
  // Highlight the traits of the levels each domain (and the overall) has reached: the first
  // trait column is level 1 (COLUMN() counts from 1, the layout from 0).
  const { traitColumns, firstDomainRow } = layout.results;
  const reached = `$${columnLetters(layout.levelColumn)}${firstDomainRow + 1}`;
  rules.push({
    range: {
      top: firstDomainRow,
      left: traitColumns[0]!,
      bottom: layout.overallRow,
      right: traitColumns.at(-1)!,
    },
    formula: `AND(ISNUMBER(${reached}),COLUMN(${relative(firstDomainRow, traitColumns[0]!)})-${traitColumns[0]!}<=${reached})`,
    style: REACHED_STYLE,
  });
  return rules.map((rule, i) => ({ ...rule, priority: i + 1 }));
}

/**
 * Ratings the sheet cannot read first (SPEC §3.1: they count as 0, so the district sees which to
 * retype), then ratings coloured by value (full mode) and N/A grey: by the one rating rule, so a
 * cell is coloured as what the formulas count it.
 */
function ratingRules(
  { pack, layout, lookup }: SheetContext,
  ratings: RangePlan,
): Omit<ConditionalFormatPlan, "priority">[] {
  const topLeft = relative(ratings.top, ratings.left);
  // Blank and unread cells are UNREAD; TRIM leaving nothing is a blank, as in the engine.
  const value = ratingValue(topLeft, lookup, UNREAD);
  const rules: Omit<ConditionalFormatPlan, "priority">[] = [
    {
      range: ratings,
      formula: `IF(ISERROR(${topLeft}),TRUE,AND(LEN(TRIM(${topLeft}))>0,${value}=${UNREAD}))`,
      style: UNREAD_STYLE,
    },
  ];
  if (layout.full) {
    const values = pack.ratingScale.map((o) => o.value);
    for (const { value: rating } of pack.ratingScale)
      rules.push({
        range: ratings,
        formula: `${value}=${rating}`,
        style: { fill: ratingFill(values, rating) },
      });
  }
  rules.push({ range: ratings, formula: `${value}=${NA_VALUE}`, style: NOT_APPLICABLE_STYLE });
  return rules;
}

/** What the colour rules' rating value gives for a blank or unread cell: no rating's value. */
const UNREAD = -2;

/** A column of the results block: every domain row and the overall row. */
function resultsRange(layout: AssessmentLayout, column: number): RangePlan {
  return {
    top: layout.results.firstDomainRow,
    left: column,
    bottom: layout.overallRow,
    right: column,
  };
}

/** Column widths (in characters) and the hidden helper columns. */
export function planColumns(layout: AssessmentLayout): ColumnPlan[] {
  const { items, helpers, review } = layout;
  const hiddenRun = (first: number, last: number) =>
    Array.from({ length: last - first + 1 }, (_, i): ColumnPlan => ({
      index: first + i,
      hidden: true,
    }));
  const hidden = hiddenRun(helpers.weightColumn, layout.lookup.valueColumn);
  const reviewed: ColumnPlan[] = review
    ? [
        ...review.ratingColumns.map((index): ColumnPlan => ({ index, width: 11 })),
        { index: review.reasonColumn, width: 30 },
        { index: review.itemLevelColumn, width: 11 },
        { index: review.itemScoreColumn, width: 11 },
        { index: review.changedColumn, width: 9 },
        ...hiddenRun(review.helpers.applicableColumn, review.helpers.sColumns.at(-1)!),
      ]
    : [];
  return [
    { index: items.domainColumn, width: 18 },
    { index: items.subdomainColumn, width: 18 },
    { index: items.idColumn, width: 9 },
    { index: items.nameColumn, width: 26 },
    // In quick mode the evidence shares a trait column, made wide so that notes print on a few
    // lines: with every column on one page width, lines saved are pages saved.
    ...layout.results.traitColumns.map((index): ColumnPlan => ({
      index,
      width: index === layout.evidenceColumn ? 48 : 14,
    })),
    // The why column; in full mode also the evidence.
    { index: layout.whyColumn, width: layout.full ? 34 : 20 },
    { index: layout.labelColumn, width: 16 },
    ...layout.narrowColumns.map((index): ColumnPlan => ({ index, width: 11 })),
    ...reviewed,
    ...hidden,
  ];
}

/**
 * The district's printed return (SPEC §4): A4 landscape, every column on one page width and as
 * many pages tall as the items need, the item table's header row on every page, narrow margins.
 * The print area holds the visible blocks only: the hidden helper columns and lookup table stay
 * off paper.
 */
export function planPrint(layout: AssessmentLayout): PrintPlan {
  return {
    orientation: "landscape",
    paper: "A4",
    fitToWidth: 1,
    fitToHeight: 0,
    titleRows: { top: layout.items.headerRow, bottom: layout.items.headerRow },
    // The radar chart below the items prints too.
    area: { top: 0, left: 0, bottom: layout.chart.bottom, right: layout.lastVisibleColumn },
    // Excel's "Narrow" margins: the sheet is wide, so every inch across is scale gained.
    margins: { left: 0.25, right: 0.25, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    centerHorizontally: true,
  };
}
