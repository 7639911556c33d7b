/**
 * Native charts for the `.xlsx` writer (DrawingML, ECMA-376 Part 1, 21.2 and 20.5): one drawing
 * part per sheet that has charts, one chart part per chart, and the relationships and content
 * types that tie them to the sheet. A chart's series refer to cells by absolute reference, so
 * every spreadsheet redraws it from the cells as they recalculate; no cached values are written,
 * as for formulas.
 */
import { quoteSheetName, rangeAddress } from "../sheet/a1";
import { chartName } from "../sheet/contract";
import type { ChartPlan, ChartSource, RangePlan, SheetPlan } from "../sheet/plan";
import { XlsxError } from "./errors";
import { argb, XML_DECLARATION } from "./styles";
import { escapeAttribute, escapeText, escapeXstring, hasNonXmlChar } from "./xml";

const CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main";
const SPREADSHEET_DRAWING_NS =
  "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";

const DRAWING_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml";
const CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";

/** Excel's limits: series per chart, characters in a chart title or series name. */
export const MAX_CHART_SERIES = 255;
export const MAX_CHART_TEXT = 255;

/**
 * Colours of series the plan leaves uncoloured: Office's default palette (accents 1-6), in order.
 * Written out because our files carry no theme, and without one LibreOffice draws "automatic"
 * series, gridlines and axes with no fill or line at all.
 */
const PALETTE = ["4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47"];
const GRIDLINE_COLOR = "D9D9D9";
const AXIS_COLOR = "BFBFBF";

/** Axis ids only need to differ within a chart; fixed ones keep the output byte-stable. */
const CATEGORY_AXIS_ID = 100;
const VALUE_AXIS_ID = 200;

/** What a sheet's charts add to the package. */
export interface ChartParts {
  /** Parts in zip order: sheet relationships, drawings and their relationships, charts. */
  readonly parts: readonly [string, string][];
  /** `<Override>` elements for `[Content_Types].xml`. */
  readonly contentTypes: readonly string[];
  /** 0-based indexes of the sheets that get a `<drawing r:id="rId1"/>` element. */
  readonly drawnSheets: ReadonlySet<number>;
}

/**
 * The drawing and chart parts of every sheet's charts, numbered in sheet order (drawingN for the
 * N-th sheet with charts, chartM for the M-th chart of the workbook). Nothing when no sheet has
 * charts, so a workbook without charts is written exactly as before.
 *
 * Throws `XlsxError` ("INVALID_PLAN") for a chart that cannot be written: an unknown kind, a source
 * on a sheet the plan does not have, no series, a source that is not one row or column, values and
 * categories of different lengths, an anchor outside the grid, a bad colour or axis.
 * `checkRange` is the writer's own check that a range lies within the grid.
 *
 * @example
 * // Sheets 1 and 3 have a chart each: drawing1 → chart1 and drawing2 → chart2.
 * const { parts, contentTypes, drawnSheets } = chartParts(plan.sheets, checkRange);
 * drawnSheets; // Set { 0, 2 }
 */
export function chartParts(
  sheets: readonly SheetPlan[],
  checkRange: (range: RangePlan, where: string) => void,
): ChartParts {
  const parts: [string, string][] = [];
  const contentTypes: string[] = [];
  const drawnSheets = new Set<number>();
  const sheetNames = new Map(sheets.map((sheet) => [sheet.name.toUpperCase(), sheet.name]));
  const shown = shownValues(sheets);
  let drawings = 0;
  let charts = 0;
  sheets.forEach((sheet, index) => {
    if (!sheet.charts || sheet.charts.length === 0) return;
    drawnSheets.add(index);
    const drawing = ++drawings;
    const first = charts + 1;
    const chartXml = sheet.charts.map((chart, c) =>
      chartSpaceXml(
        chart,
        { sheetNames, shown, checkRange },
        `Sheet "${sheet.name}", chart ${c + 1}`,
      ),
    );
    charts += chartXml.length;
    parts.push([
      `xl/worksheets/_rels/sheet${index + 1}.xml.rels`,
      relationshipsXml([[`${REL_NS}/drawing`, `../drawings/drawing${drawing}.xml`]]),
    ]);
    parts.push([`xl/drawings/drawing${drawing}.xml`, drawingXml(sheet.charts)]);
    parts.push([
      `xl/drawings/_rels/drawing${drawing}.xml.rels`,
      relationshipsXml(
        chartXml.map((_, c) => [`${REL_NS}/chart`, `../charts/chart${first + c}.xml`]),
      ),
    ]);
    contentTypes.push(
      `<Override PartName="/xl/drawings/drawing${drawing}.xml" ContentType="${DRAWING_CONTENT_TYPE}"/>`,
    );
    chartXml.forEach((xml, c) => {
      parts.push([`xl/charts/chart${first + c}.xml`, xml]);
      contentTypes.push(
        `<Override PartName="/xl/charts/chart${first + c}.xml" ContentType="${CHART_CONTENT_TYPE}"/>`,
      );
    });
  });
  return { parts, contentTypes, drawnSheets };
}

function invalid(message: string): XlsxError {
  return new XlsxError("INVALID_PLAN", message);
}

/** A relationships part: rId1, rId2, … in order. */
function relationshipsXml(targets: readonly [type: string, target: string][]): string {
  const rels = targets.map(
    ([type, target], i) => `<Relationship Id="rId${i + 1}" Type="${type}" Target="${target}"/>`,
  );
  return `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_REL_NS}">${rels.join("")}</Relationships>`;
}

/**
 * A sheet's drawing: one two-cell anchor per chart, covering its anchor's cells (the `to` corner
 * is the top-left of the cell after the last), so the chart moves and sizes with them.
 */
function drawingXml(charts: readonly ChartPlan[]): string {
  const anchors = charts.map((chart, i) => {
    const { top, left, bottom, right } = chart.anchor;
    const corner = (name: string, row: number, column: number) =>
      `<xdr:${name}><xdr:col>${column}</xdr:col><xdr:colOff>0</xdr:colOff>` +
      `<xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${name}>`;
    // The title doubles as the alternative text that screen readers announce.
    const descr = chart.title ? ` descr="${escapeAttribute(chart.title)}"` : "";
    return (
      "<xdr:twoCellAnchor>" +
      corner("from", top, left) +
      corner("to", bottom + 1, right + 1) +
      '<xdr:graphicFrame macro="">' +
      `<xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="${escapeAttribute(chart.name ?? chartName(i))}"${descr}/>` +
      "<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>" +
      '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
      `<a:graphic><a:graphicData uri="${CHART_NS}">` +
      `<c:chart xmlns:c="${CHART_NS}" r:id="rId${i + 1}"/>` +
      "</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>"
    );
  });
  return (
    XML_DECLARATION +
    `<xdr:wsDr xmlns:xdr="${SPREADSHEET_DRAWING_NS}" xmlns:a="${DRAWING_NS}" xmlns:r="${REL_NS}">` +
    anchors.join("") +
    "</xdr:wsDr>"
  );
}

/** A source's cell count when it is one row or one column; refused otherwise. */
function lineLength(range: RangePlan, where: string): number {
  const rows = range.bottom - range.top + 1;
  const columns = range.right - range.left + 1;
  if (rows > 1 && columns > 1)
    throw invalid(`${where}: ${rangeAddress(range)} is not one row or one column`);
  return Math.max(rows, columns);
}

/**
 * The absolute reference of a source, `'Sheet name'!$B$8:$B$13`, with the sheet name as the plan
 * spells it (sources may differ in case, as Excel's references may).
 */
function sourceReference(
  source: ChartSource,
  { sheetNames, shown, checkRange }: ChartContext,
  where: string,
): { readonly reference: string; readonly length: number; readonly points: Points } {
  const sheet = sheetNames.get(source.sheet.toUpperCase());
  if (sheet === undefined)
    throw invalid(`${where}: the source is on a sheet "${source.sheet}" the plan does not have`);
  checkRange(source.range, where);
  const length = lineLength(source.range, where);
  const reference = `${quoteSheetName(sheet)}!${rangeAddress(source.range, true)}`;
  const { top, left, bottom } = source.range;
  const points: (string | number | boolean | null)[] = [];
  for (let i = 0; i < length; i++) {
    const point = shown(sheet, bottom > top ? top + i : top, bottom > top ? left : left + i);
    if (point === undefined) return { reference, length, points: null };
    points.push(point);
  }
  return { reference, length, points };
}

/** What a chart's source cells show, when every one is known (a value, or a formula's cached value). */
type Points = readonly (string | number | boolean | null)[] | null;

/** What the chart writer reads of the workbook besides the chart. */
interface ChartContext {
  readonly sheetNames: ReadonlyMap<string, string>;
  /** A cell's shown value: null when empty, undefined for a formula without a cached value. */
  readonly shown: (
    sheet: string,
    row: number,
    column: number,
  ) => string | number | boolean | null | undefined;
  readonly checkRange: (range: RangePlan, where: string) => void;
}

function shownValues(sheets: readonly SheetPlan[]): ChartContext["shown"] {
  const bySheet = new Map<string, Map<string, SheetPlan["cells"][number]>>();
  return (sheet, row, column) => {
    let cells = bySheet.get(sheet);
    if (!cells) {
      const plan = sheets.find((s) => s.name === sheet)!;
      cells = new Map(plan.cells.map((c) => [`${c.row},${c.column}`, c]));
      bySheet.set(sheet, cells);
    }
    const cell = cells.get(`${row},${column}`);
    if (!cell) return null;
    if (cell.formula === undefined) return cell.value ?? null;
    if (cell.cached === undefined) return undefined;
    return typeof cell.cached === "object" ? null : cell.cached;
  };
}

/**
 * The points a preview draws without recalculating (`c:strCache`, `c:numCache`): categories as
 * text, values as numbers, a text value (N/A) left out as a gap.
 */
function cacheXml(points: Points, kind: "str" | "num"): string {
  if (points === null) return "";
  const pts = points.flatMap((point, idx) => {
    if (point === null || point === "") return [];
    if (kind === "num") {
      if (typeof point !== "number") return [];
      return [`<c:pt idx="${idx}"><c:v>${point}</c:v></c:pt>`];
    }
    const text = typeof point === "boolean" ? (point ? "TRUE" : "FALSE") : String(point);
    return [`<c:pt idx="${idx}"><c:v>${escapeText(escapeXstring(text))}</c:v></c:pt>`];
  });
  const count = `<c:ptCount val="${points.length}"/>`;
  return kind === "num"
    ? `<c:numCache><c:formatCode>General</c:formatCode>${count}${pts.join("")}</c:numCache>`
    : `<c:strCache>${count}${pts.join("")}</c:strCache>`;
}

function checkText(text: string, what: string, where: string): void {
  if (text.length > MAX_CHART_TEXT)
    throw invalid(
      `${where}: the ${what} is ${text.length} characters; Excel allows ${MAX_CHART_TEXT}`,
    );
  if (hasNonXmlChar(text)) throw invalid(`${where}: the ${what} has a control character`);
}

/** An `<a:srgbClr>` fill of a plan colour. */
function solidFill(color: string, where: string): string {
  return `<a:solidFill><a:srgbClr val="${argb(color, where).slice(2)}"/></a:solidFill>`;
}

/** A `c:chartSpace` part: one radar (with markers) or clustered column chart. */
function chartSpaceXml(chart: ChartPlan, context: ChartContext, where: string): string {
  const { checkRange } = context;
  if (chart.kind !== "radar" && chart.kind !== "bar")
    throw invalid(`${where}: "${String(chart.kind)}" is not a chart kind (radar, bar)`);
  checkText(chart.title, "title", where);
  checkRange(chart.anchor, `${where}, anchor`);
  // The anchor's far corner is the cell after the last, which must exist too.
  checkRange(
    { ...chart.anchor, bottom: chart.anchor.bottom + 1, right: chart.anchor.right + 1 },
    `${where}, anchor (the chart ends at the cell after its last row and column)`,
  );
  if (chart.series.length === 0) throw invalid(`${where}: the chart has no series`);
  if (chart.series.length > MAX_CHART_SERIES)
    throw invalid(
      `${where}: the chart has ${chart.series.length} series; Excel allows ${MAX_CHART_SERIES}`,
    );
  const categories = sourceReference(chart.categories, context, `${where}, categories`);
  const series = chart.series.map((plan, i) => {
    const at = `${where}, series ${i + 1}`;
    checkText(plan.name, "series name", at);
    const values = sourceReference(plan.values, context, `${at}, values`);
    if (values.length !== categories.length)
      throw invalid(`${at}: ${values.length} values for ${categories.length} categories`);
    const color = solidFill(plan.color ?? PALETTE[i % PALETTE.length]!, `${at}, colour`);
    // A radar series is a line: the colour goes to the line and to the markers.
    const look =
      chart.kind === "radar"
        ? `<c:spPr><a:ln w="28575" cap="rnd">${color}<a:round/></a:ln></c:spPr>` +
          `<c:marker><c:symbol val="circle"/><c:size val="6"/>` +
          `<c:spPr>${color}<a:ln w="9525">${color}</a:ln></c:spPr></c:marker>`
        : `<c:spPr>${color}</c:spPr><c:invertIfNegative val="0"/>`;
    const name = plan.name ? `<c:tx><c:v>${escapeText(escapeXstring(plan.name))}</c:v></c:tx>` : "";
    return (
      `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>${name}${look}` +
      `<c:cat><c:strRef><c:f>${escapeText(categories.reference)}</c:f>${cacheXml(categories.points, "str")}</c:strRef></c:cat>` +
      `<c:val><c:numRef><c:f>${escapeText(values.reference)}</c:f>${cacheXml(values.points, "num")}</c:numRef></c:val></c:ser>`
    );
  });
  const axisIds = `<c:axId val="${CATEGORY_AXIS_ID}"/><c:axId val="${VALUE_AXIS_ID}"/>`;
  const plot =
    chart.kind === "radar"
      ? `<c:radarChart><c:radarStyle val="marker"/><c:varyColors val="0"/>${series.join("")}${axisIds}</c:radarChart>`
      : '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>' +
        `${series.join("")}<c:gapWidth val="150"/>${axisIds}</c:barChart>`;
  // Without a title element a single-series chart would be titled with the series name.
  const title = chart.title
    ? "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p>" +
      '<a:pPr><a:defRPr sz="1400" b="1"/></a:pPr>' +
      `<a:r><a:rPr sz="1400" b="1"/><a:t>${escapeText(chart.title)}</a:t></a:r>` +
      '</a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
    : '<c:autoTitleDeleted val="1"/>';
  const legend =
    chart.series.length > 1
      ? '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
      : "";
  return (
    XML_DECLARATION +
    `<c:chartSpace xmlns:c="${CHART_NS}" xmlns:a="${DRAWING_NS}" xmlns:r="${REL_NS}">` +
    // Explicit: an absent roundedCorners reads as rounded in Excel.
    '<c:date1904 val="0"/><c:roundedCorners val="0"/>' +
    `<c:chart>${title}<c:plotArea><c:layout/>${plot}` +
    categoryAxisXml(chart) +
    valueAxisXml(chart, where) +
    `</c:plotArea>${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    "</c:chartSpace>"
  );
}

/** A thin line of a colour, as gridlines and axes are drawn. */
function lineProperties(color: string): string {
  return `<c:spPr><a:ln w="9525">${solidFill(color, "line")}</a:ln></c:spPr>`;
}

const GRIDLINES = `<c:majorGridlines>${lineProperties(GRIDLINE_COLOR)}</c:majorGridlines>`;

function categoryAxisXml(chart: ChartPlan): string {
  // A radar's category axis is its spokes: gridlines draw them.
  const gridlines = chart.kind === "radar" ? GRIDLINES : "";
  return (
    `<c:catAx><c:axId val="${CATEGORY_AXIS_ID}"/><c:scaling><c:orientation val="minMax"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="b"/>${gridlines}` +
    '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>' +
    lineProperties(AXIS_COLOR) +
    `<c:crossAx val="${VALUE_AXIS_ID}"/><c:crosses val="autoZero"/><c:auto val="1"/>` +
    '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
  );
}

function valueAxisXml(chart: ChartPlan, where: string): string {
  let scaling = '<c:orientation val="minMax"/>';
  let majorUnit = "";
  if (chart.axis) {
    const { min, max, majorUnit: unit } = chart.axis;
    if (![min, max, unit].every(Number.isFinite) || !(min < max) || !(unit > 0))
      throw invalid(
        `${where}: the value axis ${min}..${max} by ${unit} is not an increasing range with a positive step`,
      );
    scaling += `<c:max val="${max}"/><c:min val="${min}"/>`;
    majorUnit = `<c:majorUnit val="${unit}"/>`;
  }
  return (
    `<c:valAx><c:axId val="${VALUE_AXIS_ID}"/><c:scaling>${scaling}</c:scaling>` +
    `<c:delete val="0"/><c:axPos val="l"/>${GRIDLINES}` +
    `<c:majorTickMark val="${chart.kind === "radar" ? "cross" : "out"}"/>` +
    '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>' +
    lineProperties(AXIS_COLOR) +
    `<c:crossAx val="${CATEGORY_AXIS_ID}"/><c:crosses val="autoZero"/>` +
    `<c:crossBetween val="between"/>${majorUnit}</c:valAx>`
  );
}
