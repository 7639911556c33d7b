/**
 * The fake host's workbook state: plain data that tests read directly (`fake.sheets`, `fake.names`)
 * and that the proxies change only inside queued operations, at `sync()`.
 */
import { parseRange, quoteSheetName } from "../../src/sheet/a1";
import type { RangePlan } from "../../src/sheet/plan";
import { FakeExcelError } from "./errors";

export interface FakeCell {
  value: string | number | boolean | null;
  /** With the leading "=", as Range.formulas reads it. */
  formula?: string;
  error?: string;
  quotePrefix?: boolean;
  numberFormat?: string;
  /** Flattened format paths: "font.bold", "fill.color", "protection.locked", … */
  format: Record<string, unknown>;
}

export interface FakeValidation {
  area: RangePlan;
  /** Dotted paths as set: "rule" (the whole rule object), "ignoreBlanks", "errorAlert", … */
  settings: Record<string, unknown>;
}

export interface FakeConditionalFormat {
  /** The first (usually only) area it applies to. */
  area: RangePlan;
  /** Every area it applies to (several when added through a RangeAreas). */
  ranges: RangePlan[];
  /** An `Excel.ConditionalFormatType`: "Custom", "CellValue", … */
  type: string;
  /** Dotted paths as set: "custom.rule.formula", "custom.format.fill.color", … */
  settings: Record<string, unknown>;
}

export interface FakeName {
  name: string;
  /** As NamedItem.formula reads it: "='Sheet 1'!$E$7:$I$43". */
  formula: string;
}

export interface FakeChartSeries {
  name: string;
  /** Dotted paths set on the series other than its name: "values", "xAxisValues", … */
  settings: Record<string, unknown>;
}

export interface FakeChart {
  name: string;
  /** An `Excel.ChartType`: "Radar", "ColumnClustered", … */
  type: string;
  /** The source data as Range.address reads it, with its sheet: "Sheet1!B5:C11". */
  source: string;
  seriesBy: "Auto" | "Columns" | "Rows";
  /** `title.text`, or null while never set. */
  title: string | null;
  /** Where `setPosition` put it: the top-left cell, and the bottom-right one when given. */
  position: { start: string; end: string | null } | null;
  legend: { visible: boolean; position: string };
  /** Derived from the source when the chart is added (see `chartSeries`). */
  series: FakeChartSeries[];
  /** Everything else set on the chart, by dotted path: "axes.valueAxis.maximum", "height", … */
  settings: Record<string, unknown>;
  deleted?: boolean;
}

/** What `Worksheet.pageLayout` holds; Excel's defaults until set. */
export interface FakePageLayout {
  orientation: "Portrait" | "Landscape";
  paperSize: string;
  /** As set: `{ scale }` or `{ horizontalFitToPages, verticalFitToPages }`. */
  zoom: { scale?: number; horizontalFitToPages?: number; verticalFitToPages?: number };
  /** In points, as PageLayout reads them. */
  margins: {
    left: number;
    right: number;
    top: number;
    bottom: number;
    header: number;
    footer: number;
  };
  centerHorizontally: boolean;
  printArea: RangePlan | null;
  /** First and last row, 0-based. */
  printTitleRows: { top: number; bottom: number } | null;
}

export interface FakeSheet {
  name: string;
  visibility: "Visible" | "Hidden" | "VeryHidden";
  tabColor?: string;
  cells: Map<string, FakeCell>;
  columnWidths: Map<number, number>;
  rowHeights: Map<number, number>;
  hiddenColumns: Set<number>;
  hiddenRows: Set<number>;
  merges: RangePlan[];
  validations: FakeValidation[];
  /** In priority order: the first (priority 0) applies first. */
  conditionalFormats: FakeConditionalFormat[];
  names: FakeName[];
  charts: FakeChart[];
  protected: boolean;
  freeze: { rows: number; columns: number } | null;
  pageLayout: FakePageLayout;
  /** The address of the range last selected with `Range.select()`. */
  selection?: string;
  deleted?: boolean;
}

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

export const cellKey = (row: number, column: number): string => `${row},${column}`;

export function newSheet(name: string): FakeSheet {
  return {
    name,
    visibility: "Visible",
    cells: new Map(),
    columnWidths: new Map(),
    rowHeights: new Map(),
    hiddenColumns: new Set(),
    hiddenRows: new Set(),
    merges: [],
    validations: [],
    conditionalFormats: [],
    names: [],
    charts: [],
    protected: false,
    freeze: null,
    pageLayout: {
      orientation: "Portrait",
      paperSize: "Letter",
      zoom: { scale: 100 },
      // Excel's "Normal" margins, in points.
      margins: { left: 50.4, right: 50.4, top: 54, bottom: 54, header: 21.6, footer: 21.6 },
      centerHorizontally: false,
      printArea: null,
      printTitleRows: null,
    },
  };
}

export function wholeSheet(): RangePlan {
  return { top: 0, left: 0, bottom: MAX_ROWS - 1, right: MAX_COLUMNS - 1 };
}

/** "A1", "$A$1:$C$3", whole columns "A:C" and whole rows "3:5". */
export function parseAddress(address: string): RangePlan {
  const text = address.trim().replace(/\$/g, "");
  const columns = /^([A-Z]{1,3}):([A-Z]{1,3})$/i.exec(text);
  if (columns) {
    const r = parseRange(`${columns[1]}1:${columns[2]}1`)!;
    return { top: 0, left: r.left, bottom: MAX_ROWS - 1, right: r.right };
  }
  const rows = /^(\d+):(\d+)$/.exec(text);
  if (rows) return { top: +rows[1]! - 1, left: 0, bottom: +rows[2]! - 1, right: MAX_COLUMNS - 1 };
  const range = parseRange(text);
  if (!range || range.bottom >= MAX_ROWS || range.right >= MAX_COLUMNS || range.top < 0)
    throw new FakeExcelError("InvalidArgument", `bad address ${address}`);
  return range;
}

export function overlaps(a: RangePlan, b: RangePlan): boolean {
  return a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;
}

/** The sheet name as Range.address writes it: bare when it is a plain name, else quoted. */
export function sheetPrefix(name: string): string {
  const plain = /^[A-Za-z_\u3400-\u9fff][\w.\u3400-\u9fff]*$/.test(name);
  const referenceLike = /^[A-Za-z]{1,3}\d+$/.test(name) || /^[RC]\d*$|^R\d*C\d*$/i.test(name);
  return plain && !referenceLike ? name : quoteSheetName(name);
}

export function visibleSheets(sheets: readonly FakeSheet[], except?: FakeSheet): FakeSheet[] {
  return sheets.filter((s) => s !== except && s.visibility === "Visible");
}
