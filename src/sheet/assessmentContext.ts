import type { AssessmentMode, Language, ModelPack } from "../model";
import { NOT_APPLICABLE } from "../model";
import { address } from "./a1";
import type { AssessmentLayout, LabelledCell } from "./assessmentLayout";
import type { FormulaStyle } from "./contract";
import type { CellPlan, NamePlan, RangePlan } from "./plan";
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

/** The label → value table of this mode and the ranges formulas look labels up in. */
export interface RatingLookup {
  readonly entries: readonly (readonly [string, number])[];
  readonly labels: string;
  readonly values: string;
}

/** Full mode: the rating scale's labels; quick mode: the level names (and below level 1) as 0..5. */
export function ratingLookup(pack: ModelPack, layout: AssessmentLayout): RatingLookup {
  const both = (label: Readonly<Record<Language, string>>, value: number) =>
    [
      [label["zh-CN"], value],
      [label["en-US"], value],
    ] as const;
  const entries = layout.full
    ? pack.ratingScale.flatMap((o) => both(o.label, o.value))
    : [
        ...both(pack.belowLevel1, 0),
        ...pack.levels.flatMap((level) => both(level.name, level.level)),
      ];
  const column = (c: number) => `${absolute(0, c)}:${absolute(entries.length - 1, c)}`;
  return {
    entries,
    labels: column(layout.lookup.labelColumn),
    values: column(layout.lookup.valueColumn),
  };
}

/** The marks that make an item not applicable, in every language. */
export const NA_MARKS = [...new Set(Object.values(NOT_APPLICABLE).flat())];

/** A rating's value: a number as is, a label through the lookup table, anything else `otherwise`. */
export function numericRating(cell: string, lookup: RatingLookup, otherwise: number): string {
  return `IF(ISNUMBER(${cell}),${cell},IFERROR(INDEX(${lookup.values},MATCH(TRIM(${cell}),${lookup.labels},0)),${otherwise}))`;
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
