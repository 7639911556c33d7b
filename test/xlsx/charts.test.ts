/**
 * Native charts in the `.xlsx` writer: the drawing and chart parts, how they are related to their
 * sheet, the series' references to cells, byte-stable output, the plan checks, and a workbook
 * with a radar chart on a protected assessment sheet and a column chart on another sheet against
 * the ECMA-376 schemas and package rules.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ChartPlan, RangePlan, WorkbookPlan } from "../../src/sheet/plan";
import { readXlsx, writeXlsx, writeXlsxStream, XlsxError } from "../../src/xlsx";
import { chartedAssessment, COMPARISON, DISTRICT } from "../helpers/charts";
import { cell, childOrder, range, sheetPlan, unzipText } from "./helpers";

const VALIDATOR =
  process.env["CTMM_OOXML_VALIDATOR"] ??
  resolve(__dirname, "../../../shared/ooxml/validate-xlsx.sh");

const DOMAINS = [
  "适数化改革",
  "城市数字底座",
  "智慧高效治理",
  "精准普惠服务",
  "产城融合发展",
  "数字生态",
];

/**
 * A protected assessment sheet with a radar of its domain levels, and a comparison sheet with a
 * column chart of two districts: one series from the assessment sheet, one from its own cells.
 */
function chartedPlan(): WorkbookPlan {
  // A colour in lower case: the writer takes either.
  const { plan, assessment, rest, levels, radar } = chartedAssessment("1f4e79");
  const bar: ChartPlan = {
    kind: "bar",
    title: "各区能力域等级",
    anchor: range("E2:L20"),
    categories: { sheet: COMPARISON, range: range("A2:A7") },
    series: [
      { name: DISTRICT, values: { sheet: DISTRICT, range: levels }, color: "2E75B6" },
      { name: "河西区", values: { sheet: COMPARISON, range: range("C2:C7") } },
    ],
    axis: { min: 0, max: 5, majorUnit: 1 },
  };
  const comparison = sheetPlan({
    name: COMPARISON,
    cells: [
      cell("A1", { value: "能力域" }),
      cell("B1", { value: DISTRICT }),
      cell("C1", { value: "河西区" }),
      ...DOMAINS.flatMap((domain, i) => [
        cell(`A${i + 2}`, { value: domain }),
        cell(`B${i + 2}`, { formula: `'${DISTRICT}'!C${levels.top + 1 + i}` }),
        cell(`C${i + 2}`, { value: (i * 2) % 6 }),
      ]),
    ],
    charts: [bar],
  });
  // Any charts the planner adds are replaced, so that the parts are numbered as this test says.
  return { ...plan, sheets: [{ ...assessment, charts: [radar] }, comparison, ...rest] };
}

/** The text of every `<c:f>` in a chart part, in order. */
const formulas = (xml: string) => [...xml.matchAll(/<c:f>([^<]*)<\/c:f>/g)].map((m) => m[1]);

describe("writeXlsx: charts", () => {
  const parts = unzipText(writeXlsx(chartedPlan()));

  it("writes a drawing per sheet with charts and a part per chart, each declared", () => {
    const added = Object.keys(parts).filter((p) => /drawings|charts|worksheets\/_rels/.test(p));
    expect(added.sort()).toEqual([
      "xl/charts/chart1.xml",
      "xl/charts/chart2.xml",
      "xl/drawings/_rels/drawing1.xml.rels",
      "xl/drawings/_rels/drawing2.xml.rels",
      "xl/drawings/drawing1.xml",
      "xl/drawings/drawing2.xml",
      "xl/worksheets/_rels/sheet1.xml.rels",
      "xl/worksheets/_rels/sheet2.xml.rels",
    ]);
    const types = parts["[Content_Types].xml"]!;
    for (const n of [1, 2]) {
      expect(types).toContain(
        `<Override PartName="/xl/drawings/drawing${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`,
      );
      expect(types).toContain(
        `<Override PartName="/xl/charts/chart${n}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`,
      );
    }
  });

  it("relates sheet → drawing → chart, and puts <drawing> where CT_Worksheet wants it", () => {
    for (const n of [1, 2]) {
      expect(parts[`xl/worksheets/_rels/sheet${n}.xml.rels`]).toContain(
        `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing${n}.xml"/>`,
      );
      expect(parts[`xl/drawings/_rels/drawing${n}.xml.rels`]).toContain(
        `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart${n}.xml"/>`,
      );
      expect(parts[`xl/drawings/drawing${n}.xml`]).toMatch(/<c:chart [^>]*r:id="rId1"\/>/);
      const sheet = parts[`xl/worksheets/sheet${n}.xml`]!;
      expect(sheet).toContain('<drawing r:id="rId1"/></worksheet>');
      expect(childOrder(sheet).slice(-3)).toEqual(
        n === 1 ? ["pageMargins", "pageSetup", "drawing"] : ["sheetData", "pageMargins", "drawing"],
      );
    }
    // The protected sheet keeps objects="1": users cannot move or edit the chart.
    expect(parts["xl/worksheets/sheet1.xml"]).toContain(
      '<sheetProtection sheet="1" objects="1" scenarios="1"/>',
    );
    // The metadata sheet has no charts: no relationships part, no <drawing>.
    expect(parts["xl/worksheets/sheet3.xml"]).not.toContain("<drawing");
  });

  it("anchors each chart over its cells, the `to` corner just past the last one", () => {
    const drawing = parts["xl/drawings/drawing1.xml"]!;
    expect(drawing).toContain(
      "<xdr:from><xdr:col>30</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>0</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>" +
        "<xdr:to><xdr:col>38</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>16</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>",
    );
    expect(drawing).toContain(`name="CTMM_Chart1" descr="${DISTRICT}：各能力域等级"`);
  });

  it("draws a radar with markers and clustered columns from absolute references", () => {
    const radar = parts["xl/charts/chart1.xml"]!;
    const bar = parts["xl/charts/chart2.xml"]!;
    expect(radar).toContain('<c:radarChart><c:radarStyle val="marker"/>');
    expect(bar).toContain('<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>');
    expect(formulas(radar)).toEqual([`'${DISTRICT}'!$A$8:$A$13`, `'${DISTRICT}'!$C$8:$C$13`]);
    expect(formulas(bar)).toEqual([
      `'${COMPARISON}'!$A$2:$A$7`,
      `'${DISTRICT}'!$C$8:$C$13`,
      `'${COMPARISON}'!$A$2:$A$7`,
      `'${COMPARISON}'!$C$2:$C$7`,
    ]);
    expect(bar).toContain(`<c:tx><c:v>${DISTRICT}</c:v></c:tx>`);
    for (const xml of [radar, bar]) {
      expect(xml).toContain(
        '<c:scaling><c:orientation val="minMax"/><c:max val="5"/><c:min val="0"/></c:scaling>',
      );
      expect(xml).toContain('<c:majorUnit val="1"/>');
      expect(xml).toContain("<c:catAx>");
      expect(xml).toContain("<c:valAx>");
    }
    expect(radar).toContain(`<a:t>${DISTRICT}：各能力域等级</a:t>`);
    // Colours as given, upper-cased; a legend only with more than one series.
    expect(radar).toContain('<a:srgbClr val="1F4E79"/>');
    expect(bar).toContain('<a:srgbClr val="2E75B6"/>');
    expect(radar).not.toContain("<c:legend>");
    expect(bar).toContain('<c:legend><c:legendPos val="b"/>');
  });

  it("quotes sheet names in references as formulas do, and spells them as the plan does", () => {
    const chart: ChartPlan = {
      kind: "bar",
      title: "",
      anchor: range("C1:H10"),
      categories: { sheet: "it's 1", range: range("A1:A3") },
      series: [{ name: "", values: { sheet: "IT'S 1", range: range("B1:B3") } }],
    };
    const xml = unzipText(writeXlsx({ sheets: [sheetPlan({ name: "It's 1", charts: [chart] })] }))[
      "xl/charts/chart1.xml"
    ]!;
    expect(formulas(xml)).toEqual(["'It''s 1'!$A$1:$A$3", "'It''s 1'!$B$1:$B$3"]);
    // No title: none made up from the series either.
    expect(xml).toContain('<c:autoTitleDeleted val="1"/>');
    expect(xml).not.toContain("<c:title>");
    expect(xml).not.toContain("<c:tx>");
  });

  it("is byte-stable, and writes the same parts as a stream", () => {
    expect(writeXlsx(chartedPlan())).toEqual(writeXlsx(chartedPlan()));
    const chunks: Uint8Array[] = [];
    writeXlsxStream(chartedPlan(), (chunk) => chunks.push(chunk.slice()));
    expect(unzipText(Buffer.concat(chunks))).toEqual(parts);
  });

  it("puts <drawing> after the rows a stream appends", () => {
    const plan: WorkbookPlan = {
      sheets: [
        sheetPlan({
          name: "Findings",
          cells: [cell("A1", { value: "n" })],
          charts: [
            {
              kind: "bar",
              title: "n",
              anchor: range("C2:H12"),
              categories: { sheet: "Findings", range: range("A2:A3") },
              series: [{ name: "n", values: { sheet: "Findings", range: range("B2:B3") } }],
            },
          ],
        }),
      ],
    };
    const chunks: Uint8Array[] = [];
    writeXlsxStream(plan, (chunk) => chunks.push(chunk.slice()), {
      sheet: "Findings",
      firstRow: 1,
      count: 2,
      columns: 2,
      rows: [
        ["a", 1],
        ["b", 2],
      ],
    });
    const sheet = unzipText(Buffer.concat(chunks))["xl/worksheets/sheet1.xml"]!;
    expect(childOrder(sheet)).toEqual([
      "dimension",
      "sheetViews",
      "sheetFormatPr",
      "sheetData",
      "pageMargins",
      "drawing",
    ]);
    expect(sheet).toContain('<row r="3"><c r="A3" t="inlineStr">');
  });

  it("adds nothing to a workbook without charts", () => {
    const plain = sheetPlan({ name: "S", cells: [cell("A1", { value: 1 })] });
    const without = writeXlsx({ sheets: [plain] });
    expect(writeXlsx({ sheets: [{ ...plain, charts: [] }] })).toEqual(without);
    const text = unzipText(without);
    expect(Object.keys(text).filter((p) => /drawing|chart|_rels\/sheet/.test(p))).toEqual([]);
    expect(text["xl/worksheets/sheet1.xml"]).not.toContain("<drawing");
    expect(text["[Content_Types].xml"]).not.toMatch(/drawing|chart/);
  });

  it("leaves the cells as they are: the reader reads the same grid with or without charts", () => {
    const plan = chartedPlan();
    const bare = { ...plan, sheets: plan.sheets.map((s) => ({ ...s, charts: [] })) };
    expect(readXlsx(writeXlsx(plan))).toEqual(readXlsx(writeXlsx(bare)));
  });
});

describe("writeXlsx: chart plans it refuses", () => {
  const base: ChartPlan = {
    kind: "radar",
    title: "Levels",
    anchor: range("D1:J15"),
    categories: { sheet: "Data", range: range("A1:A6") },
    series: [{ name: "Level", values: { sheet: "Data", range: range("B1:B6") } }],
  };
  const write = (chart: Partial<ChartPlan>) => () =>
    writeXlsx({ sheets: [sheetPlan({ name: "Data", charts: [{ ...base, ...chart }] })] });
  const series = (values: RangePlan, extra: object = {}) => ({
    series: [{ name: "Level", values: { sheet: "Data", range: values }, ...extra }],
  });

  it.each<[string, Partial<ChartPlan>, RegExp]>([
    [
      "a source on a sheet the plan does not have",
      { categories: { sheet: "Other", range: range("A1:A6") } },
      /Sheet "Data", chart 1, categories: the source is on a sheet "Other" the plan does not have/,
    ],
    ["no series", { series: [] }, /chart 1: the chart has no series/],
    [
      "an anchor outside the grid",
      { anchor: { top: 0, left: 16_380, bottom: 10, right: 16_384 } },
      /chart 1, anchor: column 16384 is outside/,
    ],
    [
      "an anchor on the grid's last column",
      { anchor: { top: 0, left: 16_380, bottom: 10, right: 16_383 } },
      /cell after its last row and column/,
    ],
    [
      "a colour that is not RRGGBB",
      series(range("B1:B6"), { color: "#1F4E79" }),
      /colour "#1F4E79" is not 6 hex digits/,
    ],
    ["values over two columns", series(range("B1:C6")), /B1:C6 is not one row or one column/],
    ["values of another length", series(range("B1:B5")), /series 1: 5 values for 6 categories/],
    [
      "a value axis that does not increase",
      { axis: { min: 5, max: 0, majorUnit: 1 } },
      /value axis 5\.\.0/,
    ],
    ["a step of zero", { axis: { min: 0, max: 5, majorUnit: 0 } }, /positive step/],
    ["an unknown kind", { kind: "pie" as ChartPlan["kind"] }, /"pie" is not a chart kind/],
    ["a title over 255 characters", { title: "x".repeat(256) }, /title is 256 characters/],
  ])("refuses %s", (_what, chart, message) => {
    expect(write(chart)).toThrow(XlsxError);
    expect(write(chart)).toThrow(message);
    try {
      write(chart)();
    } catch (error) {
      expect((error as XlsxError).code).toBe("INVALID_PLAN");
    }
  });

  it("accepts a source sheet spelled in another case, and a row of values", () => {
    expect(
      write({
        categories: { sheet: "DATA", range: range("A1:F1") },
        series: [{ name: "Level", values: { sheet: "data", range: range("A2:F2") } }],
      }),
    ).not.toThrow();
  });
});

it("writes valid workbooks: a radar on a protected assessment sheet, columns on another", () => {
  const dir = mkdtempSync(join(tmpdir(), "ctmm-charts-"));
  try {
    const file = join(dir, "charts.xlsx");
    writeFileSync(file, writeXlsx(chartedPlan()));
    const result = spawnSync(VALIDATOR, ["--checks", file], { encoding: "utf8" });
    expect([result.status, result.stdout + result.stderr]).toEqual([
      0,
      expect.stringContaining("0 error(s), 0 warning(s)"),
    ]);
    expect(result.stdout).not.toMatch(/SKIP|[1-9]\d* error\(s\)|[1-9]\d* warning\(s\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
