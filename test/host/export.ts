/**
 * The fake host's workbook as a `WorkbookPlan`, so that what an adapter wrote can be saved with
 * `writeXlsx` and recalculated by a real spreadsheet (LibreOffice in the tests). No Node APIs.
 */
import { parseRange } from "../../src/sheet/a1";
import type {
  CellPlan,
  CellStyle,
  ChartPlan,
  ChartSource,
  ColumnPlan,
  ConditionalFormatPlan,
  NamePlan,
  PrintPlan,
  RowPlan,
  SheetPlan,
  ValidationPlan,
  WorkbookPlan,
} from "../../src/sheet/plan";
import type { FakeExcel } from "./fakeExcel";
import type { FakeCell, FakeSheet } from "./workbook";

/**
 * Every sheet of the fake workbook, in order, as a plan: values and formulas (quote-prefixed text
 * stays a string value, an error constant becomes the formula `#N/A`), styles with number formats
 * and `locked`, column widths (back to characters) and hidden columns, row heights and hidden rows,
 * merges, list validations, custom conditional formats in priority order, sheet-scoped names,
 * protection, visibility, frozen panes, tab colours and the page setup once one is set (A4 or
 * Letter kept as A4 only, fit to pages, margins, print area and title rows), and the charts a
 * plan can say (radar and clustered column charts placed over cells, drawn from cells of the
 * workbook). Not carried, as plans have no place for them: workbook-scoped names, other kinds of
 * chart, validation and conditional format.
 *
 * @example
 * const grid = readXlsx(await recalculate(writeXlsx(exportWorkbookPlan(fake))));
 */
export function exportWorkbookPlan(fake: FakeExcel): WorkbookPlan {
  const names = new Map(fake.sheets.map((sheet) => [sheet.name.toLowerCase(), sheet.name]));
  return { sheets: fake.sheets.map((sheet) => exportSheet(sheet, names)) };
}

function exportSheet(sheet: FakeSheet, sheetNames: ReadonlyMap<string, string>): SheetPlan {
  const freeze = sheet.freeze && (sheet.freeze.rows > 0 || sheet.freeze.columns > 0);
  const tabColor = hex(sheet.tabColor);
  return {
    name: sheet.name,
    visibility:
      sheet.visibility === "VeryHidden"
        ? "veryHidden"
        : sheet.visibility === "Hidden"
          ? "hidden"
          : "visible",
    ...(tabColor ? { tabColor } : {}),
    cells: exportCells(sheet),
    columns: exportColumns(sheet),
    rows: exportRows(sheet),
    merges: sheet.merges.map((m) => ({ ...m })),
    validations: exportValidations(sheet),
    conditionalFormats: exportConditionalFormats(sheet),
    names: exportNames(sheet),
    protect: sheet.protected,
    ...(freeze ? { freeze: { ...sheet.freeze! } } : {}),
    ...exportPrint(sheet),
    ...exportCharts(sheet, sheetNames),
  };
}

const CHART_KINDS: Readonly<Record<string, ChartPlan["kind"]>> = {
  Radar: "radar",
  RadarMarkers: "radar",
  ColumnClustered: "bar",
};

/** "Heping!C8:C13" or "'My sheet'!$C$8:$C$13" → a source; null for "#REF!…" or a lost sheet. */
function chartSource(
  address: unknown,
  sheetNames: ReadonlyMap<string, string>,
): ChartSource | null {
  if (typeof address !== "string") return null;
  const bang = address.lastIndexOf("!");
  if (bang < 0) return null;
  let sheet = address.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  const name = sheetNames.get(sheet.toLowerCase());
  const range = parseRange(address.slice(bang + 1));
  return name !== undefined && range ? { sheet: name, range } : null;
}

/**
 * The charts placed over cells (`setPosition` with both corners) whose series all have values
 * and categories in cells: a chart's only series may take its values from the chart's source.
 */
function exportCharts(
  sheet: FakeSheet,
  sheetNames: ReadonlyMap<string, string>,
): { charts?: ChartPlan[] } {
  const charts: ChartPlan[] = [];
  for (const chart of sheet.charts) {
    const kind = CHART_KINDS[chart.type];
    const start = chart.position && parseRange(chart.position.start);
    const end = chart.position?.end && parseRange(chart.position.end);
    if (!kind || !start || !end || chart.series.length === 0) continue;
    const categories = chartSource(chart.series[0]!.settings["xAxisValues"], sheetNames);
    const values = chart.series.map((series) =>
      chartSource(
        series.settings["values"] ?? (chart.series.length === 1 ? chart.source : undefined),
        sheetNames,
      ),
    );
    if (!categories || values.some((v) => v === null)) continue;
    const minimum = chart.settings["axes.valueAxis.minimum"];
    const maximum = chart.settings["axes.valueAxis.maximum"];
    const majorUnit = chart.settings["axes.valueAxis.majorUnit"];
    const axis =
      typeof minimum === "number" && typeof maximum === "number" && typeof majorUnit === "number"
        ? { axis: { min: minimum, max: maximum, majorUnit } }
        : {};
    charts.push({
      kind,
      title: chart.settings["title.visible"] === false ? "" : (chart.title ?? ""),
      anchor: { top: start.top, left: start.left, bottom: end.bottom, right: end.right },
      categories,
      series: chart.series.map((series, i) => {
        const color = hex(
          series.settings["format.fill.solidColor"] ?? series.settings["format.line.color"],
        );
        return { name: series.name, values: values[i]!, ...(color ? { color } : {}) };
      }),
      ...axis,
    });
  }
  return charts.length > 0 ? { charts } : {};
}

/** The page setup, when the adapter set one that a plan can say (A4, fit to pages). */
function exportPrint(sheet: FakeSheet): { print?: PrintPlan } {
  const layout = sheet.pageLayout;
  const { horizontalFitToPages: wide, verticalFitToPages: tall } = layout.zoom;
  if (layout.paperSize !== "A4" || wide === undefined) return {};
  const inches = (points: number) => Math.round((points / 72) * 1000) / 1000;
  const m = layout.margins;
  return {
    print: {
      orientation: layout.orientation === "Landscape" ? "landscape" : "portrait",
      paper: "A4",
      fitToWidth: wide,
      fitToHeight: tall ?? 0,
      ...(layout.printTitleRows ? { titleRows: { ...layout.printTitleRows } } : {}),
      ...(layout.printArea ? { area: { ...layout.printArea } } : {}),
      margins: {
        left: inches(m.left),
        right: inches(m.right),
        top: inches(m.top),
        bottom: inches(m.bottom),
        header: inches(m.header),
        footer: inches(m.footer),
      },
      ...(layout.centerHorizontally ? { centerHorizontally: true } : {}),
    },
  };
}

function exportCells(sheet: FakeSheet): CellPlan[] {
  const cells: CellPlan[] = [];
  for (const [key, cell] of sheet.cells) {
    const [row, column] = key.split(",").map(Number) as [number, number];
    const style = exportStyle(cell);
    const content: Pick<CellPlan, "value" | "formula"> = cell.formula
      ? { formula: cell.formula.replace(/^=/, "") }
      : cell.error
        ? { formula: cell.error }
        : cell.value !== null
          ? { value: cell.value }
          : {};
    if (Object.keys(content).length === 0 && !style) continue;
    cells.push({ row, column, ...content, ...(style ? { style } : {}) });
  }
  return cells.sort((a, b) => a.row - b.row || a.column - b.column);
}

const HORIZONTAL: Record<string, CellStyle["horizontal"]> = {
  Left: "left",
  Center: "center",
  Right: "right",
};
const VERTICAL: Record<string, CellStyle["vertical"]> = {
  Top: "top",
  Center: "center",
  Bottom: "bottom",
};

/** "#1f4e79" → "1F4E79"; null for anything but a 6-digit hex colour. */
function hex(color: unknown): string | null {
  const match = typeof color === "string" ? /^#?([0-9a-f]{6})$/i.exec(color) : null;
  return match ? match[1]!.toUpperCase() : null;
}

function exportStyle(cell: FakeCell): CellStyle | null {
  const f = cell.format;
  const style: { -readonly [K in keyof CellStyle]: CellStyle[K] } = {};
  if (typeof f["font.bold"] === "boolean") style.bold = f["font.bold"];
  if (typeof f["font.italic"] === "boolean") style.italic = f["font.italic"];
  if (typeof f["font.size"] === "number") style.fontSize = f["font.size"];
  const fontColor = hex(f["font.color"]);
  if (fontColor) style.fontColor = fontColor;
  const fill = hex(f["fill.color"]);
  if (fill) style.fill = fill;
  if (typeof f["wrapText"] === "boolean") style.wrap = f["wrapText"];
  const horizontal = HORIZONTAL[String(f["horizontalAlignment"])];
  if (horizontal) style.horizontal = horizontal;
  const vertical = VERTICAL[String(f["verticalAlignment"])];
  if (vertical) style.vertical = vertical;
  if (typeof f["indentLevel"] === "number") style.indent = f["indentLevel"];
  if (Object.entries(f).some(([k, v]) => /^borders\.\w+\.style$/.test(k) && v === "Continuous"))
    style.border = "thin";
  if (f["protection.locked"] === false) style.locked = false;
  if (cell.numberFormat && cell.numberFormat !== "General") style.numberFormat = cell.numberFormat;
  return Object.keys(style).length > 0 ? style : null;
}

/** Points back to characters of the default font (the inverse of the adapter's conversion). */
function widthCharacters(points: number): number {
  return points <= 0 ? 0 : Math.max(0, Math.round(((points / 0.75 - 5) / 7) * 100) / 100);
}

function exportColumns(sheet: FakeSheet): ColumnPlan[] {
  const indexes = new Set([...sheet.columnWidths.keys(), ...sheet.hiddenColumns]);
  return [...indexes]
    .sort((a, b) => a - b)
    .map((index) => {
      const width = sheet.columnWidths.get(index);
      return {
        index,
        ...(width !== undefined ? { width: widthCharacters(width) } : {}),
        ...(sheet.hiddenColumns.has(index) ? { hidden: true } : {}),
      };
    });
}

function exportRows(sheet: FakeSheet): RowPlan[] {
  const indexes = new Set([...sheet.rowHeights.keys(), ...sheet.hiddenRows]);
  return [...indexes]
    .sort((a, b) => a - b)
    .map((index) => {
      const height = sheet.rowHeights.get(index);
      return {
        index,
        ...(height !== undefined ? { height } : {}),
        ...(sheet.hiddenRows.has(index) ? { hidden: true } : {}),
      };
    });
}

interface AlertSettings {
  title?: string;
  message?: string;
  showPrompt?: boolean;
}

function exportValidations(sheet: FakeSheet): ValidationPlan[] {
  const plans: ValidationPlan[] = [];
  for (const { area, settings } of sheet.validations) {
    const source = (settings["rule"] as { list?: { source?: unknown } } | undefined)?.list?.source;
    if (typeof source !== "string" || source.startsWith("=")) continue;
    const alert = (settings["errorAlert"] ?? {}) as AlertSettings;
    const prompt = settings["prompt"] as AlertSettings | undefined;
    const showPrompt = prompt && prompt.showPrompt !== false && prompt.message !== undefined;
    plans.push({
      range: { ...area },
      list: source.split(","),
      allowBlank: settings["ignoreBlanks"] !== false,
      errorTitle: alert.title ?? "",
      error: alert.message ?? "",
      ...(showPrompt ? { promptTitle: prompt.title ?? "", prompt: prompt.message! } : {}),
    });
  }
  return plans;
}

function exportConditionalFormats(sheet: FakeSheet): ConditionalFormatPlan[] {
  const plans: ConditionalFormatPlan[] = [];
  sheet.conditionalFormats.forEach(({ ranges, type, settings }, index) => {
    const formula = settings["custom.rule.formula"];
    if (type !== "Custom" || typeof formula !== "string") return;
    const style: { -readonly [K in keyof ConditionalFormatPlan["style"]]: CellStyle[K] } = {};
    const fill = hex(settings["custom.format.fill.color"]);
    if (fill) style.fill = fill;
    const fontColor = hex(settings["custom.format.font.color"]);
    if (fontColor) style.fontColor = fontColor;
    const bold = settings["custom.format.font.bold"];
    if (typeof bold === "boolean") style.bold = bold;
    // A rule over several areas becomes one rule per area, at the same priority.
    for (const range of ranges)
      plans.push({
        range: { ...range },
        formula: formula.replace(/^=/, ""),
        style,
        priority: index + 1,
      });
  });
  return plans;
}

function exportNames(sheet: FakeSheet): NamePlan[] {
  const plans: NamePlan[] = [];
  for (const { name, formula } of sheet.names) {
    const reference = formula.replace(/^=/, "");
    const bang = reference.lastIndexOf("!");
    if (bang < 0) continue;
    let owner = reference.slice(0, bang);
    if (owner.startsWith("'") && owner.endsWith("'"))
      owner = owner.slice(1, -1).replace(/''/g, "'");
    const range = parseRange(reference.slice(bang + 1));
    if (range && owner.toLowerCase() === sheet.name.toLowerCase()) plans.push({ name, range });
  }
  return plans;
}
