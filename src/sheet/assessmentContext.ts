import type { AssessmentMode, Language, ModelPack } from "../model";
import { ratingKey, ratingNumbers, ratingTexts } from "../model";
import { address } from "./a1";
import type { AssessmentLayout, LabelledCell } from "./assessmentLayout";
import type { FormulaStyle } from "./contract";
import type { CellPlan, NamePlan, RangePlan } from "./plan";
import type { Side } from "./computed";
import type { SheetText } from "./sheetText";

/* What the assessment sheet's section planners share: the context, cell helpers, the rating lookup. */

export interface AssessmentSheetOptions {
  readonly language: Language;
  readonly mode: AssessmentMode;
  readonly formulaStyle: FormulaStyle;
  readonly sheetName: string;
  /** Header fields, written as text. */
  readonly district?: string;
  readonly date?: string;
  readonly assessor?: string;
  /**
   * A review workbook's district sheet: the ratings and evidence are the district's (locked),
   * beside a reviewed block that reviewers edit (portable formulas whatever `formulaStyle`).
   */
  readonly review?: boolean;
}

/** What every section reads: the pack, the options, the layout and the sheet's wording. */
export interface SheetContext {
  readonly pack: ModelPack;
  readonly options: AssessmentSheetOptions;
  readonly layout: AssessmentLayout;
  readonly text: SheetText;
  readonly addin: boolean;
  /** The threshold cell's absolute address, as every level formula references it. */
  readonly theta: string;
  readonly lookup: RatingLookup;
  /** Whose ratings the section plans over: the sheet's own, or a review sheet's reviewed block. */
  readonly side: Side;
}

/** A section's share of the sheet, in sheet order. */
export interface SheetPart {
  readonly cells?: readonly CellPlan[];
  readonly merges?: readonly RangePlan[];
  readonly names?: readonly NamePlan[];
  /** Rows with a fixed height. */
  readonly rows?: readonly { readonly index: number; readonly height: number }[];
}

/** A cell without its position. */
export type CellContent = Omit<CellPlan, "row" | "column">;

/** `$E$18`, `E18` and a cell at a position: the sections' shorthand. */
export const absolute = (row: number, column: number): string => address(row, column, true);
export const relative = (row: number, column: number): string => address(row, column);
export const at = (row: number, column: number, content: CellContent): CellPlan => ({
  row,
  column,
  ...content,
});

/**
 * The hidden lookup table's rows: each accepted text as its key, UPPER(TRIM(text)), with what it
 * means (a scale value or level; the not-applicable marks as {@link NA_VALUE}), the numbers a
 * rating cell accepts, and the ranges formulas look keys up in.
 */
export interface RatingLookup {
  readonly entries: readonly (readonly [string, number])[];
  readonly numbers: readonly number[];
  readonly quick: boolean;
  readonly labels: string;
  readonly values: string;
}

/** What the rating formulas give for N/A: below every rating, so no sum or level can take it. */
export const NA_VALUE = -1;

/** Full mode: the rating scale's labels; quick mode: the level names (and below level 1) as 0..5. */
export function ratingLookup(pack: ModelPack, layout: AssessmentLayout): RatingLookup {
  const mode = layout.full ? "full" : "quick";
  const entries = ratingTexts(pack, mode).map(
    ([text, value]) => [ratingKey(text), value ?? NA_VALUE] as const,
  );
  const column = (c: number) => `${absolute(0, c)}:${absolute(entries.length - 1, c)}`;
  return {
    entries,
    numbers: ratingNumbers(pack, mode),
    quick: !layout.full,
    labels: column(layout.lookup.labelColumn),
    values: column(layout.lookup.valueColumn),
  };
}

/**
 * A rating cell's value by the one rating rule (SPEC §3.1), as `createRatingParser` reads it: a
 * number on the scale as is (a logical value is not a number, though LibreOffice says it is); a
 * text whose UPPER(TRIM(…)) is a label, through the lookup table, N/A as {@link NA_VALUE};
 * anything else (blank, other text, an error value) `otherwise`. EXACT confirms MATCH's find, so
 * neither wildcards nor a folded width can make a label; the length check refuses text from which
 * TRIM took more than ASCII spaces (Gnumeric's TRIM also takes non-breaking spaces and line breaks).
 *
 * @example
 * ratingValue("E18", lookup, 0);
 * // IF(ISNUMBER(E18),IF(AND(NOT(ISLOGICAL(E18)),OR(E18=1,E18=0.8,E18=0.5,E18=0)),E18,0),IF(ISTEXT(E18),…,0))
 */
export function ratingValue(cell: string, lookup: RatingLookup, otherwise: number): string {
  const onScale = lookup.quick
    ? `AND(${cell}>=0,${cell}<=${lookup.numbers.at(-1)!},${cell}=INT(${cell}))`
    : `OR(${lookup.numbers.map((value) => `${cell}=${value}`).join(",")})`;
  const key = `UPPER(TRIM(${cell}))`;
  const match = `MATCH(${key},${lookup.labels},0)`;
  const onlySpacesTrimmed = `LEN(SUBSTITUTE(${cell}," ",""))=LEN(SUBSTITUTE(TRIM(${cell})," ",""))`;
  const label = `IFERROR(IF(EXACT(${key},INDEX(${lookup.labels},${match})),INDEX(${lookup.values},${match}),${otherwise}),${otherwise})`;
  return `IF(ISNUMBER(${cell}),IF(AND(NOT(ISLOGICAL(${cell})),${onScale}),${cell},${otherwise}),IF(ISTEXT(${cell}),IF(${onlySpacesTrimmed},${label},${otherwise}),${otherwise}))`;
}

/** A column of the item block. */
export function itemRange(layout: AssessmentLayout, left: number, right = left): RangePlan {
  return { top: layout.firstItemRow, left, bottom: layout.lastItemRow, right };
}

/** A column of the results block's domain rows (the overall row not included). */
export function domainRange(layout: AssessmentLayout, column: number): RangePlan {
  return {
    top: layout.results.firstDomainRow,
    left: column,
    bottom: layout.overallRow - 1,
    right: column,
  };
}

/** The rating inputs: every item row, across the rating columns. */
export function ratingRange(layout: AssessmentLayout): RangePlan {
  return itemRange(layout, layout.ratingColumns[0]!, layout.ratingColumns.at(-1)!);
}

/** The merge of a labelled value across its columns. */
export function mergeBeside(row: number, field: LabelledCell): RangePlan {
  return { top: row, left: field.value, bottom: row, right: field.valueRight ?? field.value };
}

/** One cell as a range. */
export function cellRange(row: number, column: number): RangePlan {
  return { top: row, left: column, bottom: row, right: column };
}
