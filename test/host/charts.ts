/**
 * Worksheet charts: what inserting a simple native chart needs (add, name, title, legend, axes,
 * position, series with their names, values, categories, markers and colours, delete), recorded
 * on `FakeSheet.charts`. Changes are refused on a protected sheet (protection locks objects by
 * default), as in Excel.
 */
import { rangeAddress } from "../../src/sheet/a1";
import { FakeExcelError } from "./errors";
import type { FakeExcel } from "./fakeExcel";
import { clientResult, FakeObject, settingsTree } from "./proxy";
import { FakeRange } from "./range";
import { operationBytes } from "./requests";
import type { FakeCell, FakeChart, FakeChartSeries, FakeSheet } from "./workbook";
import { cellKey, parseAddress } from "./workbook";

/** `Excel.ChartType` values ("Invalid" is not one a chart can be created with). */
export const CHART_TYPES: readonly string[] = [
  "ColumnClustered",
  "ColumnStacked",
  "ColumnStacked100",
  "3DColumnClustered",
  "3DColumnStacked",
  "3DColumnStacked100",
  "BarClustered",
  "BarStacked",
  "BarStacked100",
  "3DBarClustered",
  "3DBarStacked",
  "3DBarStacked100",
  "LineStacked",
  "LineStacked100",
  "LineMarkers",
  "LineMarkersStacked",
  "LineMarkersStacked100",
  "PieOfPie",
  "PieExploded",
  "3DPieExploded",
  "BarOfPie",
  "XYScatterSmooth",
  "XYScatterSmoothNoMarkers",
  "XYScatterLines",
  "XYScatterLinesNoMarkers",
  "AreaStacked",
  "AreaStacked100",
  "3DAreaStacked",
  "3DAreaStacked100",
  "DoughnutExploded",
  "RadarMarkers",
  "RadarFilled",
  "Surface",
  "SurfaceWireframe",
  "SurfaceTopView",
  "SurfaceTopViewWireframe",
  "Bubble",
  "Bubble3DEffect",
  "StockHLC",
  "StockOHLC",
  "StockVHLC",
  "StockVOHLC",
  "CylinderColClustered",
  "CylinderColStacked",
  "CylinderColStacked100",
  "CylinderBarClustered",
  "CylinderBarStacked",
  "CylinderBarStacked100",
  "CylinderCol",
  "ConeColClustered",
  "ConeColStacked",
  "ConeColStacked100",
  "ConeBarClustered",
  "ConeBarStacked",
  "ConeBarStacked100",
  "ConeCol",
  "PyramidColClustered",
  "PyramidColStacked",
  "PyramidColStacked100",
  "PyramidBarClustered",
  "PyramidBarStacked",
  "PyramidBarStacked100",
  "PyramidCol",
  "3DColumn",
  "Line",
  "3DLine",
  "3DPie",
  "Pie",
  "XYScatter",
  "3DArea",
  "Area",
  "Doughnut",
  "Radar",
  "Histogram",
  "Boxwhisker",
  "Pareto",
  "RegionMap",
  "Treemap",
  "Waterfall",
  "Sunburst",
  "Funnel",
];

const SERIES_BY = ["Auto", "Columns", "Rows"];
const MARKER_STYLES = [
  "Automatic",
  "None",
  "Square",
  "Diamond",
  "Triangle",
  "X",
  "Star",
  "Dot",
  "Dash",
  "Circle",
  "Plus",
  "Picture",
];

/**
 * An HTML colour as Excel takes it ("#RRGGBB" or a colour name such as "orange"); anything else
 * is refused. Returned as given.
 */
function htmlColor(color: string): string {
  if (!/^#[0-9A-Fa-f]{6}$/.test(color) && !/^[A-Za-z]+$/.test(color))
    throw new FakeExcelError("InvalidArgument", `${color} is not an HTML colour`);
  return color;
}
const LEGEND_POSITIONS = ["Top", "Bottom", "Left", "Right", "Corner", "Custom"];

function checkChartType(type: string): void {
  if (!CHART_TYPES.includes(type))
    throw new FakeExcelError("InvalidArgument", `${type} is not an Excel.ChartType`);
}

/** Per-sheet counters for default names: "Chart 1", "Chart 2", … never reused. */
const chartCounters = new WeakMap<FakeSheet, number>();

/**
 * The series Excel makes of a source block, as its chart wizard guesses them: series run along
 * the longer side (in columns when the block has more rows than columns) unless `seriesBy` says;
 * with an empty top-left cell the first row and column are labels; otherwise a first column (row)
 * of text beside the data holds the categories (series names). Formula cells count as numbers.
 */
export function chartSeries(
  cells: readonly (readonly (FakeCell | undefined)[])[],
  seriesBy: FakeChart["seriesBy"],
): FakeChartSeries[] {
  const height = cells.length;
  const width = cells[0]?.length ?? 0;
  const isText = (cell: FakeCell | undefined) =>
    cell !== undefined && cell.formula === undefined && typeof cell.value === "string";
  const isBlank = (cell: FakeCell | undefined) =>
    !cell || (cell.value === null && cell.formula === undefined && cell.error === undefined);
  const labels = (line: readonly (FakeCell | undefined)[]) =>
    line.length > 0 && line.every((c) => isText(c) || isBlank(c)) && line.some(isText);
  const topLeftBlank = isBlank(cells[0]?.[0]);
  const firstColumnLabels =
    width > 1 && (topLeftBlank || labels(cells.slice(1).map((row) => row[0])));
  const firstRowLabels =
    height > 1 &&
    ((topLeftBlank && width > 1) || labels(cells[0]!.slice(firstColumnLabels ? 1 : 0)));
  const byColumns = seriesBy === "Columns" || (seriesBy === "Auto" && height > width);
  const text = (cell: FakeCell | undefined) =>
    cell?.value === null || cell?.value === undefined ? "" : String(cell.value);
  const series: FakeChartSeries[] = [];
  if (byColumns) {
    for (let c = firstColumnLabels ? 1 : 0; c < width; c++)
      series.push({
        name: firstRowLabels ? text(cells[0]![c]) : `Series${series.length + 1}`,
        settings: {},
      });
  } else {
    for (let r = firstRowLabels ? 1 : 0; r < height; r++)
      series.push({
        name: firstColumnLabels ? text(cells[r]![0]) : `Series${series.length + 1}`,
        settings: {},
      });
  }
  return series;
}

export class FakeChartCollection extends FakeObject {
  protected readonly kind = "ChartCollection";

  constructor(
    host: FakeExcel,
    private readonly sheet: () => FakeSheet,
  ) {
    super(host);
  }

  get items(): FakeChartObject[] {
    return this.read("items");
  }

  protected override loadItems(properties: readonly string[]): FakeChartObject[] {
    const sheet = this.sheet();
    return sheet.charts.map((chart) => {
      const item = new FakeChartObject(this.host, sheet, () => chart, false);
      item.absorb(properties);
      return item;
    });
  }

  protected override snapshot(property: string): unknown {
    if (property === "count") return this.sheet().charts.length;
    return super.snapshot(property);
  }

  get count(): number {
    return this.read("count");
  }

  getCount(): { readonly value: number } {
    return clientResult(this.host, () => this.sheet().charts.length);
  }

  /** Adds a chart of `sourceData`; refused for an unknown chart type or on a protected sheet. */
  add(type: string, sourceData: FakeRange, seriesBy: string = "Auto"): FakeChartObject {
    let created: FakeChart | null = null;
    this.host.enqueue(
      () => {
        const sheet = this.sheet();
        checkChartType(type);
        if (!SERIES_BY.includes(seriesBy))
          throw new FakeExcelError("InvalidArgument", `${seriesBy} is not an Excel.ChartSeriesBy`);
        if (!(sourceData instanceof FakeRange))
          throw new FakeExcelError("InvalidArgument", "the source data is not a Range");
        const source = sourceData.fullAddress();
        const { sheet: sourceSheet } = sourceData.resolveTarget();
        const area = sourceData.area();
        if (sheet.protected) throw new FakeExcelError("AccessDenied", "the sheet is protected");
        const cells: (FakeCell | undefined)[][] = [];
        for (let r = area.top; r <= area.bottom; r++) {
          const row: (FakeCell | undefined)[] = [];
          for (let c = area.left; c <= area.right; c++)
            row.push(sourceSheet.cells.get(cellKey(r, c)));
          cells.push(row);
        }
        const n = (chartCounters.get(sheet) ?? 0) + 1;
        chartCounters.set(sheet, n);
        created = {
          name: `Chart ${n}`,
          type,
          source,
          seriesBy: seriesBy as FakeChart["seriesBy"],
          title: null,
          position: null,
          legend: { visible: true, position: "Right" },
          series: chartSeries(cells, seriesBy as FakeChart["seriesBy"]),
          settings: {},
        };
        sheet.charts.push(created);
      },
      operationBytes(type, seriesBy),
    );
    return new FakeChartObject(this.host, null, () => created, false, this.sheet);
  }

  /** The first chart of that name (case-insensitive), resolved at its first use. */
  getItem(name: string): FakeChartObject {
    this.host.track(operationBytes(name));
    return new FakeChartObject(this.host, null, () => this.find(name), false, this.sheet);
  }

  getItemOrNullObject(name: string): FakeChartObject {
    return new FakeChartObject(this.host, null, () => this.find(name), true, this.sheet).lookUp(
      operationBytes(name),
    );
  }

  getItemAt(index: number): FakeChartObject {
    this.host.track(operationBytes(index));
    return new FakeChartObject(
      this.host,
      null,
      () => this.sheet().charts[index] ?? null,
      false,
      this.sheet,
    );
  }

  private find(name: string): FakeChart | null {
    const charts = this.sheet().charts;
    return (
      charts.find((c) => c.name === name) ??
      charts.find((c) => c.name.toLowerCase() === name.toLowerCase()) ??
      null
    );
  }
}

/** Chart properties kept as plain settings, with Excel's defaults when read before being set. */
const CHART_SETTINGS: Record<string, unknown> = {
  height: 216,
  width: 360,
  top: 0,
  left: 0,
  style: 2,
  plotBy: "Columns",
  displayBlanksAs: "Zero",
  plotVisibleOnly: true,
  showDataLabelsOverMaximum: false,
  categoryLabelLevel: 0,
  seriesNameLevel: 0,
};

const CHART_CHILDREN = [
  "categoryAxis",
  "valueAxis",
  "seriesAxis",
  "title",
  "format",
  "font",
  "fill",
  "line",
  "border",
  "majorGridlines",
  "minorGridlines",
];

export class FakeChartObject extends FakeObject {
  protected readonly kind = "Chart";
  private resolved: FakeChart | null | undefined;
  private ownSheet: FakeSheet | null;
  private titleObject?: FakeChartTitle;
  private legendObject?: FakeChartLegend;
  private seriesCollection?: FakeChartSeriesCollection;

  constructor(
    host: FakeExcel,
    sheet: FakeSheet | null,
    private readonly resolver: () => FakeChart | null,
    private readonly nullable: boolean,
    private readonly sheetOf?: () => FakeSheet,
  ) {
    super(host);
    this.ownSheet = sheet;
  }

  private sheet(): FakeSheet {
    this.ownSheet ??= this.sheetOf!();
    return this.ownSheet;
  }

  /** The chart, resolved once at its first use; refused once deleted. */
  chart(): FakeChart {
    if (this.resolved === undefined) this.resolved = this.resolver();
    if (!this.resolved) throw new FakeExcelError("ItemNotFound", "no such chart");
    if (this.resolved.deleted) throw new FakeExcelError("ItemNotFound", "the chart was deleted");
    return this.resolved;
  }

  protected override isNull(): boolean {
    if (this.resolved === undefined) this.resolved = this.resolver();
    if (!this.resolved && !this.nullable) throw new FakeExcelError("ItemNotFound", "no such chart");
    return !this.resolved;
  }

  /** Queues a change of the chart, refused on a protected sheet. */
  change(action: (chart: FakeChart) => void, ...payload: unknown[]): void {
    this.host.enqueue(
      () => {
        const chart = this.chart();
        if (this.sheet().protected)
          throw new FakeExcelError("AccessDenied", "the chart's sheet is protected");
        action(chart);
      },
      operationBytes(...payload),
    );
  }

  protected override snapshot(property: string): unknown {
    const chart = this.chart();
    if (property === "name") return chart.name;
    if (property === "chartType") return chart.type;
    if (property === "id") return `{fake-chart-${this.sheet().charts.indexOf(chart)}}`;
    if (property in CHART_SETTINGS) return chart.settings[property] ?? CHART_SETTINGS[property];
    return super.snapshot(property);
  }

  get name(): string {
    return this.read("name");
  }
  set name(value: string) {
    this.change((chart) => {
      if (value.trim() === "") throw new FakeExcelError("InvalidArgument", "empty chart name");
      chart.name = value;
    }, value);
  }

  get chartType(): string {
    return this.read("chartType");
  }
  set chartType(value: string) {
    this.change((chart) => {
      checkChartType(value);
      chart.type = value;
    }, value);
  }

  get id(): string {
    return this.read("id");
  }

  get title(): FakeChartTitle {
    this.titleObject ??= new FakeChartTitle(this.host, this);
    return this.titleObject;
  }

  get legend(): FakeChartLegend {
    this.legendObject ??= new FakeChartLegend(this.host, this);
    return this.legendObject;
  }

  get series(): FakeChartSeriesCollection {
    this.seriesCollection ??= new FakeChartSeriesCollection(this.host, this);
    return this.seriesCollection;
  }

  /** Write-only: `axes.valueAxis.maximum = 5`, `axes.categoryAxis.visible = true`, … */
  get axes(): object {
    return this.tree("axes");
  }
  get dataLabels(): object {
    return this.tree("dataLabels");
  }
  get format(): object {
    return this.tree("format");
  }
  get plotArea(): object {
    return this.tree("plotArea");
  }

  private tree(root: string): object {
    return settingsTree(
      "Chart",
      (path, value) => this.change((chart) => (chart.settings[path] = value), path, value),
      { children: CHART_CHILDREN },
      root,
    );
  }

  /** Moves the chart over `startCell` (to `endCell`), cells of its own sheet. */
  setPosition(startCell: FakeRange | string, endCell?: FakeRange | string): void {
    this.change(
      (chart) => {
        const corner = (cell: FakeRange | string, end: boolean) => {
          let area;
          if (typeof cell === "string") area = parseAddress(cell);
          else {
            const { sheet } = cell.resolveTarget();
            if (sheet !== this.sheet())
              throw new FakeExcelError("InvalidArgument", "the cell is on another sheet");
            area = cell.area();
          }
          const row = end ? area.bottom : area.top;
          const column = end ? area.right : area.left;
          return rangeAddress({ top: row, left: column, bottom: row, right: column });
        };
        chart.position = {
          start: corner(startCell, false),
          end: endCell === undefined ? null : corner(endCell, true),
        };
      },
      typeof startCell === "string" ? startCell : "",
      typeof endCell === "string" ? endCell : "",
    );
  }

  /** New source data: the series are made again from it. */
  setData(sourceData: FakeRange, seriesBy: string = "Auto"): void {
    this.change((chart) => {
      if (!SERIES_BY.includes(seriesBy))
        throw new FakeExcelError("InvalidArgument", `${seriesBy} is not an Excel.ChartSeriesBy`);
      const area = sourceData.area();
      const { sheet } = sourceData.resolveTarget();
      const cells: (FakeCell | undefined)[][] = [];
      for (let r = area.top; r <= area.bottom; r++) {
        const row: (FakeCell | undefined)[] = [];
        for (let c = area.left; c <= area.right; c++) row.push(sheet.cells.get(cellKey(r, c)));
        cells.push(row);
      }
      chart.source = sourceData.fullAddress();
      chart.seriesBy = seriesBy as FakeChart["seriesBy"];
      chart.series = chartSeries(cells, chart.seriesBy);
    }, seriesBy);
  }

  activate(): void {
    this.host.enqueue(() => void this.chart(), operationBytes());
  }

  delete(): void {
    this.change((chart) => {
      chart.deleted = true;
      const charts = this.sheet().charts;
      charts.splice(charts.indexOf(chart), 1);
    });
  }
}

// Chart settings with defaults: plain getters and setters over `FakeChart.settings`.
for (const property of Object.keys(CHART_SETTINGS)) {
  Object.defineProperty(FakeChartObject.prototype, property, {
    get(this: FakeChartObject) {
      return (this as unknown as { read(p: string): unknown }).read(property);
    },
    set(this: FakeChartObject, value: unknown) {
      this.change((chart) => (chart.settings[property] = value), property, value);
    },
  });
}

export class FakeChartTitle extends FakeObject {
  protected readonly kind = "ChartTitle";

  constructor(
    host: FakeExcel,
    private readonly owner: FakeChartObject,
  ) {
    super(host);
  }

  protected override snapshot(property: string): unknown {
    const chart = this.owner.chart();
    if (property === "text") return chart.title ?? "";
    if (property === "visible") return chart.settings["title.visible"] ?? chart.title !== null;
    if (property === "overlay") return chart.settings["title.overlay"] ?? false;
    return super.snapshot(property);
  }

  get text(): string {
    return this.read("text");
  }
  set text(value: string) {
    this.owner.change((chart) => {
      if (value.length > 255)
        throw new FakeExcelError("InvalidArgument", "a chart title has at most 255 characters");
      chart.title = value;
    }, value);
  }

  get visible(): boolean {
    return this.read("visible");
  }
  set visible(value: boolean) {
    this.owner.change((chart) => (chart.settings["title.visible"] = value), value);
  }

  get overlay(): boolean {
    return this.read("overlay");
  }
  set overlay(value: boolean) {
    this.owner.change((chart) => (chart.settings["title.overlay"] = value), value);
  }

  get format(): object {
    return settingsTree(
      "ChartTitleFormat",
      (path, value) =>
        this.owner.change((chart) => (chart.settings[`title.${path}`] = value), path, value),
      { children: ["font", "fill", "border"] },
      "format",
    );
  }
}

export class FakeChartLegend extends FakeObject {
  protected readonly kind = "ChartLegend";

  constructor(
    host: FakeExcel,
    private readonly owner: FakeChartObject,
  ) {
    super(host);
  }

  protected override snapshot(property: string): unknown {
    const chart = this.owner.chart();
    if (property === "visible") return chart.legend.visible;
    if (property === "position") return chart.legend.position;
    if (property === "overlay") return chart.settings["legend.overlay"] ?? false;
    return super.snapshot(property);
  }

  get visible(): boolean {
    return this.read("visible");
  }
  set visible(value: boolean) {
    this.owner.change((chart) => (chart.legend.visible = value), value);
  }

  get position(): string {
    return this.read("position");
  }
  set position(value: string) {
    this.owner.change((chart) => {
      if (!LEGEND_POSITIONS.includes(value))
        throw new FakeExcelError("InvalidArgument", `${value} is not an Excel.ChartLegendPosition`);
      chart.legend.position = value;
    }, value);
  }

  get overlay(): boolean {
    return this.read("overlay");
  }
  set overlay(value: boolean) {
    this.owner.change((chart) => (chart.settings["legend.overlay"] = value), value);
  }

  get format(): object {
    return settingsTree(
      "ChartLegendFormat",
      (path, value) =>
        this.owner.change((chart) => (chart.settings[`legend.${path}`] = value), path, value),
      { children: ["font", "fill", "border"] },
      "format",
    );
  }
}

export class FakeChartSeriesCollection extends FakeObject {
  protected readonly kind = "ChartSeriesCollection";

  constructor(
    host: FakeExcel,
    private readonly owner: FakeChartObject,
  ) {
    super(host);
  }

  get items(): FakeChartSeriesObject[] {
    return this.read("items");
  }

  protected override loadItems(properties: readonly string[]): FakeChartSeriesObject[] {
    return this.owner.chart().series.map((series) => {
      const item = new FakeChartSeriesObject(this.host, this.owner, () => series);
      item.absorb(properties);
      return item;
    });
  }

  protected override snapshot(property: string): unknown {
    if (property === "count") return this.owner.chart().series.length;
    return super.snapshot(property);
  }

  get count(): number {
    return this.read("count");
  }

  getCount(): { readonly value: number } {
    return clientResult(this.host, () => this.owner.chart().series.length);
  }

  /** The series at `index` in plot order; `ItemNotFound` past the last. */
  getItemAt(index: number): FakeChartSeriesObject {
    this.host.track(operationBytes(index));
    return new FakeChartSeriesObject(this.host, this.owner, () => {
      const series = this.owner.chart().series[index];
      if (!series) throw new FakeExcelError("ItemNotFound", `the chart has no series ${index}`);
      return series;
    });
  }

  add(name?: string, index?: number): FakeChartSeriesObject {
    let created: FakeChartSeries | null = null;
    this.owner.change(
      (chart) => {
        created = { name: name ?? `Series${chart.series.length + 1}`, settings: {} };
        const at = index === undefined ? chart.series.length : index;
        chart.series.splice(Math.max(0, Math.min(chart.series.length, at)), 0, created);
      },
      name,
      index,
    );
    return new FakeChartSeriesObject(this.host, this.owner, () => {
      if (!created) throw new FakeExcelError("ItemNotFound", "the series was not added");
      return created;
    });
  }
}

export class FakeChartSeriesObject extends FakeObject {
  protected readonly kind = "ChartSeries";
  private resolved: FakeChartSeries | undefined;

  constructor(
    host: FakeExcel,
    private readonly owner: FakeChartObject,
    private readonly resolver: () => FakeChartSeries,
  ) {
    super(host);
  }

  private series(): FakeChartSeries {
    this.resolved ??= this.resolver();
    if (!this.owner.chart().series.includes(this.resolved))
      throw new FakeExcelError("ItemNotFound", "the series was deleted");
    return this.resolved;
  }

  private change(action: (series: FakeChartSeries) => void, ...payload: unknown[]): void {
    this.owner.change(() => action(this.series()), ...payload);
  }

  protected override snapshot(property: string): unknown {
    const series = this.series();
    if (property === "name") return series.name;
    if (property in series.settings) return series.settings[property];
    return super.snapshot(property);
  }

  get name(): string {
    return this.read("name");
  }
  set name(value: string) {
    this.change((series) => {
      if (value.length > 255)
        throw new FakeExcelError("InvalidArgument", "a series name has at most 255 characters");
      series.name = value;
    }, value);
  }

  set chartType(value: string) {
    this.change((series) => {
      checkChartType(value);
      series.settings["chartType"] = value;
    }, value);
  }

  set markerStyle(value: string) {
    this.change((series) => {
      if (!MARKER_STYLES.includes(value))
        throw new FakeExcelError("InvalidArgument", `${value} is not an Excel.ChartMarkerStyle`);
      series.settings["markerStyle"] = value;
    }, value);
  }

  /** 2..72 points, as Excel allows. */
  set markerSize(value: number) {
    this.change((series) => {
      if (!Number.isInteger(value) || value < 2 || value > 72)
        throw new FakeExcelError("InvalidArgument", `marker size ${value} is outside 2..72`);
      series.settings["markerSize"] = value;
    }, value);
  }

  set markerBackgroundColor(value: string) {
    this.change((series) => (series.settings["markerBackgroundColor"] = htmlColor(value)), value);
  }

  set markerForegroundColor(value: string) {
    this.change((series) => (series.settings["markerForegroundColor"] = htmlColor(value)), value);
  }

  set smooth(value: boolean) {
    this.change((series) => (series.settings["smooth"] = value), value);
  }

  set hasDataLabels(value: boolean) {
    this.change((series) => (series.settings["hasDataLabels"] = value), value);
  }

  /** Values (and categories) come from one block of cells: a multi-area range is refused. */
  setValues(source: FakeRange): void {
    this.change((series) => {
      source.area();
      series.settings["values"] = source.fullAddress();
    });
  }

  setXAxisValues(source: FakeRange): void {
    this.change((series) => {
      source.area();
      series.settings["xAxisValues"] = source.fullAddress();
    });
  }

  /**
   * `format.line.color = "#1F4E79"`, `format.fill.setSolidColor("#2E75B6")`. ChartFill has no
   * properties to set (only methods), so setting one throws here instead of doing nothing.
   */
  get format(): object {
    const record = (path: string, value: unknown) =>
      this.change(
        (series) =>
          (series.settings[`format.${path}`] =
            path === "line.color" ? htmlColor(String(value)) : value),
        path,
        value,
      );
    return settingsTree(
      "ChartSeriesFormat",
      (path, value) => {
        if (path.startsWith("fill."))
          throw new FakeExcelError(
            "InvalidArgument",
            `ChartFill has no property ${path.slice(5)}: use setSolidColor(color)`,
          );
        record(path, value);
      },
      {
        children: ["font", "fill", "line", "border"],
        methodsAt: {
          fill: {
            setSolidColor: (color: string) =>
              this.change(
                (series) => (series.settings["format.fill.solidColor"] = htmlColor(color)),
                color,
              ),
            clear: () => this.change((series) => delete series.settings["format.fill.solidColor"]),
          },
        },
      },
    );
  }

  delete(): void {
    this.owner.change((chart) => {
      const series = this.series();
      chart.series.splice(chart.series.indexOf(series), 1);
    });
  }
}
