import type { CachedValue, Computed } from "./computed";

/**
 * A declarative plan of a workbook: what to write, as plain data. The planner builds it purely;
 * the `.xlsx` adapter and the Office JS adapter each apply it in one pass.
 *
 * Coordinates are 0-based (row 0 is Excel row 1, column 0 is column A) everywhere in plans.
 */

/** A rectangular block of cells, 0-based and inclusive. */
export interface RangePlan {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

export type HorizontalAlignment = "left" | "center" | "right";
export type VerticalAlignment = "top" | "center" | "bottom";

/** How a cell looks. Colours are 6-digit hex RGB without '#', e.g. "1F4E79". */
export interface CellStyle {
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly fontSize?: number;
  readonly fontColor?: string;
  readonly fill?: string;
  readonly wrap?: boolean;
  readonly horizontal?: HorizontalAlignment;
  readonly vertical?: VerticalAlignment;
  readonly indent?: number;
  /** An Excel number format code, e.g. "0.00" or "@" (text). */
  readonly numberFormat?: string;
  readonly border?: "thin";
  /** Cells are locked unless this is false (only inputs are unlocked). */
  readonly locked?: boolean;
}

/**
 * One cell. `formula` is written without the leading '=' and uses only classic functions in the
 * portable style. A string `value` is always text, even if it starts with '=', '+', '-' or '@'.
 */
export interface CellPlan {
  readonly row: number;
  readonly column: number;
  readonly value?: string | number | boolean | null;
  readonly formula?: string;
  readonly style?: CellStyle;
  /** What the formula computes, for its cached value (`withCachedValues`). */
  readonly computes?: Computed;
  /** The value the formula evaluates to, written with it (a file's `<v>`). */
  readonly cached?: CachedValue;
}

export interface ColumnPlan {
  readonly index: number;
  /** Width in characters of the default font. */
  readonly width?: number;
  readonly hidden?: boolean;
}

export interface RowPlan {
  readonly index: number;
  /** Height in points. */
  readonly height?: number;
  /**
   * The height is an estimate of what the row's wrapped text needs, not a fixed height: the
   * `.xlsx` file gives it without `customHeight`, so a spreadsheet may refit the row (and grows it
   * as longer evidence is typed), and Office JS autofits the row instead of setting it.
   */
  readonly fitted?: boolean;
  readonly hidden?: boolean;
}

/** A drop-down list of allowed entries; anything else is rejected with the error message. */
export interface ValidationPlan {
  readonly range: RangePlan;
  /** The allowed entries, written as a literal list (each entry without commas or quotes). */
  readonly list: readonly string[];
  readonly allowBlank: boolean;
  readonly errorTitle: string;
  readonly error: string;
  readonly promptTitle?: string;
  readonly prompt?: string;
}

/** A conditional format rule: `formula` (no '=') is relative to the range's top-left cell. */
export interface ConditionalFormatPlan {
  readonly range: RangePlan;
  readonly formula: string;
  readonly style: Pick<CellStyle, "fill" | "fontColor" | "bold">;
  /** Rules on the same range are evaluated by priority, 1 first. */
  readonly priority: number;
}

/** A sheet-scoped defined name. */
export interface NamePlan {
  readonly name: string;
  readonly range: RangePlan;
}

/** Page margins in inches. */
export interface MarginsPlan {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly header: number;
  readonly footer: number;
}

/**
 * How a sheet prints: paper, orientation, scaling to a number of pages, the rows repeated at the
 * top of every page (print titles) and the block printed (print area).
 *
 * @example
 * // A4 landscape, all columns on one page width, as many pages tall as needed, row 17 repeated:
 * { orientation: "landscape", paper: "A4", fitToWidth: 1, fitToHeight: 0,
 *   titleRows: { top: 16, bottom: 16 }, area: { top: 0, left: 0, bottom: 53, right: 13 } }
 */
export interface PrintPlan {
  readonly orientation: "landscape" | "portrait";
  readonly paper: "A4";
  /** Scale to this many pages wide (1..32767). */
  readonly fitToWidth: number;
  /** Scale to this many pages tall; 0 = as many as needed. */
  readonly fitToHeight: number;
  /** Rows repeated at the top of every printed page, 0-based and inclusive. */
  readonly titleRows?: { readonly top: number; readonly bottom: number };
  /** The block printed; without it, the used range. */
  readonly area?: RangePlan;
  readonly margins?: MarginsPlan;
  /** Centre the printed block between the left and right margins. */
  readonly centerHorizontally?: boolean;
}

/** A block of cells on a named sheet of the same workbook, as a chart draws from it. */
export interface ChartSource {
  readonly sheet: string;
  readonly range: RangePlan;
}

/**
 * A native chart drawn from cells (it follows them as they recalculate): a radar of levels, or
 * clustered columns. Every series shares the categories; values are one row or column each.
 *
 * @example
 * // The domain levels of an assessment sheet, 0..5, beside its results:
 * { kind: "radar", title: "Domain levels", anchor: { top: 1, left: 15, bottom: 20, right: 22 },
 *   categories: { sheet: "和平区", range: domainIds },
 *   series: [{ name: "Self-assessed", values: { sheet: "和平区", range: domainLevels } }],
 *   axis: { min: 0, max: 5, majorUnit: 1 } }
 */
export interface ChartPlan {
  readonly kind: "radar" | "bar";
  /** The chart's name on its sheet; `chartName(index)` without it. */
  readonly name?: string;
  readonly title: string;
  /** The cells the chart covers on its own sheet, 0-based and inclusive. */
  readonly anchor: RangePlan;
  readonly categories: ChartSource;
  readonly series: readonly {
    readonly name: string;
    readonly values: ChartSource;
    /** 6-digit hex RGB without '#'; the application's palette without it. */
    readonly color?: string;
  }[];
  /** The value axis's bounds and step; the application's automatic ones without it. */
  readonly axis?: { readonly min: number; readonly max: number; readonly majorUnit: number };
}

export interface SheetPlan {
  readonly name: string;
  readonly visibility?: "visible" | "hidden" | "veryHidden";
  readonly tabColor?: string;
  readonly cells: readonly CellPlan[];
  readonly columns: readonly ColumnPlan[];
  readonly rows: readonly RowPlan[];
  readonly merges: readonly RangePlan[];
  readonly validations: readonly ValidationPlan[];
  readonly conditionalFormats: readonly ConditionalFormatPlan[];
  readonly names: readonly NamePlan[];
  /** Sheet protection, without a password: users may select cells and edit unlocked ones. */
  readonly protect: boolean;
  /** Rows and columns frozen at the top and left. */
  readonly freeze?: { readonly rows: number; readonly columns: number };
  /** Page setup; without it, the application's defaults. */
  readonly print?: PrintPlan;
  /** Native charts on the sheet, drawn from cells. */
  readonly charts?: readonly ChartPlan[];
}

/**
 * A sheet plan with nothing on it but what `parts` gives: no cells, rules or names, unprotected.
 *
 * @example sheetPlan("Notes", { cells: [{ row: 0, column: 0, value: "=x" }] })
 */
export function sheetPlan(name: string, parts: Partial<Omit<SheetPlan, "name">> = {}): SheetPlan {
  return {
    name,
    cells: [],
    columns: [],
    rows: [],
    merges: [],
    validations: [],
    conditionalFormats: [],
    names: [],
    protect: false,
    ...parts,
  };
}

export interface WorkbookPlan {
  readonly sheets: readonly SheetPlan[];
  /** Document properties. */
  readonly title?: string;
  readonly creator?: string;
}
