/**
 * A sheet plan as a list of Office JS requests, each with an estimate of its size on the wire, so
 * that the writer can pack them into batches under Excel on the web's 5 MB request limit.
 *
 * Requirement sets: ExcelApi 1.9 (Worksheet.getRanges / RangeAreas, RangeFormat.indentLevel,
 * Worksheet.pageLayout), ExcelApi 1.8 (Range.dataValidation), ExcelApi 1.7
 * (Worksheet.freezePanes, Worksheet.tabColor, ChartSeriesCollection.add, ChartSeries.setValues /
 * setXAxisValues / marker properties), ExcelApi 1.6 (conditional formats), ExcelApi 1.4
 * (Worksheet.names.add), ExcelApi 1.2 (protection, merge, hidden rows and columns,
 * RangeFormat.autofitRows), ExcelApi 1.1 (charts, ChartFill.setSolidColor, ChartLineFormat).
 */
import { cellKey } from "../sheet/grid";
import { chartName } from "../sheet/contract";
import { address, rangeAddress } from "../sheet/a1";
import type {
  CellPlan,
  CellStyle,
  ChartPlan,
  ChartSource,
  PrintPlan,
  RangePlan,
  RowPlan,
  SheetPlan,
} from "../sheet/plan";
import { ExcelAdapterError } from "./errors";

/**
 * Another worksheet of the workbook, by its planned name, for a chart drawn from its cells: the
 * writer answers with the sheet it is writing under that name (whatever its name is meanwhile).
 */
export type SheetLookup = (name: string) => Excel.Worksheet;

/** One piece of work on one worksheet, and about how many bytes it adds to a request. */
export interface SheetRequest {
  readonly bytes: number;
  readonly queue: (worksheet: Excel.Worksheet, sheetNamed: SheetLookup) => void;
  /** Other sheets whose cells it reads (a chart's sources): to be written before it runs. */
  readonly reads?: readonly string[];
}

/** What Office JS adds around each queued action (object path, ids, action type), roughly. */
const ACTION_BYTES = 120;

/** Rows of cells per request at most about this many bytes, so one sheet can span batches. */
const CELL_BAND_BYTES = 1_000_000;

/**
 * The requests that write one sheet, in the order they must run: cells first, then styles,
 * columns, rows, merges, validations, conditional formats, names and panes, the print setup,
 * charts (drawn from cells already written), protection last (once protected, locked cells can no
 * longer be written, nor charts added). Visibility is left to the caller, who sets it after the
 * sheet has its final name.
 *
 * Throws `ExcelAdapterError` ("writeFailed") for a chart without series, before anything is sent.
 */
export function sheetRequests(sheet: SheetPlan): SheetRequest[] {
  const requests: SheetRequest[] = [];
  if (sheet.tabColor) {
    const color = `#${sheet.tabColor}`;
    requests.push({ bytes: ACTION_BYTES, queue: (ws) => void (ws.tabColor = color) });
  }
  requests.push(...cellRequests(sheet.cells));
  requests.push(...styleRequests(sheet.cells));
  requests.push(structureRequest(sheet));
  if (sheet.print) requests.push(printRequest(sheet.print));
  (sheet.charts ?? []).forEach((chart, index) =>
    requests.push(chartRequest(sheet.name, chart, index)),
  );
  if (sheet.protect) requests.push({ bytes: ACTION_BYTES, queue: (ws) => ws.protection.protect() });
  return requests;
}

/** The bounding block of the planned cells, or null when there are none. */
function cellBlock(cells: readonly CellPlan[]): RangePlan | null {
  if (cells.length === 0) return null;
  let top = Infinity;
  let left = Infinity;
  let bottom = -1;
  let right = -1;
  for (const cell of cells) {
    top = Math.min(top, cell.row);
    left = Math.min(left, cell.column);
    bottom = Math.max(bottom, cell.row);
    right = Math.max(right, cell.column);
  }
  return { top, left, bottom, right };
}

/**
 * Values and formulas as 2-D `formulas` arrays, number formats as others, in bands of rows small
 * enough to keep a request far under the limit.
 */
function cellRequests(cells: readonly CellPlan[]): SheetRequest[] {
  const block = cellBlock(cells);
  if (!block) return [];
  const height = block.bottom - block.top + 1;
  const width = block.right - block.left + 1;
  const formulas: (string | number | boolean)[][] = Array.from({ length: height }, () =>
    new Array<string | number | boolean>(width).fill(""),
  );
  const formats: string[][] = Array.from({ length: height }, () =>
    new Array<string>(width).fill("General"),
  );
  const formatted = new Array<boolean>(height).fill(false);
  for (const cell of cells) {
    formulas[cell.row - block.top]![cell.column - block.left] = formulaInput(cell);
    if (cell.style?.numberFormat) {
      formats[cell.row - block.top]![cell.column - block.left] = cell.style.numberFormat;
      formatted[cell.row - block.top] = true;
    }
  }
  const requests: SheetRequest[] = [];
  let start = 0;
  while (start < height) {
    let end = start;
    let bytes = JSON.stringify(formulas[start]).length;
    while (end + 1 < height) {
      const next = JSON.stringify(formulas[end + 1]).length;
      if (bytes + next > CELL_BAND_BYTES) break;
      bytes += next;
      end++;
    }
    const band: RangePlan = { ...block, top: block.top + start, bottom: block.top + end };
    const values = formulas.slice(start, end + 1);
    const anyFormat = formatted.slice(start, end + 1).some(Boolean);
    const numberFormats = anyFormat ? formats.slice(start, end + 1) : null;
    const address = rangeAddress(band);
    requests.push({
      bytes: 2 * ACTION_BYTES + bytes + (numberFormats ? JSON.stringify(numberFormats).length : 0),
      queue: (ws) => {
        const range = ws.getRange(address);
        range.formulas = values;
        // After the values: a text format ("@") set first would turn the formulas into text.
        if (numberFormats) range.numberFormat = numberFormats;
      },
    });
    start = end + 1;
  }
  return requests;
}

/**
 * What to put in the `formulas` array for one cell. Excel parses strings written there as if
 * typed, so text that would read as a formula, number, date or boolean gets the "'" prefix that
 * keeps it text (SPEC §9).
 *
 * @example
 * formulaInput({ row: 0, column: 0, value: "+1" }); // "'+1"
 * formulaInput({ row: 0, column: 0, formula: "SUM(A1:A3)" }); // "=SUM(A1:A3)"
 */
export function formulaInput(cell: CellPlan): string | number | boolean {
  if (cell.formula !== undefined) return `=${cell.formula}`;
  const value = cell.value;
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return value;
  return needsTextPrefix(value) ? `'${value}` : value;
}

/**
 * Whether Excel would read this text as something other than text: a formula (=, +, -, @), a
 * number, percentage, currency, date or time (anything starting with a digit or a sign), an error
 * (#…), a boolean, or text that already starts with the quote prefix. Errs on the side of quoting.
 */
export function needsTextPrefix(text: string): boolean {
  if (/^[\s=+\-@'#.,(\d$¥€£%]/.test(text)) return true;
  if (/^(true|false)$/i.test(text)) return true;
  // Month names parse as dates ("May 1", "Jan-24").
  return /^[a-z]{3,9}[\s\-/.]*\d/i.test(text);
}

/** Formats cells grouped by identical style, one RangeAreas (chunked) per group. */
function styleRequests(cells: readonly CellPlan[]): SheetRequest[] {
  const groups = new Map<string, { style: CellStyle; cells: CellPlan[] }>();
  for (const cell of cells) {
    const style: { -readonly [K in keyof CellStyle]: CellStyle[K] } = { ...cell.style };
    delete style.numberFormat; // written as a 2-D array with the values
    if (style.locked === true) delete style.locked; // locked is Excel's default
    if (Object.keys(style).length === 0) continue;
    const key = JSON.stringify(Object.entries(style).sort(([a], [b]) => a.localeCompare(b)));
    const group = groups.get(key) ?? { style, cells: [] as CellPlan[] };
    group.cells.push(cell);
    groups.set(key, group);
  }
  const requests: SheetRequest[] = [];
  for (const { style, cells: members } of groups.values()) {
    const actions = styleActions(style);
    for (const addresses of chunkAddresses(rowRuns(members))) {
      requests.push({
        bytes: addresses.length + ACTION_BYTES * (1 + actions),
        queue: (ws) => applyStyle(ws.getRanges(addresses).format, style),
      });
    }
  }
  return requests;
}

/** Cells merged into runs along each row: "A1:D1" rather than four addresses. */
function rowRuns(cells: readonly CellPlan[]): string[] {
  const keys = new Set(cells.map((c) => cellKey(c.row, c.column)));
  const sorted = [...cells].sort((a, b) => a.row - b.row || a.column - b.column);
  const runs: string[] = [];
  for (const cell of sorted) {
    if (keys.has(cellKey(cell.row, cell.column - 1))) continue; // not the start of a run
    let right = cell.column;
    while (keys.has(cellKey(cell.row, right + 1))) right++;
    runs.push(rangeAddress({ top: cell.row, left: cell.column, bottom: cell.row, right }));
  }
  return runs;
}

/** Address lists for getRanges, kept short: Excel limits the length of a reference. */
export function chunkAddresses(addresses: readonly string[], maxLength = 2000): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const address of addresses) {
    if (current !== "" && current.length + address.length + 1 > maxLength) {
      chunks.push(current);
      current = "";
    }
    current = current === "" ? address : `${current},${address}`;
  }
  if (current !== "") chunks.push(current);
  return chunks;
}

const HORIZONTAL = { left: "Left", center: "Center", right: "Right" } as const;
const VERTICAL = { top: "Top", center: "Center", bottom: "Bottom" } as const;
const EDGES = [
  "EdgeTop",
  "EdgeBottom",
  "EdgeLeft",
  "EdgeRight",
  "InsideVertical",
  "InsideHorizontal",
] as const;

/** How many property writes a style takes (for the size estimate). */
function styleActions(style: CellStyle): number {
  return Object.keys(style).length + (style.border === "thin" ? 2 * EDGES.length : 0);
}

function applyStyle(format: Excel.RangeFormat, style: CellStyle): void {
  if (style.bold !== undefined) format.font.bold = style.bold;
  if (style.italic !== undefined) format.font.italic = style.italic;
  if (style.fontSize !== undefined) format.font.size = style.fontSize;
  if (style.fontColor) format.font.color = `#${style.fontColor}`;
  if (style.fill) format.fill.color = `#${style.fill}`;
  if (style.wrap !== undefined) format.wrapText = style.wrap;
  if (style.horizontal) format.horizontalAlignment = HORIZONTAL[style.horizontal];
  if (style.vertical) format.verticalAlignment = VERTICAL[style.vertical];
  if (style.indent !== undefined) format.indentLevel = style.indent;
  if (style.border === "thin") {
    for (const edge of EDGES) {
      const border = format.borders.getItem(edge);
      border.style = "Continuous";
      border.weight = "Thin";
    }
  }
  if (style.locked === false) format.protection.locked = false;
}

/** Columns, rows, merges, validations, conditional formats, names and panes: one request. */
function structureRequest(sheet: SheetPlan): SheetRequest {
  const count =
    2 * sheet.columns.length +
    2 * sheet.rows.length +
    sheet.merges.length +
    5 * sheet.validations.length +
    5 * sheet.conditionalFormats.length +
    2 * sheet.names.length +
    1;
  const text =
    JSON.stringify(sheet.validations).length +
    JSON.stringify(sheet.conditionalFormats).length +
    JSON.stringify(sheet.names).length;
  return { bytes: count * ACTION_BYTES + text, queue: (ws) => queueStructure(ws, sheet) };
}

function queueStructure(worksheet: Excel.Worksheet, sheet: SheetPlan): void {
  for (const column of sheet.columns) {
    const letters = columnRef(column.index);
    const range = worksheet.getRange(`${letters}:${letters}`);
    if (column.width !== undefined) range.format.columnWidth = columnWidthPoints(column.width);
    if (column.hidden) range.columnHidden = true;
  }
  for (const row of sheet.rows) {
    // A fitted height is left to Excel's autofit below.
    const height = row.fitted ? undefined : row.height;
    if (height === undefined && !row.hidden) continue;
    const range = worksheet.getRange(`${row.index + 1}:${row.index + 1}`);
    if (height !== undefined) range.format.rowHeight = height;
    if (row.hidden) range.rowHidden = true;
  }
  // Excel measures wrapped text better than the plan's estimate, and an autofitted row keeps
  // growing as evidence is typed; this runs after the values and the wrap formats.
  for (const rows of fittedRuns(sheet.rows)) worksheet.getRange(rows).format.autofitRows();
  for (const merge of sheet.merges) worksheet.getRange(rangeAddress(merge)).merge(false);
  for (const validation of sheet.validations) {
    const dataValidation = worksheet.getRange(rangeAddress(validation.range)).dataValidation;
    dataValidation.rule = { list: { inCellDropDown: true, source: validation.list.join(",") } };
    dataValidation.ignoreBlanks = validation.allowBlank;
    dataValidation.errorAlert = {
      showAlert: true,
      style: "Stop",
      title: validation.errorTitle,
      message: validation.error,
    };
    if (validation.prompt !== undefined) {
      dataValidation.prompt = {
        showPrompt: true,
        title: validation.promptTitle ?? "",
        message: validation.prompt,
      };
    }
  }
  // Each new rule goes to the top of the priority order, so the plan's first rule is added last.
  const rules = [...sheet.conditionalFormats].sort((a, b) => b.priority - a.priority);
  for (const rule of rules) {
    const format = worksheet.getRange(rangeAddress(rule.range)).conditionalFormats.add("Custom");
    format.custom.rule.formula = `=${rule.formula}`;
    if (rule.style.fill) format.custom.format.fill.color = `#${rule.style.fill}`;
    if (rule.style.fontColor) format.custom.format.font.color = `#${rule.style.fontColor}`;
    if (rule.style.bold !== undefined) format.custom.format.font.bold = rule.style.bold;
  }
  for (const name of sheet.names)
    worksheet.names.add(name.name, worksheet.getRange(rangeAddress(name.range, true)));
  if (sheet.freeze && (sheet.freeze.rows > 0 || sheet.freeze.columns > 0)) {
    const { rows, columns } = sheet.freeze;
    if (columns === 0) worksheet.freezePanes.freezeRows(rows);
    else if (rows === 0) worksheet.freezePanes.freezeColumns(columns);
    else
      worksheet.freezePanes.freezeAt(
        worksheet.getRange(rangeAddress({ top: 0, left: 0, bottom: rows - 1, right: columns - 1 })),
      );
  }
}

/** Runs of consecutive fitted rows as whole-row addresses: "18:20", "23:23". */
function fittedRuns(rows: readonly RowPlan[]): string[] {
  const fitted = rows
    .filter((r) => r.fitted && r.height !== undefined && !r.hidden)
    .map((r) => r.index + 1)
    .sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < fitted.length;) {
    let j = i;
    while (j + 1 < fitted.length && fitted[j + 1] === fitted[j]! + 1) j++;
    runs.push(`${fitted[i]}:${fitted[j]}`);
    i = j + 1;
  }
  return runs;
}

const ORIENTATION = { landscape: "Landscape", portrait: "Portrait" } as const;

/**
 * The page setup through `Worksheet.pageLayout` (ExcelApi 1.9): paper, orientation, fit to pages,
 * margins, centring, print area and title rows, as the `.xlsx` adapter writes them.
 */
function printRequest(print: PrintPlan): SheetRequest {
  const area = print.area ? rangeAddress(print.area) : null;
  const titles = print.titleRows
    ? `$${print.titleRows.top + 1}:$${print.titleRows.bottom + 1}`
    : null;
  const actions = 3 + (print.margins ? 1 : 0) + (print.centerHorizontally ? 1 : 0);
  return {
    bytes:
      ACTION_BYTES * (actions + (area ? 1 : 0) + (titles ? 1 : 0)) + JSON.stringify(print).length,
    queue: (ws) => {
      const layout = ws.pageLayout;
      layout.orientation = ORIENTATION[print.orientation];
      layout.paperSize = print.paper;
      // 0 pages tall: as many as the rows need.
      layout.zoom = {
        horizontalFitToPages: print.fitToWidth,
        verticalFitToPages: print.fitToHeight,
      };
      if (print.margins) layout.setPrintMargins("Inches", { ...print.margins });
      if (print.centerHorizontally) layout.centerHorizontally = true;
      if (area) layout.setPrintArea(area);
      if (titles) layout.setPrintTitleRows(titles);
    },
  };
}

const CHART_TYPES = { radar: "RadarMarkers", bar: "ColumnClustered" } as const;

/**
 * One native chart: added from its first series' values (series in columns, or in rows for a row
 * of values, so that Excel makes exactly one series of them), then every series given its name,
 * values and categories explicitly rather than left to Excel's guess from the source's shape;
 * title, legend (only for several series), value axis, colours and position from the plan.
 */
export function chartRequest(sheetName: string, chart: ChartPlan, index: number): SheetRequest {
  const first = chart.series[0];
  if (!first) {
    throw new ExcelAdapterError(
      "writeFailed",
      null,
      `Sheet "${sheetName}", chart ${index + 1}: the chart has no series`,
    );
  }
  const { top, left, bottom, right } = chart.anchor;
  const start = address(top, left);
  const end = address(bottom, right);
  const byRows = first.values.range.top === first.values.range.bottom;
  const actions = 8 + 6 * chart.series.length + (chart.axis ? 3 : 0);
  const own = sheetName.toLowerCase();
  const reads = [chart.categories, ...chart.series.map((s) => s.values)]
    .map((source) => source.sheet)
    .filter((name, i, all) => name.toLowerCase() !== own && all.indexOf(name) === i);
  return {
    bytes: ACTION_BYTES * actions + JSON.stringify(chart).length,
    ...(reads.length > 0 ? { reads } : {}),
    queue: (worksheet, sheetNamed) => {
      const cells = (source: ChartSource) =>
        (source.sheet.toLowerCase() === own ? worksheet : sheetNamed(source.sheet)).getRange(
          rangeAddress(source.range),
        );
      const added = worksheet.charts.add(
        CHART_TYPES[chart.kind],
        cells(first.values),
        byRows ? "Rows" : "Columns",
      );
      added.name = chart.name ?? chartName(index);
      // Without a title Excel would title a one-series chart with the series' name.
      if (chart.title) added.title.text = chart.title;
      else added.title.visible = false;
      added.legend.visible = chart.series.length > 1;
      if (chart.series.length > 1) added.legend.position = "Bottom";
      if (chart.axis) {
        const axis = added.axes.valueAxis;
        axis.minimum = chart.axis.min;
        axis.maximum = chart.axis.max;
        axis.majorUnit = chart.axis.majorUnit;
      }
      const categories = cells(chart.categories);
      chart.series.forEach((plan, i) => {
        const series =
          i === 0 ? added.series.getItemAt(0) : added.series.add(plan.name || undefined);
        if (plan.name) series.name = plan.name;
        series.setValues(cells(plan.values));
        series.setXAxisValues(categories);
        if (chart.kind === "radar") {
          series.markerStyle = "Circle";
          series.markerSize = 6;
        }
        if (plan.color) {
          const color = `#${plan.color}`;
          // A radar series is a line with markers; a column is a filled shape.
          if (chart.kind === "radar") {
            series.format.line.color = color;
            series.markerBackgroundColor = color;
            series.markerForegroundColor = color;
          } else series.format.fill.setSolidColor(color);
        }
      });
      added.setPosition(start, end);
    },
  };
}

/**
 * Points for a width in characters of the default font: Excel's 7-pixel digits plus 5 pixels of
 * padding (as in the .xlsx adapter), at 0.75 points per pixel.
 */
export function columnWidthPoints(characters: number): number {
  return characters <= 0 ? 0 : Math.round((characters * 7 + 5) * 0.75 * 100) / 100;
}

function columnRef(column: number): string {
  return rangeAddress({ top: 0, left: column, bottom: 0, right: column }).replace(/\d+$/, "");
}
