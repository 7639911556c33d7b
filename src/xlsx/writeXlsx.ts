import { strToU8, Zip, ZipDeflate, zipSync } from "fflate";
import { address, columnLetters, quoteSheetName, rangeAddress } from "../sheet/a1";
import type {
  CellPlan,
  ConditionalFormatPlan,
  PrintPlan,
  RangePlan,
  SheetPlan,
  ValidationPlan,
  WorkbookPlan,
} from "../sheet/plan";
import { chartParts } from "./charts";
import { XlsxError } from "./errors";
import { argb, MAIN_NS, StyleTable, XML_DECLARATION } from "./styles";
import { escapeAttribute, escapeText, escapeXstring, hasNonXmlChar, stripNonXmlChars } from "./xml";

/** Excel's grid: 1,048,576 rows × 16,384 columns (XFD). */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;
/** Longest text a cell holds, longest formula, longest sheet name (Excel's limits). */
export const MAX_CELL_TEXT = 32_767;
export const MAX_FORMULA = 8_192;
export const MAX_SHEET_NAME = 31;
/** Excel refuses a literal list validation whose source is longer than this. */
export const MAX_LIST_SOURCE = 255;

const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";

/** The zip entries' date: fixed, so that the same plan always gives the same bytes. */
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);

/**
 * Writes a workbook plan as an `.xlsx` file (Office Open XML, transitional) that Excel, WPS and
 * LibreOffice open without a repair prompt. Works in Node and in the browser: no Node APIs.
 *
 * - Strings are always text (shared strings), even when they start with '=', '+', '-' or '@'.
 * - Formulas are written without a cached value and the workbook asks for a full recalculation on
 *   load, so every application computes them itself.
 * - The output is byte-stable: no timestamps, styles and strings numbered in order of first use.
 *
 * - Charts are native DrawingML charts whose series refer to the cells (see `./charts`).
 *
 * Throws `XlsxError` (code "INVALID_PLAN") naming the sheet and cell when the plan cannot be
 * written: a bad or duplicate sheet name, a cell outside the grid or given twice, text or a
 * formula over Excel's limits, a drop-down list longer than 255 characters, overlapping merges,
 * a chart drawn from a sheet the plan does not have or placed outside the grid.
 *
 * @example
 * const bytes = writeXlsx({ sheets: [{ name: "Sheet 1", cells: [{ row: 0, column: 0, value: "=x" }],
 *   columns: [], rows: [], merges: [], validations: [], conditionalFormats: [], names: [],
 *   protect: false }] });
 * // A1 holds the text "=x", not a formula.
 */
export function writeXlsx(plan: WorkbookPlan): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [path, xml] of workbookParts(plan)) files[path] = strToU8(xml);
  return zipSync(files, { level: 6, mtime: FIXED_MTIME });
}

/**
 * Rows written after a sheet's planned cells, one at a time as the writer goes, for a sheet too
 * long to hold as cell plans (a large batch's findings): plain values from column A, no style,
 * text as inline strings (still text, whatever it starts with).
 */
export interface AppendedRows {
  /** The sheet they go on, by name; its planned cells must all be above `firstRow`. */
  readonly sheet: string;
  /** 0-based row of the first. */
  readonly firstRow: number;
  /** How many rows and columns (for the sheet's dimension); every row must have `columns` or fewer values. */
  readonly count: number;
  readonly columns: number;
  readonly rows: Iterable<readonly (string | number)[]>;
}

/**
 * `writeXlsx`, handing the file to `write` in chunks as it is made, with `appended` rows produced
 * on the way: memory stays that of the plan, however many rows are appended. The zip's entries
 * carry their sizes after their data (a data descriptor), as streaming zip writers do.
 */
export function writeXlsxStream(
  plan: WorkbookPlan,
  write: (chunk: Uint8Array) => void,
  appended?: AppendedRows,
): void {
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else write(chunk);
  });
  for (const [path, xml] of workbookParts(plan, appended)) {
    const entry = new ZipDeflate(path, { level: 6 });
    entry.mtime = FIXED_MTIME;
    zip.add(entry);
    if (typeof xml === "string") {
      entry.push(strToU8(xml), true);
      continue;
    }
    // Pieces gathered to about 64 KB before deflating: fewer, larger pushes.
    let pending: string[] = [];
    let size = 0;
    for (const piece of xml) {
      pending.push(piece);
      size += piece.length;
      if (size >= 64 * 1024) {
        entry.push(strToU8(pending.join("")));
        pending = [];
        size = 0;
      }
    }
    entry.push(strToU8(pending.join("")), true);
  }
  zip.end();
  if (failure) throw failure;
}

/** The workbook's parts in zip order; a part is its XML, or pieces of it to write in turn. */
function workbookParts(plan: WorkbookPlan): [string, string][];
function workbookParts(
  plan: WorkbookPlan,
  appended?: AppendedRows,
): [string, string | Iterable<string>][];
function workbookParts(
  plan: WorkbookPlan,
  appended?: AppendedRows,
): [string, string | Iterable<string>][] {
  checkSheets(plan.sheets);
  if (appended && !plan.sheets.some((sheet) => sheet.name === appended.sheet))
    throw invalid(`Rows are appended to a sheet "${appended.sheet}" the plan does not have`);
  const styles = new StyleTable();
  const strings = new SharedStrings();
  const activeTab = plan.sheets.findIndex((s) => (s.visibility ?? "visible") === "visible");
  const charts = chartParts(plan.sheets, checkRange);

  // Worksheets first: they fill the style and string tables (appended rows use neither).
  const sheetXml = plan.sheets.map((sheet, index) => {
    const active = index === activeTab;
    const drawn = charts.drawnSheets.has(index);
    return sheet.name === appended?.sheet
      ? worksheetPieces(sheet, styles, strings, active, drawn, appended)
      : worksheetXml(sheet, styles, strings, active, drawn);
  });

  const parts: [string, string | Iterable<string>][] = [
    [
      "[Content_Types].xml",
      contentTypesXml(plan.sheets.length, strings.count > 0, charts.contentTypes),
    ],
    ["_rels/.rels", rootRelsXml()],
    ["docProps/core.xml", corePropertiesXml(plan)],
    ["docProps/app.xml", appPropertiesXml()],
    ["xl/workbook.xml", workbookXml(plan.sheets, activeTab)],
    ["xl/_rels/workbook.xml.rels", workbookRelsXml(plan.sheets.length, strings.count > 0)],
  ];
  sheetXml.forEach((xml, index) => parts.push([`xl/worksheets/sheet${index + 1}.xml`, xml]));
  parts.push(...charts.parts);
  parts.push(["xl/styles.xml", styles.toXml()]);
  if (strings.count > 0) parts.push(["xl/sharedStrings.xml", strings.toXml()]);
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Checks

function invalid(message: string): XlsxError {
  return new XlsxError("INVALID_PLAN", message);
}

/**
 * Throws unless `name` is a sheet name Excel accepts: 1..31 characters, none of []:*?/\, not
 * starting or ending with an apostrophe, not the reserved "History".
 */
export function checkSheetName(name: string): void {
  if (name.length === 0) throw invalid("A sheet name is empty");
  if (name.length > MAX_SHEET_NAME) {
    throw invalid(
      `Sheet name "${name}" is ${name.length} characters long; Excel allows at most ${MAX_SHEET_NAME}`,
    );
  }
  const bad = /[[\]:*?/\\]/.exec(name);
  if (bad) throw invalid(`Sheet name "${name}" contains "${bad[0]}"; Excel forbids []:*?/\\`);
  if (name.startsWith("'") || name.endsWith("'")) {
    throw invalid(`Sheet name "${name}" starts or ends with an apostrophe, which Excel forbids`);
  }
  // eslint-disable-next-line no-control-regex -- control characters are what we refuse here
  if (/[\u0000-\u001F]/.test(name) || hasNonXmlChar(name)) {
    throw invalid(`Sheet name "${name}" has a control or invalid character`);
  }
  if (name.toLowerCase() === "history") throw invalid('"History" is a sheet name Excel reserves');
}

function checkSheets(sheets: readonly SheetPlan[]): void {
  if (sheets.length === 0) throw invalid("A workbook needs at least one sheet");
  const seen = new Set<string>();
  for (const sheet of sheets) {
    checkSheetName(sheet.name);
    const key = sheet.name.toUpperCase();
    if (seen.has(key)) throw invalid(`Two sheets are named "${sheet.name}" (names ignore case)`);
    seen.add(key);
  }
  if (sheets.every((s) => (s.visibility ?? "visible") !== "visible")) {
    throw invalid("A workbook needs at least one visible sheet");
  }
}

function checkFormula(formula: string, where: string): void {
  if (formula.trim() === "") throw invalid(`${where}: the formula is empty`);
  if (hasNonXmlChar(formula)) throw invalid(`${where}: the formula has a control character`);
}

function checkCell(row: number, column: number, where: string): void {
  if (!Number.isInteger(row) || row < 0 || row >= MAX_ROWS) {
    throw invalid(`${where}: row ${row} is outside 0..${MAX_ROWS - 1}`);
  }
  if (!Number.isInteger(column) || column < 0 || column >= MAX_COLUMNS) {
    throw invalid(`${where}: column ${column} is outside 0..${MAX_COLUMNS - 1}`);
  }
}

function checkRange(range: RangePlan, where: string): void {
  checkCell(range.top, range.left, where);
  checkCell(range.bottom, range.right, where);
  if (range.bottom < range.top || range.right < range.left) {
    throw invalid(`${where}: range ends before it starts (${JSON.stringify(range)})`);
  }
}

/** A defined name Excel accepts: starts with a letter, '_' or '\', and is not a cell reference. */
export function checkDefinedName(name: string, where: string): void {
  const ok =
    name.length <= 255 &&
    /^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u.test(name) &&
    !/^[A-Za-z]{1,3}[0-9]+$/.test(name) && // A1
    !/^[RrCc]$/.test(name) &&
    !/^[Rr][0-9]*[Cc][0-9]*$/.test(name) && // R1C1
    !/^[RrCc][0-9]+$/.test(name);
  if (!ok) throw invalid(`${where}: "${name}" is not a valid defined name`);
}

// ---------------------------------------------------------------------------------------------
// Worksheet

function worksheetXml(
  sheet: SheetPlan,
  styles: StyleTable,
  strings: SharedStrings,
  active: boolean,
  drawn: boolean,
): string {
  return [...worksheetPieces(sheet, styles, strings, active, drawn)].join("");
}

/**
 * A worksheet's XML in pieces; `appended` rows are made as the pieces are taken. A `drawn` sheet
 * refers to its drawing (its charts) as relationship rId1, the only one a worksheet has.
 */
function worksheetPieces(
  sheet: SheetPlan,
  styles: StyleTable,
  strings: SharedStrings,
  active: boolean,
  drawn: boolean,
  appended?: AppendedRows,
): Iterable<string> {
  const where = `Sheet "${sheet.name}"`;
  const head: string[] = [XML_DECLARATION, `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`];

  // CT_SheetPr: tabColor, outlinePr, pageSetUpPr. fitToPage makes pageSetup's fitTo* count.
  const tabColor = sheet.tabColor
    ? `<tabColor rgb="${argb(sheet.tabColor, `${where}, tab colour`)}"/>`
    : "";
  const fitToPage = sheet.print ? '<pageSetUpPr fitToPage="1"/>' : "";
  if (tabColor || fitToPage) head.push(`<sheetPr>${tabColor}${fitToPage}</sheetPr>`);
  const rows = rowsOf(sheet, where);
  if (appended && rows.length > 0 && rows[rows.length - 1]!.index >= appended.firstRow)
    throw invalid(`${where}: planned rows reach the appended rows (from ${appended.firstRow + 1})`);
  head.push(`<dimension ref="${dimension(sheet, appended)}"/>`);
  head.push(sheetViewsXml(sheet, active, where));
  head.push('<sheetFormatPr defaultRowHeight="15"/>');
  head.push(colsXml(sheet, where));
  head.push(sheetDataXml(rows, styles, strings, where));
  const tail: string[] = [];
  if (sheet.protect) tail.push('<sheetProtection sheet="1" objects="1" scenarios="1"/>');
  tail.push(mergeCellsXml(sheet.merges, where));
  tail.push(conditionalFormattingXml(sheet.conditionalFormats, styles, where));
  tail.push(dataValidationsXml(sheet.validations, where));
  tail.push(printXml(sheet.print, `${where}, print setup`));
  // After pageSetup (and headerFooter, breaks, …), as CT_Worksheet orders them.
  if (drawn) tail.push('<drawing r:id="rId1"/>');
  tail.push("</worksheet>");
  if (!appended) return [...head, ...tail];
  // The appended rows go inside <sheetData>, after the planned ones.
  head[head.length - 1] = head[head.length - 1]!.slice(0, -"</sheetData>".length);
  return (function* () {
    yield* head;
    yield* appendedRowsXml(appended, where);
    yield "</sheetData>";
    yield* tail;
  })();
}

function* appendedRowsXml(appended: AppendedRows, where: string): Generator<string> {
  let row = appended.firstRow;
  const last = appended.firstRow + appended.count - 1;
  for (const values of appended.rows) {
    if (row > last)
      throw invalid(`${where}: more rows are appended than the ${appended.count} announced`);
    if (values.length > appended.columns)
      throw invalid(
        `${where}: row ${row + 1} has ${values.length} values; ${appended.columns} announced`,
      );
    checkCell(row, 0, where);
    const r = row + 1;
    let xml = `<row r="${r}">`;
    values.forEach((value, column) => {
      const ref = `${columnLetters(column)}${r}`;
      if (typeof value === "number") {
        if (!Number.isFinite(value))
          throw invalid(`${where}, cell ${ref}: ${value} is not a number Excel can hold`);
        xml += `<c r="${ref}"><v>${Object.is(value, -0) ? 0 : value}</v></c>`;
      } else if (value !== "") {
        if (value.length > MAX_CELL_TEXT)
          throw invalid(
            `${where}, cell ${ref}: the text is ${value.length} characters; Excel allows ${MAX_CELL_TEXT}`,
          );
        xml += `<c r="${ref}" t="inlineStr"><is>${textElement(value)}</is></c>`;
      }
    });
    yield `${xml}</row>`;
    row++;
  }
  if (row <= last)
    throw invalid(
      `${where}: ${appended.count} rows were announced, ${row - appended.firstRow} given`,
    );
}

/** A `<t>` element holding `text` as written, spaces and line breaks kept. */
function textElement(text: string): string {
  const escaped = escapeText(escapeXstring(text));
  // Keep leading/trailing spaces and line breaks that XML would otherwise let go.
  const preserve = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : "";
  return `<t${preserve}>${escaped}</t>`;
}

/** Excel's default margins (inches), written when a sheet has no print setup of its own. */
const DEFAULT_MARGINS = {
  left: 0.7,
  right: 0.7,
  top: 0.75,
  bottom: 0.75,
  header: 0.3,
  footer: 0.3,
};

/** ST_PaperSize codes (ECMA-376 Part 1, 18.3.1.63). */
const PAPER_SIZES = { A4: 9 } as const;

/**
 * printOptions, pageMargins and pageSetup, in CT_Worksheet's order. The print titles and area are
 * defined names (`_xlnm.Print_Titles`, `_xlnm.Print_Area`), written with the workbook.
 */
function printXml(print: PrintPlan | undefined, where: string): string {
  const margins = print?.margins ?? DEFAULT_MARGINS;
  for (const [side, inches] of Object.entries(margins)) {
    if (!(typeof inches === "number" && inches >= 0 && inches < 49)) {
      throw invalid(`${where}: the ${side} margin ${String(inches)} is outside 0..49 inches`);
    }
  }
  const pageMargins =
    `<pageMargins left="${margins.left}" right="${margins.right}" top="${margins.top}"` +
    ` bottom="${margins.bottom}" header="${margins.header}" footer="${margins.footer}"/>`;
  if (!print) return pageMargins;
  const pages = (value: number, min: number, name: string) => {
    if (!Number.isInteger(value) || value < min || value > 32_767) {
      throw invalid(`${where}: ${name} ${value} is outside ${min}..32767`);
    }
    return value;
  };
  const options = print.centerHorizontally ? '<printOptions horizontalCentered="1"/>' : "";
  return (
    options +
    pageMargins +
    `<pageSetup paperSize="${PAPER_SIZES[print.paper]}" orientation="${print.orientation}"` +
    ` fitToWidth="${pages(print.fitToWidth, 0, "fitToWidth")}"` +
    ` fitToHeight="${pages(print.fitToHeight, 0, "fitToHeight")}"/>`
  );
}

/** The sheet's `_xlnm.Print_Area` and `_xlnm.Print_Titles` names, as [name, reference]. */
function printNames(sheet: SheetPlan): [string, string][] {
  const where = `Sheet "${sheet.name}", print setup`;
  const names: [string, string][] = [];
  const prefix = quoteSheetName(sheet.name);
  if (sheet.print?.area) {
    checkRange(sheet.print.area, `${where}, print area`);
    names.push(["_xlnm.Print_Area", `${prefix}!${rangeAddress(sheet.print.area, true)}`]);
  }
  if (sheet.print?.titleRows) {
    const { top, bottom } = sheet.print.titleRows;
    checkRange({ top, left: 0, bottom, right: 0 }, `${where}, print titles`);
    names.push(["_xlnm.Print_Titles", `${prefix}!$${top + 1}:$${bottom + 1}`]);
  }
  return names;
}

interface RowData {
  readonly index: number;
  readonly cells: CellPlan[];
  height?: number;
  fitted?: boolean;
  hidden?: boolean;
}

/** The sheet's rows in order, each with its cells sorted by column; duplicates refused. */
function rowsOf(sheet: SheetPlan, where: string): RowData[] {
  const rows = new Map<number, RowData>();
  const row = (index: number) => {
    let data = rows.get(index);
    if (!data) {
      data = { index, cells: [] };
      rows.set(index, data);
    }
    return data;
  };
  for (const cell of sheet.cells) {
    checkCell(cell.row, cell.column, where);
    row(cell.row).cells.push(cell);
  }
  const seenRows = new Set<number>();
  for (const plan of sheet.rows) {
    checkCell(plan.index, 0, `${where}, row plan`);
    if (seenRows.has(plan.index)) throw invalid(`${where}: row ${plan.index + 1} is planned twice`);
    seenRows.add(plan.index);
    const data = row(plan.index);
    if (plan.height !== undefined) {
      if (!(plan.height >= 0 && plan.height <= 409)) {
        throw invalid(`${where}: row ${plan.index + 1} height ${plan.height} is outside 0..409`);
      }
      data.height = plan.height;
      if (plan.fitted) data.fitted = true;
    }
    if (plan.hidden) data.hidden = true;
  }
  const sorted = [...rows.values()].sort((a, b) => a.index - b.index);
  for (const data of sorted) {
    data.cells.sort((a, b) => a.column - b.column);
    for (let i = 1; i < data.cells.length; i++) {
      if (data.cells[i]!.column === data.cells[i - 1]!.column) {
        const cell = data.cells[i]!;
        throw invalid(`${where}: cell ${address(cell.row, cell.column)} is planned twice`);
      }
    }
  }
  return sorted;
}

function dimension(sheet: SheetPlan, appended?: AppendedRows): string {
  if (sheet.cells.length === 0 && !appended?.count) return "A1";
  let top = Infinity;
  let left = Infinity;
  let bottom = 0;
  let right = 0;
  if (appended && appended.count > 0 && appended.columns > 0) {
    top = appended.firstRow;
    left = 0;
    bottom = appended.firstRow + appended.count - 1;
    right = appended.columns - 1;
  }
  for (const cell of sheet.cells) {
    top = Math.min(top, cell.row);
    left = Math.min(left, cell.column);
    bottom = Math.max(bottom, cell.row);
    right = Math.max(right, cell.column);
  }
  return rangeAddress({ top, left, bottom, right });
}

function sheetViewsXml(sheet: SheetPlan, active: boolean, where: string): string {
  const rows = sheet.freeze?.rows ?? 0;
  const columns = sheet.freeze?.columns ?? 0;
  let inner = "";
  if (rows > 0 || columns > 0) {
    checkCell(rows, columns, `${where}, frozen pane`);
    const pane = rows > 0 && columns > 0 ? "bottomRight" : rows > 0 ? "bottomLeft" : "topRight";
    inner =
      "<pane" +
      (columns > 0 ? ` xSplit="${columns}"` : "") +
      (rows > 0 ? ` ySplit="${rows}"` : "") +
      ` topLeftCell="${address(rows, columns)}" activePane="${pane}" state="frozen"/>` +
      `<selection pane="${pane}" activeCell="${address(rows, columns)}" sqref="${address(rows, columns)}"/>`;
  }
  const tabSelected = active ? ' tabSelected="1"' : "";
  return `<sheetViews><sheetView${tabSelected} workbookViewId="0"${inner ? `>${inner}</sheetView>` : "/>"}</sheetViews>`;
}

/**
 * Column widths are given in characters of the default font; the file stores the width with
 * Excel's 5-pixel cell padding, for Calibri 11's 7-pixel digits (ECMA-376 Part 1, 18.3.1.13).
 */
function fileColumnWidth(characters: number): number {
  return Math.trunc(((characters * 7 + 5) / 7) * 256) / 256;
}

const DEFAULT_COLUMN_CHARACTERS = 8.43;

function colsXml(sheet: SheetPlan, where: string): string {
  if (sheet.columns.length === 0) return "";
  const columns = [...sheet.columns].sort((a, b) => a.index - b.index);
  const parts: string[] = [];
  let previous = -1;
  for (const column of columns) {
    checkCell(0, column.index, `${where}, column plan`);
    if (column.index === previous) {
      throw invalid(`${where}: column ${column.index + 1} is planned twice`);
    }
    previous = column.index;
    if (column.width !== undefined && !(column.width >= 0 && column.width <= 255)) {
      throw invalid(`${where}: column ${column.index + 1} width ${column.width} is outside 0..255`);
    }
    const n = column.index + 1;
    const width = fileColumnWidth(column.width ?? DEFAULT_COLUMN_CHARACTERS);
    parts.push(
      `<col min="${n}" max="${n}" width="${width}"` +
        (column.width !== undefined ? ' customWidth="1"' : "") +
        (column.hidden ? ' hidden="1"' : "") +
        "/>",
    );
  }
  return `<cols>${parts.join("")}</cols>`;
}

function sheetDataXml(
  rows: readonly RowData[],
  styles: StyleTable,
  strings: SharedStrings,
  where: string,
): string {
  const parts: string[] = ["<sheetData>"];
  for (const row of rows) {
    let open = `<row r="${row.index + 1}"`;
    // A fitted height is Excel's own kind (as after autofit): no customHeight, so it refits.
    if (row.height !== undefined)
      open += ` ht="${row.height}"${row.fitted ? "" : ' customHeight="1"'}`;
    if (row.hidden) open += ' hidden="1"';
    const cells = row.cells.map((cell) => cellXml(cell, styles, strings, where)).join("");
    parts.push(cells ? `${open}>${cells}</row>` : `${open}/>`);
  }
  parts.push("</sheetData>");
  return parts.join("");
}

function cellXml(
  cell: CellPlan,
  styles: StyleTable,
  strings: SharedStrings,
  where: string,
): string {
  const ref = address(cell.row, cell.column);
  const at = `${where}, cell ${ref}`;
  const styleId = styles.cellFormat(cell.style, at);
  const s = styleId !== 0 ? ` s="${styleId}"` : "";

  if (cell.formula !== undefined) {
    // Tolerate a leading '=': the file format stores formulas without it.
    const formula = cell.formula.startsWith("=") ? cell.formula.slice(1) : cell.formula;
    checkFormula(formula, at);
    if (formula.length > MAX_FORMULA) {
      throw invalid(
        `${at}: the formula is ${formula.length} characters; Excel allows ${MAX_FORMULA}`,
      );
    }
    const cached = cachedXml(cell.cached, at);
    return `<c r="${ref}"${s}${cached.type}><f>${escapeText(formula)}</f>${cached.value}</c>`;
  }
  const value = cell.value;
  if (value === undefined || value === null) return styleId !== 0 ? `<c r="${ref}"${s}/>` : "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw invalid(`${at}: ${value} is not a number Excel can hold`);
    return `<c r="${ref}"${s}><v>${Object.is(value, -0) ? 0 : value}</v></c>`;
  }
  if (typeof value === "boolean") return `<c r="${ref}"${s} t="b"><v>${value ? 1 : 0}</v></c>`;
  if (value.length > MAX_CELL_TEXT) {
    throw invalid(`${at}: the text is ${value.length} characters; Excel allows ${MAX_CELL_TEXT}`);
  }
  return `<c r="${ref}"${s} t="s"><v>${strings.index(value)}</v></c>`;
}

/**
 * A formula cell's type attribute and cached value, so that a spreadsheet or a preview that does
 * not recalculate shows the value: numbers as they are, text t="str", logical values t="b",
 * errors t="e"; nothing without one.
 */
function cachedXml(cached: CellPlan["cached"], at: string): { type: string; value: string } {
  if (cached === undefined) return { type: "", value: "" };
  if (typeof cached === "number") {
    if (!Number.isFinite(cached)) throw invalid(`${at}: ${cached} is not a number Excel can hold`);
    return { type: "", value: `<v>${Object.is(cached, -0) ? 0 : cached}</v>` };
  }
  if (typeof cached === "boolean") return { type: ' t="b"', value: `<v>${cached ? 1 : 0}</v>` };
  if (typeof cached === "object")
    return { type: ' t="e"', value: `<v>${escapeText(cached.error)}</v>` };
  return { type: ' t="str"', value: `<v>${escapeText(cached)}</v>` };
}

function mergeCellsXml(merges: readonly RangePlan[], where: string): string {
  if (merges.length === 0) return "";
  const taken = new Map<string, RangePlan>();
  for (const merge of merges) {
    checkRange(merge, `${where}, merge`);
    if (merge.top === merge.bottom && merge.left === merge.right) {
      throw invalid(`${where}: merge ${rangeAddress(merge)} is a single cell`);
    }
    for (let row = merge.top; row <= merge.bottom; row++) {
      for (let column = merge.left; column <= merge.right; column++) {
        const other = taken.get(`${row},${column}`);
        if (other) {
          throw invalid(
            `${where}: merges ${rangeAddress(other)} and ${rangeAddress(merge)} overlap`,
          );
        }
        taken.set(`${row},${column}`, merge);
      }
    }
  }
  const refs = merges.map((m) => `<mergeCell ref="${rangeAddress(m)}"/>`).join("");
  return `<mergeCells count="${merges.length}">${refs}</mergeCells>`;
}

/**
 * One <conditionalFormatting> per range, rules in plan order. Excel numbers priorities across the
 * whole sheet, so the plan's per-range priorities are renumbered 1..n keeping their order.
 */
function conditionalFormattingXml(
  formats: readonly ConditionalFormatPlan[],
  styles: StyleTable,
  where: string,
): string {
  if (formats.length === 0) return "";
  const ordered = formats
    .map((format, order) => ({ format, order }))
    .sort((a, b) => a.format.priority - b.format.priority || a.order - b.order);
  const priorities = new Map<ConditionalFormatPlan, number>();
  ordered.forEach(({ format }, index) => priorities.set(format, index + 1));

  const byRange = new Map<string, ConditionalFormatPlan[]>();
  for (const format of formats) {
    checkRange(format.range, `${where}, conditional format`);
    const sqref = rangeAddress(format.range);
    const list = byRange.get(sqref) ?? [];
    list.push(format);
    byRange.set(sqref, list);
  }
  const parts: string[] = [];
  for (const [sqref, list] of byRange) {
    const rules = list
      .sort((a, b) => priorities.get(a)! - priorities.get(b)!)
      .map((format) => {
        const at = `${where}, conditional format on ${sqref}`;
        const formula = format.formula.startsWith("=") ? format.formula.slice(1) : format.formula;
        checkFormula(formula, at);
        const dxfId = styles.differentialFormat(format.style, at);
        return (
          `<cfRule type="expression" dxfId="${dxfId}" priority="${priorities.get(format)}">` +
          `<formula>${escapeText(formula)}</formula></cfRule>`
        );
      });
    parts.push(`<conditionalFormatting sqref="${sqref}">${rules.join("")}</conditionalFormatting>`);
  }
  return parts.join("");
}

/** Excel's limits on data validation messages (longer ones make it repair the file). */
const MAX_TITLE = 32;
const MAX_MESSAGE = 255;

function dataValidationsXml(validations: readonly ValidationPlan[], where: string): string {
  if (validations.length === 0) return "";
  const parts = validations.map((validation) => {
    checkRange(validation.range, `${where}, validation`);
    const sqref = rangeAddress(validation.range);
    const at = `${where}, validation on ${sqref}`;
    if (validation.list.length === 0) throw invalid(`${at}: the list of entries is empty`);
    for (const entry of validation.list) {
      if (/[,"]/.test(entry)) {
        throw invalid(`${at}: entry "${entry}" contains a comma or a double quote`);
      }
    }
    const source = validation.list.join(",");
    if (source.length > MAX_LIST_SOURCE) {
      throw invalid(
        `${at}: the drop-down list "${source.slice(0, 40)}…" is ${source.length} characters long; ` +
          `Excel allows at most ${MAX_LIST_SOURCE} in a literal list`,
      );
    }
    const text = (name: string, value: string | undefined, max: number) => {
      if (value === undefined) return "";
      if (value.length > max) {
        throw invalid(`${at}: ${name} is ${value.length} characters; Excel allows ${max}`);
      }
      return ` ${name}="${escapeAttribute(escapeXstring(value))}"`;
    };
    const hasPrompt = validation.prompt !== undefined || validation.promptTitle !== undefined;
    return (
      '<dataValidation type="list" errorStyle="stop"' +
      (validation.allowBlank ? ' allowBlank="1"' : "") +
      (hasPrompt ? ' showInputMessage="1"' : "") +
      ' showErrorMessage="1"' +
      text("errorTitle", validation.errorTitle, MAX_TITLE) +
      text("error", validation.error, MAX_MESSAGE) +
      text("promptTitle", validation.promptTitle, MAX_TITLE) +
      text("prompt", validation.prompt, MAX_MESSAGE) +
      ` sqref="${sqref}"><formula1>${escapeText(`"${source}"`)}</formula1></dataValidation>`
    );
  });
  return `<dataValidations count="${parts.length}">${parts.join("")}</dataValidations>`;
}

// ---------------------------------------------------------------------------------------------
// Workbook parts

/** Strings in order of first use; `count` is the number of cells that refer to one. */
class SharedStrings {
  private readonly indexes = new Map<string, number>();
  count = 0;

  index(text: string): number {
    this.count++;
    let index = this.indexes.get(text);
    if (index === undefined) {
      index = this.indexes.size;
      this.indexes.set(text, index);
    }
    return index;
  }

  toXml(): string {
    const items = [...this.indexes.keys()].map((text) => `<si>${textElement(text)}</si>`);
    return (
      XML_DECLARATION +
      `<sst xmlns="${MAIN_NS}" count="${this.count}" uniqueCount="${this.indexes.size}">` +
      items.join("") +
      "</sst>"
    );
  }
}

function workbookXml(sheets: readonly SheetPlan[], activeTab: number): string {
  const sheetElements = sheets.map((sheet, index) => {
    const state =
      sheet.visibility && sheet.visibility !== "visible" ? ` state="${sheet.visibility}"` : "";
    return `<sheet name="${escapeAttribute(sheet.name)}" sheetId="${index + 1}"${state} r:id="rId${index + 1}"/>`;
  });
  const names: string[] = [];
  sheets.forEach((sheet, index) => {
    const seen = new Set<string>();
    for (const name of sheet.names) {
      const where = `Sheet "${sheet.name}", name ${name.name}`;
      checkDefinedName(name.name, where);
      if (/^_xlnm\./i.test(name.name)) {
        throw invalid(`${where}: built-in names come from the sheet's print setup`);
      }
      if (seen.has(name.name.toUpperCase())) {
        throw invalid(`Sheet "${sheet.name}": the name ${name.name} is defined twice`);
      }
      seen.add(name.name.toUpperCase());
      checkRange(name.range, where);
      const reference = `${quoteSheetName(sheet.name)}!${rangeAddress(name.range, true)}`;
      names.push(
        `<definedName name="${escapeAttribute(name.name)}" localSheetId="${index}">` +
          `${escapeText(reference)}</definedName>`,
      );
    }
    for (const [name, reference] of printNames(sheet)) {
      names.push(
        `<definedName name="${name}" localSheetId="${index}">${escapeText(reference)}</definedName>`,
      );
    }
  });
  return (
    XML_DECLARATION +
    `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    "<workbookPr/>" +
    `<bookViews><workbookView activeTab="${activeTab}"/></bookViews>` +
    `<sheets>${sheetElements.join("")}</sheets>` +
    (names.length > 0 ? `<definedNames>${names.join("")}</definedNames>` : "") +
    // Only a formula without its value asks every application to compute it on open; with
    // every value written, a spreadsheet recalculates when an entry changes (SPEC §4).
    (sheets.some((sheet) =>
      sheet.cells.some((c) => c.formula !== undefined && c.cached === undefined),
    )
      ? '<calcPr calcId="191029" fullCalcOnLoad="1"/>'
      : '<calcPr calcId="191029"/>') +
    "</workbook>"
  );
}

function workbookRelsXml(sheetCount: number, hasStrings: boolean): string {
  const base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const rels: string[] = [];
  for (let i = 1; i <= sheetCount; i++) {
    rels.push(
      `<Relationship Id="rId${i}" Type="${base}/worksheet" Target="worksheets/sheet${i}.xml"/>`,
    );
  }
  rels.push(`<Relationship Id="rId${sheetCount + 1}" Type="${base}/styles" Target="styles.xml"/>`);
  if (hasStrings) {
    rels.push(
      `<Relationship Id="rId${sheetCount + 2}" Type="${base}/sharedStrings" Target="sharedStrings.xml"/>`,
    );
  }
  return `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_REL_NS}">${rels.join("")}</Relationships>`;
}

function rootRelsXml(): string {
  return (
    XML_DECLARATION +
    `<Relationships xmlns="${PACKAGE_REL_NS}">` +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>' +
    "</Relationships>"
  );
}

function contentTypesXml(
  sheetCount: number,
  hasStrings: boolean,
  chartOverrides: readonly string[],
): string {
  const ct = "application/vnd.openxmlformats-officedocument";
  const overrides = [
    `<Override PartName="/xl/workbook.xml" ContentType="${ct}.spreadsheetml.sheet.main+xml"/>`,
  ];
  for (let i = 1; i <= sheetCount; i++) {
    overrides.push(
      `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="${ct}.spreadsheetml.worksheet+xml"/>`,
    );
  }
  overrides.push(...chartOverrides);
  overrides.push(
    `<Override PartName="/xl/styles.xml" ContentType="${ct}.spreadsheetml.styles+xml"/>`,
  );
  if (hasStrings) {
    overrides.push(
      `<Override PartName="/xl/sharedStrings.xml" ContentType="${ct}.spreadsheetml.sharedStrings+xml"/>`,
    );
  }
  overrides.push(
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>',
    `<Override PartName="/docProps/app.xml" ContentType="${ct}.extended-properties+xml"/>`,
  );
  return (
    XML_DECLARATION +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    overrides.join("") +
    "</Types>"
  );
}

function corePropertiesXml(plan: WorkbookPlan): string {
  const element = (name: string, value: string | undefined) =>
    value === undefined ? "" : `<${name}>${escapeText(stripNonXmlChars(value))}</${name}>`;
  return (
    XML_DECLARATION +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"' +
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"' +
    ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    element("dc:title", plan.title) +
    element("dc:creator", plan.creator) +
    "</cp:coreProperties>"
  );
}

function appPropertiesXml(): string {
  return (
    XML_DECLARATION +
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"' +
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    "<Application>CTMM for Excel</Application><DocSecurity>0</DocSecurity>" +
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>" +
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>" +
    "</Properties>"
  );
}
