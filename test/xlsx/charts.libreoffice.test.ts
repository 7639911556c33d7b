/**
 * Native charts in a real spreadsheet: LibreOffice opens workbooks with a radar chart on a filled,
 * protected assessment sheet and a column chart on a comparison sheet, recalculates them and saves
 * them again as .xlsx (the charts survive, of the same kind, drawn from the same cells, with the
 * recalculated levels), and prints them: the first page of each becomes a PNG, Chinese included.
 *
 * The PNGs go to .tmp/charts/, or to docs/screenshots/ with CTMM_SCREENSHOTS=docs (as the task
 * pane's screenshots do). Needs LibreOffice, poppler-utils and fonts-noto-cjk.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { unzipSync, strFromU8 } from "fflate";
import { BUILTIN_PACK, listItems } from "../../src/model";
import { SHEET_NAMES } from "../../src/sheet/contract";
import { fillPlan } from "../../src/sheet/fillPlan";
import type { ChartPlan, RangePlan, SheetPlan, WorkbookPlan } from "../../src/sheet/plan";
import { planReviewWorkbook } from "../../src/sheet/planReview";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { writeXlsx } from "../../src/xlsx";
import { decodeEntities } from "../../src/xlsx/xml";
import {
  convertWithLibreOffice,
  PDF_TARGET,
  pdfPages,
  recalculateMany,
  renderFirstPage,
} from "../helpers/libreoffice";
import { named } from "../helpers/charts";
import { cell, sheetPlan } from "./helpers";

jest.setTimeout(240_000);

const ROOT = join(__dirname, "..", "..");
const PNG_DIR =
  process.env["CTMM_SCREENSHOTS"] === "docs"
    ? join(ROOT, "docs", "screenshots")
    : join(ROOT, ".tmp", "charts");

const DISTRICT = "和平区";
const COMPARISON = "区县 对比";
const RADAR_TITLE = `${DISTRICT}：各能力域等级`;
const BAR_TITLE = "各区能力域等级";

/** The level each domain reaches with the ratings below: 1, 2, 3, 4, 5, 1, … */
const levelOf = (domain: number) => (domain % 5) + 1;

/**
 * A filled assessment sheet: every item of domain d rated 1 up to level `levelOf(d)` and 0 above,
 * so its domain levels differ and the radar has a shape.
 */
function filledAssessment(): { plan: WorkbookPlan; ids: RangePlan; levels: RangePlan } {
  const planned = planWorkbook(BUILTIN_PACK, {
    language: "zh-CN",
    mode: "full",
    formulaStyle: "portable",
    districts: [DISTRICT],
  });
  const domains = BUILTIN_PACK.domains.map((d) => d.id);
  const ratings = new Map(
    listItems(BUILTIN_PACK).map(({ item, domain }) => {
      const level = levelOf(domains.indexOf(domain.id));
      return [item.id as string, [1, 2, 3, 4, 5].map((l) => (l <= level ? 1 : 0))];
    }),
  );
  const plan = fillPlan(planned.plan, planned.sheets[0]!, { ratings });
  const sheet = plan.sheets[0]!;
  return {
    plan,
    ids: named(sheet, SHEET_NAMES.domainIds),
    levels: named(sheet, SHEET_NAMES.domainLevels),
  };
}

/** The radar beside the results block (past the hidden helper columns), 0..5 by 1. */
function radarChart(ids: RangePlan, levels: RangePlan): ChartPlan {
  return {
    kind: "radar",
    title: RADAR_TITLE,
    anchor: { top: 0, left: 30, bottom: 15, right: 37 },
    categories: { sheet: DISTRICT, range: ids },
    series: [{ name: "等级", values: { sheet: DISTRICT, range: levels }, color: "1F4E79" }],
    axis: { min: 0, max: 5, majorUnit: 1 },
  };
}

/**
 * The assessment sheet with its radar, printed as a results page: the header, the results block
 * and the chart on one page (the planner's print setup covers the item rows instead).
 */
function radarWorkbook(): WorkbookPlan {
  const { plan, ids, levels } = filledAssessment();
  const [assessment, ...rest] = plan.sheets;
  const resultsPage: SheetPlan = {
    ...assessment!,
    charts: [radarChart(ids, levels)],
    print: {
      orientation: "landscape",
      paper: "A4",
      fitToWidth: 1,
      fitToHeight: 1,
      area: { top: 0, left: 0, bottom: 15, right: 37 },
    },
  };
  return { ...plan, sheets: [resultsPage, ...rest] };
}

/**
 * A comparison sheet first (so that it prints on page 1), with a column chart of two districts:
 * one series from the assessment sheet, one from its own cells; then the assessment sheet with
 * its radar, protected as planned.
 */
function barWorkbook(): WorkbookPlan {
  const { plan, ids, levels } = filledAssessment();
  const [assessment, ...rest] = plan.sheets;
  const domains = BUILTIN_PACK.domains.map((d) => d.name["zh-CN"]);
  const comparison = sheetPlan({
    name: COMPARISON,
    columns: [{ index: 0, width: 16 }],
    cells: [
      cell("A1", { value: "能力域", style: { bold: true } }),
      cell("B1", { value: DISTRICT, style: { bold: true } }),
      cell("C1", { value: "河西区", style: { bold: true } }),
      ...domains.flatMap((domain, i) => [
        cell(`A${i + 2}`, { value: domain }),
        cell(`B${i + 2}`, { formula: `'${DISTRICT}'!C${levels.top + 1 + i}` }),
        cell(`C${i + 2}`, { value: (i * 2 + 1) % 6 }),
      ]),
    ],
    charts: [
      {
        kind: "bar",
        title: BAR_TITLE,
        anchor: { top: 0, left: 4, bottom: 19, right: 12 },
        categories: {
          sheet: COMPARISON,
          range: { top: 1, left: 0, bottom: domains.length, right: 0 },
        },
        series: [
          { name: DISTRICT, values: { sheet: DISTRICT, range: levels }, color: "2E75B6" },
          {
            name: "河西区",
            values: {
              sheet: COMPARISON,
              range: { top: 1, left: 2, bottom: domains.length, right: 2 },
            },
          },
        ],
        axis: { min: 0, max: 5, majorUnit: 1 },
      },
    ],
    print: { orientation: "landscape", paper: "A4", fitToWidth: 1, fitToHeight: 1 },
  });
  return {
    ...plan,
    sheets: [comparison, { ...assessment!, charts: [radarChart(ids, levels)] }, ...rest],
  };
}

// ---------------------------------------------------------------------------------------------
// Reading charts back from a package, by following its relationships

interface ChartFound {
  readonly sheet: string;
  readonly kind: string;
  /** Per series: the categories' and the values' references, normalised. */
  readonly series: readonly { readonly categories: string; readonly values: string }[];
  /** Per series: the cached values LibreOffice saved with the reference. */
  readonly cached: readonly (readonly number[])[];
}

const attribute = (tag: string, name: string) =>
  decodeEntities(new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? "");

/** A part's relationships, by id, as package paths. */
function relationships(parts: Record<string, string>, part: string): Map<string, string> {
  const dir = posix.dirname(part);
  const xml = parts[posix.join(dir, "_rels", `${posix.basename(part)}.rels`)] ?? "";
  const rels = new Map<string, string>();
  for (const [tag] of xml.matchAll(/<Relationship\s[^>]*>/g)) {
    const target = attribute(tag, "Target");
    rels.set(
      attribute(tag, "Id"),
      target.startsWith("/") ? target.slice(1) : posix.normalize(posix.join(dir, target)),
    );
  }
  return rels;
}

/** "'区县 对比'!$A$2:$A$7" and "区县 对比!A2:A7" alike: "区县 对比!A2:A7". */
function normalise(reference: string): string {
  const text = decodeEntities(reference).replace(/\$/g, "");
  const quoted = /^'((?:[^']|'')*)'!(.*)$/.exec(text);
  if (quoted) return `${quoted[1]!.replace(/''/g, "'")}!${quoted[2]}`;
  return text;
}

/** Every chart of every sheet, found through workbook → sheet → drawing → chart. */
function chartsOf(bytes: Uint8Array): ChartFound[] {
  const parts: Record<string, string> = {};
  for (const [name, data] of Object.entries(unzipSync(bytes))) parts[name] = strFromU8(data);
  const workbookRels = relationships(parts, "xl/workbook.xml");
  const found: ChartFound[] = [];
  for (const [tag] of parts["xl/workbook.xml"]!.matchAll(/<sheet\s[^>]*>/g)) {
    const sheetPart = workbookRels.get(attribute(tag, "r:id"))!;
    const sheetRels = relationships(parts, sheetPart);
    const drawingId = /<drawing\s[^>]*r:id="([^"]+)"/.exec(parts[sheetPart]!)?.[1];
    if (!drawingId) continue;
    const drawingPart = sheetRels.get(drawingId)!;
    const drawingRels = relationships(parts, drawingPart);
    for (const [, chartId] of parts[drawingPart]!.matchAll(/<c:chart\s[^>]*r:id="([^"]+)"/g)) {
      const xml = parts[drawingRels.get(chartId!)!]!;
      const kind = /<c:radarChart>\s*<c:radarStyle val="(\w+)"/.exec(xml)
        ? `radar/${/<c:radarStyle val="(\w+)"/.exec(xml)![1]}`
        : `bar/${/<c:barDir val="(\w+)"/.exec(xml)?.[1]}/${/<c:grouping val="(\w+)"/.exec(xml)?.[1]}`;
      const series = [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map(([, ser]) => ({
        categories: normalise(/<c:cat>[\s\S]*?<c:f>([^<]*)<\/c:f>/.exec(ser!)?.[1] ?? ""),
        values: normalise(/<c:val>[\s\S]*?<c:f>([^<]*)<\/c:f>/.exec(ser!)?.[1] ?? ""),
        cached: [
          ...(/<c:val>([\s\S]*?)<\/c:val>/.exec(ser!)?.[1] ?? "").matchAll(
            /<c:pt idx="\d+"><c:v>([^<]*)<\/c:v><\/c:pt>/g,
          ),
        ].map((m) => Number(m[1])),
      }));
      found.push({
        sheet: attribute(tag, "name"),
        kind,
        series: series.map(({ categories, values }) => ({ categories, values })),
        cached: series.map((s) => s.cached),
      });
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------

/** A filled template as planned: its own radar below the items, printed on the last page. */
function templateWorkbook(): WorkbookPlan {
  return filledAssessment().plan;
}

/** A review workbook of three returns: the summary's bar chart, a radar per district sheet. */
function reviewWorkbook(): WorkbookPlan {
  const returns = ["和平区", "河西区", "南开区"].map((district, r) => {
    const ratings = new Map(
      listItems(BUILTIN_PACK).map(({ item }, i) => [
        item.id as string,
        [1, 2, 3, 4, 5].map((l) => (l <= ((i + r) % 5) + 1 ? 1 : 0)),
      ]),
    );
    return {
      file: `${district}.xlsx`,
      sheet: district,
      mode: "full" as const,
      entries: { ratings, header: { district } },
    };
  });
  return planReviewWorkbook(BUILTIN_PACK, returns, [], "zh-CN").plan;
}

const WORKBOOKS = [
  { name: "radar", plan: radarWorkbook(), page: 1 as const, title: RADAR_TITLE, minBytes: 15_000 },
  { name: "bar", plan: barWorkbook(), page: 1 as const, title: BAR_TITLE, minBytes: 15_000 },
  // The planned workbooks' chart pages hold less besides the chart (a heading row, a table).
  {
    name: "template",
    plan: templateWorkbook(),
    page: "last" as const,
    title: "各能力域等级",
    minBytes: 8_000,
  },
  {
    name: "review",
    plan: reviewWorkbook(),
    page: 1 as const,
    title: "总体等级（自评与复核）",
    minBytes: 8_000,
  },
];
const written = WORKBOOKS.map(({ plan }) => writeXlsx(plan));
let resaved: Uint8Array[] = [];
let pdfs: Uint8Array[] = [];

beforeAll(async () => {
  resaved = await recalculateMany(written);
  pdfs = (await convertWithLibreOffice(written, PDF_TARGET)).map((out) => out.get("")!);
});

describe("LibreOffice re-saves the charts", () => {
  it.each(WORKBOOKS.map((w, i) => [w.name, i] as const))(
    "%s: the same charts, of the same kinds, on the same sheets, from the same cells",
    (_name, i) => {
      const ours = chartsOf(written[i]!);
      const theirs = chartsOf(resaved[i]!);
      expect(ours.length).toBeGreaterThan(0);
      const shape = (charts: ChartFound[]) =>
        charts.map(({ sheet, kind, series }) => ({ sheet, kind, series }));
      expect(shape(theirs)).toEqual(shape(ours));
    },
  );

  it("radar and columns as planned, and the radar follows the recalculated levels", () => {
    const [radar] = chartsOf(resaved[0]!);
    expect(radar).toMatchObject({
      sheet: DISTRICT,
      kind: "radar/marker",
      series: [{ categories: `${DISTRICT}!A8:A13`, values: `${DISTRICT}!C8:C13` }],
    });
    expect(radar!.cached).toEqual([BUILTIN_PACK.domains.map((_, d) => levelOf(d))]);
    const [bar, second] = chartsOf(resaved[1]!);
    expect(bar).toMatchObject({ sheet: COMPARISON, kind: "bar/col/clustered" });
    expect(bar!.series.map((s) => s.values)).toEqual([`${DISTRICT}!C8:C13`, `${COMPARISON}!C2:C7`]);
    expect(second).toMatchObject({ sheet: DISTRICT, kind: "radar/marker" });
  });
});

describe("the template's radar (issue 14)", () => {
  it("labels its spokes with the domain names, in the sheet's language", async () => {
    const index = WORKBOOKS.findIndex((w) => w.name === "template");
    const [radar] = chartsOf(resaved[index]!);
    expect(radar!.series[0]!.categories).toMatch(/!B8:B13$/);
    const pdf = join(tmpdir(), `ctmm-radar-${process.pid}.pdf`);
    writeFileSync(pdf, pdfs[index]!);
    try {
      const last = String(pdfPages(pdf));
      const text = spawnSync("pdftotext", ["-f", last, "-l", last, "-enc", "UTF-8", pdf, "-"], {
        encoding: "utf8",
      }).stdout;
      // The chart's page: every domain's name is drawn on its spoke.
      for (const domain of BUILTIN_PACK.domains) expect(text).toContain(domain.name["zh-CN"]);
    } finally {
      rmSync(pdf, { force: true });
    }
  });
});

describe("LibreOffice prints the charts", () => {
  const dir = mkdtempSync(join(tmpdir(), "ctmm-chart-pdf-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(WORKBOOKS.map((w, i) => [w.name, i] as const))(
    "%s: the chart's page as a PNG, with the chart's Chinese title in a CJK font",
    async (name, i) => {
      mkdirSync(PNG_DIR, { recursive: true });
      const png = join(PNG_DIR, `zh-CN-chart-${name}.png`);
      const { page, title, minBytes } = WORKBOOKS[i]!;
      const bytes = await renderFirstPage(pdfs[i]!, png, 60, page);
      expect(statSync(png).size).toBe(bytes.length);
      // An empty A4 page at 60 dpi is about 2 KB; a page with a chart is several times that.
      expect(bytes.length).toBeGreaterThan(minBytes);
      expect(Buffer.from(bytes.subarray(1, 4)).toString("latin1")).toBe("PNG");

      const pdf = join(dir, `${name}.pdf`);
      writeFileSync(pdf, pdfs[i]!);
      const number = String(page === "last" ? pdfPages(pdf) : page);
      const text = spawnSync("pdftotext", ["-f", number, "-l", number, "-enc", "UTF-8", pdf, "-"], {
        encoding: "utf8",
      });
      expect(text.stdout).toContain(title);
      const fonts = spawnSync("pdffonts", ["-f", number, "-l", number, pdf], { encoding: "utf8" });
      expect(fonts.stdout).toMatch(/CJK/i);
    },
  );
});
