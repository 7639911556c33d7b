/**
 * Applies a `WorkbookPlan` to a live workbook through Office JS: everything is queued and sent in
 * a constant number of `context.sync()` round trips, whatever the number of cells and sheets
 * (SPEC §9: at most 3).
 *
 * Requirement sets: ExcelApi 1.9 (Worksheet.getRanges / RangeAreas, RangeFormat.indentLevel),
 * ExcelApi 1.8 (Range.dataValidation), ExcelApi 1.7 (Worksheet.freezePanes, Worksheet.tabColor,
 * NamedItem.formula), ExcelApi 1.6 (conditional formats), ExcelApi 1.4 (Worksheet.names.add),
 * ExcelApi 1.2 (protection, merge, hidden rows and columns), ExcelApi 1.1.
 */
import { fillPlan } from "../sheet/fillPlan";
import type { SheetEntries } from "../sheet/fillPlan";
import { rangeAddress } from "../sheet/a1";
import type { CellPlan, CellStyle, RangePlan, SheetPlan, WorkbookPlan } from "../sheet/plan";
import type { AssessmentSheet } from "../sheet/planAssessmentSheet";
import { SHEET_NAMES } from "../sheet/planAssessmentSheet";
import { readSheetAssessment } from "../sheet/readAssessment";
import type { WorkbookGrid } from "../sheet/grid";
import { cellKey } from "../sheet/grid";
import { gridCells, gridName } from "./readGrid";

export interface ApplyWorkbookPlanOptions {
  /**
   * For a planned sheet that already exists and is an assessment sheet, carry its ratings,
   * evidence notes and header fields into the new sheet by item id (SPEC §4). Costs one more sync.
   */
  readonly keepEntries?: boolean;
}

export interface ApplyWorkbookPlanResult {
  /** Planned sheets that replaced an existing sheet of the same name. */
  readonly replaced: readonly string[];
  /** Replaced sheets whose entries were carried into the new sheet. */
  readonly kept: readonly string[];
  /** How many `context.sync()` calls the apply took. */
  readonly syncs: number;
}

/**
 * Writes every sheet of `plan` into the workbook. A sheet of the same name is replaced; with
 * `keepEntries` its entries survive. Two syncs (three with `keepEntries` and a sheet to keep).
 *
 * @example
 * const { plan } = planWorkbook(BUILTIN_PACK, { language: "zh-CN", mode: "full",
 *   formulaStyle: "portable", districts: ["和平区"] });
 * await Excel.run((context) => applyWorkbookPlan(context, plan, { keepEntries: true }));
 */
export async function applyWorkbookPlan(
  context: Excel.RequestContext,
  plan: WorkbookPlan,
  options: ApplyWorkbookPlanOptions = {},
): Promise<ApplyWorkbookPlanResult> {
  let syncs = 0;
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  await context.sync();
  syncs++;

  const existing = new Map(worksheets.items.map((ws) => [ws.name.toLowerCase(), ws]));
  const replaced = plan.sheets.filter((s) => existing.has(s.name.toLowerCase())).map((s) => s.name);

  let finalPlan = plan;
  const kept: string[] = [];
  const toKeep = options.keepEntries
    ? replaced.filter((name) => isAssessmentPlan(plan.sheets.find((s) => s.name === name)!))
    : [];
  if (toKeep.length > 0) {
    const grid = await loadSheets(
      context,
      toKeep.map((name) => existing.get(name.toLowerCase())!),
    );
    syncs++;
    for (const name of toKeep) {
      const entries = readEntries(grid, existing.get(name.toLowerCase())!.name);
      if (!entries) continue;
      const sheet = finalPlan.sheets.find((s) => s.name === name)!;
      // fillPlan only looks at the sheet's plan (its names and cells), not at its layout.
      finalPlan = fillPlan(finalPlan, { plan: sheet } as AssessmentSheet, entries);
      kept.push(name);
    }
  }

  // Rename the sheets being replaced out of the way first: Excel refuses to delete the last
  // visible sheet, so the old ones go only after the new ones exist.
  const taken = new Set(existing.keys());
  const old = replaced.map((name, index) => {
    const worksheet = existing.get(name.toLowerCase())!;
    let temporary = `~ctmm-old-${index}`;
    for (let n = 2; taken.has(temporary); n++) temporary = `~ctmm-old-${index}-${n}`;
    taken.add(temporary);
    worksheet.name = temporary;
    return worksheet;
  });
  const added = finalPlan.sheets.map((sheet) => {
    const worksheet = worksheets.add(sheet.name);
    writeSheet(worksheet, sheet);
    return worksheet;
  });
  for (const worksheet of old) {
    worksheet.visibility = "Visible";
    worksheet.delete();
  }
  const first = finalPlan.sheets.findIndex((s) => (s.visibility ?? "visible") === "visible");
  if (first >= 0) added[first]!.activate();
  await context.sync();
  syncs++;
  return { replaced, kept, syncs };
}

/** Whether a sheet plan is an assessment sheet whose entries can be carried by item id. */
function isAssessmentPlan(sheet: SheetPlan): boolean {
  const has = (name: string) => sheet.names.some((n) => n.name === name);
  return has(SHEET_NAMES.ratings) && has(SHEET_NAMES.itemIds);
}

/** Reads the used ranges and names of some existing sheets into a grid, in one sync. */
async function loadSheets(
  context: Excel.RequestContext,
  worksheets: readonly Excel.Worksheet[],
): Promise<WorkbookGrid> {
  const loaded = worksheets.map((worksheet) => {
    const used = worksheet.getUsedRangeOrNullObject(true);
    used.load("address,values,text");
    worksheet.names.load("items/name,items/formula");
    return { worksheet, used };
  });
  await context.sync();
  return {
    sheets: loaded.map(({ worksheet, used }) => ({
      name: worksheet.name,
      visibility: "visible",
      cells: used.isNullObject
        ? new Map()
        : gridCells({
            address: used.address,
            // Entries keep what the user sees: a date typed into the date field is a serial
            // number in `values` but "2024/5/1" in `text`.
            values: used.values.map((row, i) =>
              row.map((value, j) => (typeof value === "number" ? value : used.text[i]![j])),
            ),
          }),
      protected: false,
      validations: [],
      merges: [],
    })),
    names: loaded.flatMap(({ worksheet }) =>
      worksheet.names.items.map((item) => gridName(item.name, worksheet.name, item.formula)),
    ),
  };
}

/** The entries of an existing assessment sheet, or null when it cannot be read as one. */
function readEntries(grid: WorkbookGrid, sheet: string): SheetEntries | null {
  let assessment;
  try {
    assessment = readSheetAssessment(grid, sheet);
  } catch {
    return null;
  }
  const sheetGrid = grid.sheets.find((s) => s.name === sheet)!;
  // The date is read as displayed text (see loadSheets), not as the serial number.
  const dateName = grid.names.find((n) => n.scope === sheet && n.name === SHEET_NAMES.date);
  const date = dateName?.target
    ? sheetGrid.cells.get(cellKey(dateName.target.top, dateName.target.left))?.value
    : undefined;
  const header: { district?: string; date?: string; assessor?: string } = {};
  if (assessment.district !== "") header.district = assessment.district;
  if (date !== undefined && date !== null && String(date) !== "") header.date = String(date);
  if (assessment.assessor !== "") header.assessor = assessment.assessor;
  return { ratings: assessment.input.ratings, evidence: assessment.evidence, header };
}

function writeSheet(worksheet: Excel.Worksheet, sheet: SheetPlan): void {
  if (sheet.tabColor) worksheet.tabColor = `#${sheet.tabColor}`;
  writeCells(worksheet, sheet.cells);
  writeStyles(worksheet, sheet.cells);
  for (const column of sheet.columns) {
    const range = worksheet.getRange(`${columnRef(column.index)}:${columnRef(column.index)}`);
    if (column.width !== undefined) range.format.columnWidth = columnWidthPoints(column.width);
    if (column.hidden) range.columnHidden = true;
  }
  for (const row of sheet.rows) {
    const range = worksheet.getRange(`${row.index + 1}:${row.index + 1}`);
    if (row.height !== undefined) range.format.rowHeight = row.height;
    if (row.hidden) range.rowHidden = true;
  }
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
  // Last: once protected, locked cells can no longer be written.
  if (sheet.protect) worksheet.protection.protect();
  if (sheet.visibility === "hidden") worksheet.visibility = "Hidden";
  if (sheet.visibility === "veryHidden") worksheet.visibility = "VeryHidden";
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

/** Values and formulas as one 2-D `formulas` array, number formats as another, over the block. */
function writeCells(worksheet: Excel.Worksheet, cells: readonly CellPlan[]): void {
  const block = cellBlock(cells);
  if (!block) return;
  const height = block.bottom - block.top + 1;
  const width = block.right - block.left + 1;
  const formulas: (string | number | boolean)[][] = Array.from({ length: height }, () =>
    new Array<string | number | boolean>(width).fill(""),
  );
  const formats: string[][] = Array.from({ length: height }, () =>
    new Array<string>(width).fill("General"),
  );
  let anyFormat = false;
  for (const cell of cells) {
    const row = formulas[cell.row - block.top]!;
    row[cell.column - block.left] = formulaInput(cell);
    if (cell.style?.numberFormat) {
      formats[cell.row - block.top]![cell.column - block.left] = cell.style.numberFormat;
      anyFormat = true;
    }
  }
  const range = worksheet.getRange(rangeAddress(block));
  range.formulas = formulas;
  // After the values: a text format ("@") set first would turn the formulas into text.
  if (anyFormat) range.numberFormat = formats;
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

type StyleKey = string;

/** Formats cells grouped by identical style, one RangeAreas (chunked) per group. */
function writeStyles(worksheet: Excel.Worksheet, cells: readonly CellPlan[]): void {
  const groups = new Map<StyleKey, { style: CellStyle; cells: CellPlan[] }>();
  for (const cell of cells) {
    const style: { -readonly [K in keyof CellStyle]: CellStyle[K] } = { ...cell.style };
    delete style.numberFormat; // written as one 2-D array with the values
    if (style.locked === true) delete style.locked; // locked is Excel's default
    if (Object.keys(style).length === 0) continue;
    const key = JSON.stringify(Object.entries(style).sort(([a], [b]) => a.localeCompare(b)));
    const group = groups.get(key) ?? { style, cells: [] as CellPlan[] };
    group.cells.push(cell);
    groups.set(key, group);
  }
  for (const { style, cells: members } of groups.values()) {
    for (const addresses of chunkAddresses(rowRuns(members))) {
      applyStyle(worksheet.getRanges(addresses).format, style);
    }
  }
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
function chunkAddresses(addresses: readonly string[], maxLength = 2000): string[] {
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
