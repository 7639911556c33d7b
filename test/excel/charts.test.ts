/**
 * Native charts through the Office JS adapter, against the strict test host: a radar on a
 * protected assessment sheet and clustered columns on another sheet, drawn from the planned
 * cells (on their own sheet or another, before or after it), surviving a rebuild, refused when
 * they cannot be drawn; and the host's export writes them as a valid `.xlsx`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { applyWorkbookPlan } from "../../src/excel/applyPlan";
import { ExcelAdapterError } from "../../src/excel/errors";
import { rangeAddress } from "../../src/sheet/a1";
import type { ChartPlan, RangePlan, SheetPlan, WorkbookPlan } from "../../src/sheet/plan";
import { writeXlsx } from "../../src/xlsx";
import { exportWorkbookPlan } from "../host/export";
import { FakeExcel } from "../host/fakeExcel";
import { chartedAssessment, COMPARISON, DISTRICT } from "../helpers/charts";
import { cell, range, sheetPlan, unzipText } from "../xlsx/helpers";

const VALIDATOR =
  process.env["CTMM_OOXML_VALIDATOR"] ??
  resolve(__dirname, "../../../shared/ooxml/validate-xlsx.sh");

/** The assessment sheet with a radar of its levels, then a comparison sheet with columns. */
function chartedPlan(): { plan: WorkbookPlan; ids: RangePlan; levels: RangePlan } {
  const { plan, assessment, rest, ids, levels, radar } = chartedAssessment("1F4E79");
  const comparison = sheetPlan({
    name: COMPARISON,
    cells: [
      cell("A1", { value: "能力域" }),
      ...[0, 1, 2, 3, 4, 5].flatMap((i) => [
        cell(`A${i + 2}`, { value: `域 ${i + 1}` }),
        cell(`C${i + 2}`, { value: i % 5 }),
      ]),
    ],
    charts: [
      {
        kind: "bar",
        title: "各区能力域等级",
        anchor: range("E2:L20"),
        categories: { sheet: COMPARISON, range: range("A2:A7") },
        series: [
          { name: DISTRICT, values: { sheet: DISTRICT, range: levels }, color: "2E75B6" },
          { name: "河西区", values: { sheet: COMPARISON, range: range("C2:C7") } },
        ],
        axis: { min: 0, max: 5, majorUnit: 1 },
      },
    ],
  });
  return {
    plan: { ...plan, sheets: [{ ...assessment, charts: [radar] }, comparison, ...rest] },
    ids,
    levels,
  };
}

describe("applyWorkbookPlan: charts", () => {
  it("draws a radar on the protected assessment sheet and columns on another, from their cells", async () => {
    const { plan, ids, levels } = chartedPlan();
    const fake = new FakeExcel();
    await applyWorkbookPlan(fake.context, plan);
    const assessment = fake.sheet(DISTRICT);
    expect(assessment.protected).toBe(true);
    const levelCells = `${DISTRICT}!${rangeAddress(levels)}`;
    expect(assessment.charts).toEqual([
      {
        name: "CTMM_Chart1",
        type: "RadarMarkers",
        source: levelCells,
        seriesBy: "Columns",
        title: `${DISTRICT}：各能力域等级`,
        position: { start: "AE1", end: "AL16" },
        legend: { visible: false, position: "Right" },
        series: [
          {
            name: "等级",
            settings: {
              values: levelCells,
              xAxisValues: `${DISTRICT}!${rangeAddress(ids)}`,
              markerStyle: "Circle",
              markerSize: 6,
              "format.line.color": "#1F4E79",
              markerBackgroundColor: "#1F4E79",
              markerForegroundColor: "#1F4E79",
            },
          },
        ],
        settings: {
          "axes.valueAxis.minimum": 0,
          "axes.valueAxis.maximum": 5,
          "axes.valueAxis.majorUnit": 1,
        },
      },
    ]);
    const [bar] = fake.sheet(COMPARISON).charts;
    expect(bar).toMatchObject({
      name: "CTMM_Chart1",
      type: "ColumnClustered",
      title: "各区能力域等级",
      position: { start: "E2", end: "L20" },
      legend: { visible: true, position: "Bottom" },
    });
    expect(bar!.series).toEqual([
      {
        name: DISTRICT,
        settings: {
          values: levelCells,
          xAxisValues: `'${COMPARISON}'!A2:A7`,
          "format.fill.solidColor": "#2E75B6",
        },
      },
      {
        name: "河西区",
        settings: { values: `'${COMPARISON}'!C2:C7`, xAxisValues: `'${COMPARISON}'!A2:A7` },
      },
    ]);
  });

  it("draws from a sheet written after the chart's own, keeping the sheets in plan order", async () => {
    const chart: ChartPlan = {
      kind: "bar",
      title: "",
      anchor: range("A1:F12"),
      categories: { sheet: "Data", range: range("A1:C1") },
      series: [{ name: "", values: { sheet: "Data", range: range("A2:C2") } }],
    };
    const fake = new FakeExcel();
    await applyWorkbookPlan(fake.context, {
      sheets: [
        sheetPlan({ name: "Chart", charts: [chart], protect: true }),
        sheetPlan({ name: "Other" }),
        sheetPlan({
          name: "Data",
          cells: ["A1", "B1", "C1", "A2", "B2", "C2"].map((a, i) =>
            cell(a, { value: i < 3 ? `c${i}` : i }),
          ),
        }),
      ],
    });
    expect(fake.sheets.map((s) => s.name)).toEqual(["Sheet1", "Chart", "Other", "Data"]);
    // The chart waited for the cells it draws from, and protection waited for the chart.
    expect(fake.sheet("Chart").protected).toBe(true);
    const [drawn] = fake.sheet("Chart").charts;
    // A row of values: series by rows; no title, and none made up from the series.
    expect(drawn).toMatchObject({ seriesBy: "Rows", title: null, legend: { visible: false } });
    expect(drawn!.settings["title.visible"]).toBe(false);
    // Named as Excel names a series made from a row of numbers (a blank row would read as a label).
    expect(drawn!.series).toEqual([
      { name: "Series1", settings: { values: "Data!A2:C2", xAxisValues: "Data!A1:C1" } },
    ]);
  });

  it("keeps the charts on the new sheet when a sheet is rebuilt", async () => {
    const { plan, levels } = chartedPlan();
    const fake = new FakeExcel();
    await applyWorkbookPlan(fake.context, plan);
    await applyWorkbookPlan(fake.context, plan);
    expect(fake.sheets.map((s) => s.name)).toEqual(["Sheet1", ...plan.sheets.map((s) => s.name)]);
    const levelCells = `${DISTRICT}!${rangeAddress(levels)}`;
    expect(fake.sheet(DISTRICT).charts.map((c) => c.series[0]!.settings["values"])).toEqual([
      levelCells,
    ]);
    expect(fake.sheet(COMPARISON).charts.map((c) => c.series[0]!.settings["values"])).toEqual([
      levelCells,
    ]);
  });

  it("refuses a chart without series before writing anything", async () => {
    const fake = new FakeExcel();
    const plan: WorkbookPlan = {
      sheets: [
        sheetPlan({
          name: "S",
          charts: [
            {
              kind: "radar",
              title: "t",
              anchor: range("A1:F10"),
              categories: { sheet: "S", range: range("A1:A3") },
              series: [],
            },
          ],
        }),
      ],
    };
    const write = applyWorkbookPlan(fake.context, plan);
    await expect(write).rejects.toThrow(ExcelAdapterError);
    await expect(write).rejects.toThrow('Sheet "S", chart 1: the chart has no series');
    expect(fake.sheets.map((s) => s.name)).toEqual(["Sheet1"]);
  });

  it("refuses a chart drawn from a sheet written later (a late one), leaving nothing", async () => {
    const fake = new FakeExcel();
    const chart: ChartPlan = {
      kind: "bar",
      title: "t",
      anchor: range("A1:F10"),
      categories: { sheet: "Summary", range: range("A1:A3") },
      series: [{ name: "s", values: { sheet: "Summary", range: range("B1:B3") } }],
    };
    const write = applyWorkbookPlan(
      fake.context,
      { sheets: [sheetPlan({ name: "S", charts: [chart] }), sheetPlan({ name: "Summary" })] },
      { late: ["Summary"] },
    );
    await expect(write).rejects.toMatchObject({
      code: "writeFailed",
      message: expect.stringContaining('"Summary", which is written after it'),
    });
    expect(fake.sheets.map((s) => s.name)).toEqual(["Sheet1"]);
  });
});

describe("exportWorkbookPlan: charts", () => {
  it("carries the adapter's charts back to the plan, and writeXlsx writes them valid", async () => {
    const { plan } = chartedPlan();
    const fake = new FakeExcel();
    await applyWorkbookPlan(fake.context, plan);
    const exported = exportWorkbookPlan(fake);
    const charts = (sheets: readonly SheetPlan[]) =>
      sheets.filter((s) => s.name !== "Sheet1").map((s) => s.charts ?? []);
    expect(charts(exported.sheets)).toEqual(charts(plan.sheets));

    const bytes = writeXlsx(exported);
    const parts = Object.keys(unzipText(bytes));
    expect(parts).toEqual(expect.arrayContaining(["xl/charts/chart1.xml", "xl/charts/chart2.xml"]));
    const dir = mkdtempSync(join(tmpdir(), "ctmm-adapter-charts-"));
    try {
      const file = join(dir, "adapter-charts.xlsx");
      writeFileSync(file, bytes);
      const result = spawnSync(VALIDATOR, ["--checks", file], { encoding: "utf8" });
      expect([result.status, result.stdout + result.stderr]).toEqual([
        0,
        expect.stringContaining("0 error(s), 0 warning(s)"),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("leaves out charts a plan cannot say: not placed, or drawn from a deleted sheet", async () => {
    const fake = new FakeExcel();
    await applyWorkbookPlan(fake.context, chartedPlan().plan);
    const sheet = fake.context.workbook.worksheets.getItem(COMPARISON);
    sheet.charts.add("ColumnClustered", sheet.getRange("C2:C7"), "Columns"); // never placed
    fake.context.workbook.worksheets.getItem(DISTRICT).delete();
    await fake.context.sync();
    // The radar went with its sheet; the columns now draw from #REF!, the new chart from nowhere.
    expect(exportWorkbookPlan(fake).sheets.map((s) => s.charts)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});
