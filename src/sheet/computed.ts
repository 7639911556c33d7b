/**
 * What a planned formula cell computes, said by the planner beside the formula, so that the value
 * the formula evaluates to can be written with it (SPEC §4, "values travel with formulas"). The
 * values come from the engine's results for the entries in the plan (`withCachedValues`), never
 * from reading the formula: the planner knows what each cell means.
 */

/** A sheet's own ratings (self-assessed on a review sheet), or a review sheet's reviewed block. */
export type Side = "self" | "reviewed";

/** An aggregate of the sheet, or one item: the overall's id is "overall". */
export interface Scope {
  readonly kind: "item" | "subdomain" | "domain" | "overall";
  readonly id: string;
}

/** A cell of the same sheet, 0-based. */
export interface CellAt {
  readonly row: number;
  readonly column: number;
}

export type Computed =
  /** Of an assessment (or review) sheet, about its own entries: */
  | { readonly of: "applicable"; readonly side: Side; readonly item: string }
  /** The hidden r_level: full mode the cell's value (N/A as NA_VALUE), quick mode 1 up to the level. */
  | { readonly of: "r"; readonly side: Side; readonly item: string; readonly level: number }
  | {
      readonly of: "levelScore";
      readonly side: Side;
      readonly scope: Scope;
      readonly level: number;
    }
  | {
      readonly of: "level" | "score" | "why" | "label";
      readonly side: Side;
      readonly scope: Scope;
    }
  /** A review sheet's reviewed level minus its self-assessed level ("" unless both are levels). */
  | { readonly of: "change"; readonly scope: Scope }
  /** A review sheet's changed mark of an item ("" when unchanged). */
  | { readonly of: "changed"; readonly item: string }
  /** Of another sheet: the `index`-th cell (row by row, from 1) of a name on `sheet`. */
  | { readonly of: "named"; readonly sheet: string; readonly name: string; readonly index: number }
  /** The value of a cell on another sheet. */
  | { readonly of: "same"; readonly sheet: string; readonly at: CellAt }
  /** A sheet's district field, or the sheet's name while the field is blank (TRIM). */
  | { readonly of: "district"; readonly sheet: string }
  /** `to` minus `from`, two cells of the same sheet, "" unless both hold numbers. */
  | { readonly of: "difference"; readonly to: CellAt; readonly from: CellAt }
  /** An item's reviewed level across the review's district sheets: lowest, highest, below 2. */
  | { readonly of: "spread"; readonly item: string; readonly stat: "min" | "max" | "below2" }
  /** The review's changes table; `pair` and `row` from 0, `field` the column of the list. */
  | { readonly of: "changes"; readonly part: "total" }
  | { readonly of: "changes"; readonly part: "flag" | "count"; readonly pair: number }
  | { readonly of: "changes"; readonly part: "data"; readonly pair: number; readonly field: number }
  | { readonly of: "changes"; readonly part: "pick"; readonly row: number }
  | { readonly of: "changes"; readonly part: "list"; readonly row: number; readonly field: number };

/** A formula's cached value: a number, a text, a logical value or an error such as "#VALUE!". */
export type CachedValue = string | number | boolean | { readonly error: string };

/** The change list's columns, in the order the review's changes sheet shows them. */
export const CHANGE_FIELDS = [
  "district",
  "id",
  "name",
  "selfRatings",
  "reviewedRatings",
  "selfLevel",
  "reviewedLevel",
  "reason",
] as const;
