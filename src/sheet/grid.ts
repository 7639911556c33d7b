/**
 * A workbook as read back from a file or a live workbook: cell values, formulas and defined names,
 * nothing more. The reader turns a grid into an assessment; adapters produce grids.
 * Coordinates are 0-based, as in plans.
 */

/** What a cell holds. `value` is the cached result for formula cells (null if never computed). */
export interface GridCell {
  readonly value: string | number | boolean | null;
  /** The formula without the leading '=', if the cell has one. */
  readonly formula?: string;
  /** An error value such as "#N/A" or "#VALUE!", when the cell holds one. */
  readonly error?: string;
  /** False when the cell's style unlocks it. */
  readonly locked: boolean;
}

export interface GridName {
  readonly name: string;
  /** The sheet a sheet-scoped name belongs to; null for a workbook-scoped name. */
  readonly scope: string | null;
  /** The reference as written, e.g. "'Sheet 1'!$E$7:$I$43". */
  readonly reference: string;
  /** The block it refers to, when it is a single rectangular range on one sheet. */
  readonly target: {
    readonly sheet: string;
    readonly top: number;
    readonly left: number;
    readonly bottom: number;
    readonly right: number;
  } | null;
}

export interface GridValidation {
  readonly ranges: readonly { top: number; left: number; bottom: number; right: number }[];
  readonly type: string;
  /** formula1 as written, e.g. "\"1,0.8,0.5,0,N/A\"". */
  readonly formula: string;
}

export interface SheetGrid {
  readonly name: string;
  readonly visibility: "visible" | "hidden" | "veryHidden";
  /** Cells by "row,column" key; see `cellKey`. */
  readonly cells: ReadonlyMap<string, GridCell>;
  readonly protected: boolean;
  readonly validations: readonly GridValidation[];
  readonly merges: readonly { top: number; left: number; bottom: number; right: number }[];
}

export interface WorkbookGrid {
  readonly sheets: readonly SheetGrid[];
  readonly names: readonly GridName[];
}

/** Rows and columns (from 0) below these have their key made once and kept. */
const KEY_ROWS = 1024; // powers of two: the bounds check is a mask
const KEY_COLUMNS = 64;
const keptKeys = new Array<string | undefined>(KEY_ROWS * KEY_COLUMNS).fill(undefined);

/**
 * The key of a cell in `SheetGrid.cells`: "row,column", 0-based. The same string object each time
 * for the cells a return holds, so a lookup neither builds a string nor hashes one again (a
 * string keeps its hash), and compares by identity.
 */
export function cellKey(row: number, column: number): string {
  if ((row & (KEY_ROWS - 1)) !== row || (column & (KEY_COLUMNS - 1)) !== column)
    return `${row},${column}`;
  const i = row * KEY_COLUMNS + column;
  return (keptKeys[i] ??= `${row},${column}`);
}
