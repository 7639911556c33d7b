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
}

export interface WorkbookPlan {
  readonly sheets: readonly SheetPlan[];
  /** Document properties. */
  readonly title?: string;
  readonly creator?: string;
}
