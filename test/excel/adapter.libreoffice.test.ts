/**
 * The acceptance test of the Office JS adapter: sheets generated through `applyWorkbookPlan` in the
 * strict fake host, filled in as an assessor types (numbers, labels of both languages, blanks,
 * N/A), exported to .xlsx, recalculated by headless LibreOffice Calc and compared with the engine.
 * Also: what the strict host checks about the adapter's requests (size, formulas, sheet
 * replacement, chart insertion).
 */
import { applyWorkbookPlan } from "../../src/excel/applyPlan";
import { insertChart } from "../../src/excel/chart";
import { domainChart } from "../../src/sheet/planAssessmentSheet";
import { clearHighlights, HIGHLIGHT_FORMULA, highlightCells } from "../../src/excel/highlight";
import type { AssessmentMode, Language } from "../../src/model";
import { assess, BUILTIN_PACK } from "../../src/model";
import { address, rangeAddress } from "../../src/sheet/a1";
import type { GridCell, WorkbookGrid } from "../../src/sheet/grid";
import { cellKey } from "../../src/sheet/grid";
import type { NamePlan } from "../../src/sheet/plan";
import { DOMAIN_CHART_NAME, SHEET_NAMES } from "../../src/sheet/contract";
import { META_SHEET } from "../../src/sheet/contract";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { findName, readAssessments, readSheetAssessment } from "../../src/sheet/readAssessment";
import { SHEET_TEXT } from "../../src/sheet/sheetText";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { randomRow, seededRandom } from "../helpers/fill";
import { recalculateMany } from "../helpers/libreoffice";
import { exportWorkbookPlan } from "../host/export";
import { FakeExcel, REQUEST_PAYLOAD_LIMIT } from "../host/fakeExcel";

const TEMPLATES: [Language, AssessmentMode][] = [
  ["zh-CN", "full"],
  ["zh-CN", "quick"],
  ["en-US", "full"],
  ["en-US", "quick"],
];
const FILLS = 5;

interface Template {
  readonly language: Language;
  readonly mode: AssessmentMode;
  readonly fake: FakeExcel;
  /** What was typed into each sheet, by item id. */
  readonly typed: Map<string, Map<string, unknown[]>>;
  recalculated?: WorkbookGrid;
}

const templates: Template[] = [];

/** The cells of a planned name, as A1 addresses row by row. */
function cellsOf(name: NamePlan): string[][] {
  const rows: string[][] = [];
  for (let row = name.range.top; row <= name.range.bottom; row++) {
    const line: string[] = [];
    for (let column = name.range.left; column <= name.range.right; column++)
      line.push(address(row, column));
    rows.push(line);
  }
  return rows;
}

beforeAll(async () => {
  for (const [t, [language, mode]] of TEMPLATES.entries()) {
    const districts = Array.from({ length: FILLS }, (_, i) =>
      language === "zh-CN" ? `区${i + 1}` : `District ${i + 1}`,
    );
    const planned = planWorkbook(BUILTIN_PACK, {
      language,
      mode,
      formulaStyle: "portable",
      districts,
    });
    const fake = new FakeExcel();
    await applyWorkbookPlan(fake.context, planned.plan);
    const typed = new Map<string, Map<string, unknown[]>>();
    planned.sheets.forEach((sheet, i) => {
      const name = sheet.plan.name;
      const names = new Map(sheet.plan.names.map((n) => [n.name, n]));
      const idName = names.get(SHEET_NAMES.itemIds)!;
      const ids = cellsOf(idName).map((_, row) =>
        String(
          fake.sheet(name).cells.get(cellKey(idName.range.top + row, idName.range.left))!.value,
        ),
      );
      const random = seededRandom(7000 + 100 * t + i);
      // Fills aim at different levels; the fourth leaves domain 5 entirely N/A.
      const target = (i * 2 + t) % 6;
      const rows = new Map(ids.map((id) => [id, randomRow(random, mode, language, target)]));
      if (i === 3)
        for (const id of ids.filter((id) => id.startsWith("5.")))
          rows.set(id, mode === "full" ? ["N/A", null, null, null, null] : ["N/A"]);
      // Typed as an assessor types, into the unlocked rating cells of the protected sheet.
      cellsOf(names.get(SHEET_NAMES.ratings)!).forEach((line, row) =>
        line.forEach((cell, k) => fake.type(name, cell, rows.get(ids[row]!)![k])),
      );
      typed.set(name, rows);
    });
    templates.push({ language, mode, fake, typed });
  }
  const files = templates.map((t) => writeXlsx(exportWorkbookPlan(t.fake)));
  const recalculated = await recalculateMany(files); // one soffice run for all four
  recalculated.forEach((bytes, i) => (templates[i]!.recalculated = readXlsx(bytes)));
}, 240_000);

describe.each(TEMPLATES)(
  "the %s %s template written through the adapter, recalculated in LibreOffice",
  (language, mode) => {
    const na = SHEET_TEXT[language].notApplicable;

    it(`computes every domain and overall level and score as the engine does, on ${FILLS} typed fills`, () => {
      const template = templates.find((t) => t.language === language && t.mode === mode)!;
      const grid = template.recalculated!;
      const levelsSeen = new Set<number | string>();
      let compared = 0;
      for (const [sheet, rows] of template.typed) {
        const engine = assess(BUILTIN_PACK, { mode, ratings: rows });
        const values = (name: string): GridCell["value"][] => {
          const target = findName(grid, sheet, name)!.target!;
          const cells = grid.sheets.find((s) => s.name === sheet)!.cells;
          const out: GridCell["value"][] = [];
          for (let row = target.top; row <= target.bottom; row++)
            out.push(cells.get(cellKey(row, target.left))?.value ?? null);
          return out;
        };
        const levels = [...values(SHEET_NAMES.domainLevels), ...values(SHEET_NAMES.overallLevel)];
        const scores = [...values(SHEET_NAMES.domainScores), ...values(SHEET_NAMES.overallScore)];
        [...engine.domains, engine.overall].forEach((aggregate, i) => {
          const where = `${sheet} ${aggregate.id}`;
          const result = aggregate.result;
          levelsSeen.add(result?.level ?? "N/A");
          expect([where, levels[i]]).toEqual([where, result ? result.level : na]);
          if (result === null) expect([where, scores[i]]).toEqual([where, na]);
          else
            expect([where, Math.abs((scores[i] as number) - result.score) < 1e-6]).toEqual([
              where,
              true,
            ]);
          compared += 2;
        });
        // The file carries exactly what was typed: read back, it gives the same assessment.
        const read = readAssessments(grid).find((a) => a.sheet === sheet)!;
        expect(assess(BUILTIN_PACK, read.input)).toEqual(engine);
      }
      expect(compared).toBe(FILLS * (BUILTIN_PACK.domains.length + 1) * 2);
      expect(levelsSeen.size).toBeGreaterThanOrEqual(3);
      expect(levelsSeen.has("N/A")).toBe(true);
    });

    it("sent every request within Excel on the web's 5 MB, none refused", () => {
      const { fake } = templates.find((t) => t.language === language && t.mode === mode)!;
      expect(fake.requests.filter((r) => r.error !== undefined)).toEqual([]);
      expect(fake.largestRequestBytes).toBeLessThanOrEqual(REQUEST_PAYLOAD_LIMIT);
    });
  },
);

describe("the adapter in the strict host", () => {
  it("keeps every request within 5 MB for 40 districts (SPEC §9)", async () => {
    const districts = Array.from({ length: 40 }, (_, i) => `区${i + 1}`);
    const { plan } = planWorkbook(BUILTIN_PACK, {
      language: "zh-CN",
      mode: "full",
      formulaStyle: "portable",
      districts,
    });
    const fake = new FakeExcel();
    await applyWorkbookPlan(fake.context, plan);
    expect(fake.requests.filter((r) => r.error !== undefined)).toEqual([]);
    expect(fake.largestRequestBytes).toBeLessThanOrEqual(REQUEST_PAYLOAD_LIMIT);
    expect(fake.sheets.map((s) => s.name)).toEqual(
      expect.arrayContaining([...districts, META_SHEET]),
    );
  });

  it("replaces protected sheets and the very hidden metadata sheet when generating again", async () => {
    const options = {
      language: "en-US",
      mode: "quick",
      formulaStyle: "portable",
      districts: ["Heping", "Hexi"],
    } as const;
    const fake = new FakeExcel();
    await applyWorkbookPlan(fake.context, planWorkbook(BUILTIN_PACK, options).plan);
    expect(fake.sheet("Heping").protected).toBe(true);
    expect(fake.sheet(META_SHEET).visibility).toBe("VeryHidden");
    await applyWorkbookPlan(fake.context, planWorkbook(BUILTIN_PACK, options).plan);
    expect(fake.requests.filter((r) => r.error !== undefined)).toEqual([]);
    expect(fake.sheets.map((s) => [s.name, s.visibility, s.protected])).toEqual([
      ["Sheet1", "Visible", false],
      ["Heping", "Visible", true],
      ["Hexi", "Visible", true],
      [META_SHEET, "VeryHidden", true],
    ]);
    // The names follow the sheets' final names, not the names they were written under.
    for (const name of fake.sheet("Heping").names) expect(name.formula).toMatch(/^=Heping!\$/);
  });

  it("leaves the workbook as it was when Excel refuses a write halfway through a batch", async () => {
    const options = { language: "zh-CN", mode: "full", formulaStyle: "portable" } as const;
    const fake = new FakeExcel();
    await applyWorkbookPlan(
      fake.context,
      planWorkbook(BUILTIN_PACK, { ...options, districts: ["区1"] }).plan,
    );
    const state = () =>
      fake.sheets.map((s) => ({
        name: s.name,
        visibility: s.visibility,
        protected: s.protected,
        cells: s.cells.size,
        names: s.names.map((n) => n.formula),
      }));
    const before = state();
    const { plan } = planWorkbook(BUILTIN_PACK, { ...options, districts: ["区1", "区2"] });
    // A formula Excel does not parse, in the last district's sheet: refused at its place in the batch.
    const broken = {
      ...plan,
      sheets: plan.sheets.map((sheet) =>
        sheet.name === "区2"
          ? { ...sheet, cells: [...sheet.cells, { row: 0, column: 40, formula: "SUM(A1" }] }
          : sheet,
      ),
    };
    await expect(applyWorkbookPlan(fake.context, broken)).rejects.toThrow(/unclosed parenthesis/);
    const refused = fake.requests.find((r) => r.error === "InvalidArgument")!;
    expect(refused.applied).toBeGreaterThan(0); // the operations before it had taken effect
    expect(state()).toEqual(before);
  });

  it("highlights cells on a protected sheet and clears the highlights again", async () => {
    const fake = new FakeExcel();
    const { plan } = planWorkbook(BUILTIN_PACK, {
      language: "en-US",
      mode: "full",
      formulaStyle: "portable",
      districts: ["Heping"],
    });
    await applyWorkbookPlan(fake.context, plan);
    const sheet = fake.sheet("Heping");
    const rules = sheet.conditionalFormats.length;
    await highlightCells(fake.context, [
      { sheet: "Heping", cell: "E9", severity: "error" },
      { sheet: "Heping", cell: "F9", severity: "warning" },
      { sheet: "Heping", cell: "G10", severity: "warning" },
    ]);
    expect(sheet.conditionalFormats.length).toBe(rules + 2);
    expect(sheet.conditionalFormats[0]!.settings["custom.rule.formula"]).toBe(HIGHLIGHT_FORMULA);
    expect(sheet.protected).toBe(true);
    expect(await clearHighlights(fake.context, ["Heping"])).toBe(2);
    expect(sheet.conditionalFormats.length).toBe(rules);
    expect(sheet.protected).toBe(true);
  });

  it("puts the planned radar chart back on a protected sheet, replacing it, and protects it again", async () => {
    const fake = new FakeExcel();
    const planned = planWorkbook(BUILTIN_PACK, {
      language: "en-US",
      mode: "full",
      formulaStyle: "portable",
      districts: ["Heping"],
    });
    await applyWorkbookPlan(fake.context, planned.plan);
    const read = readSheetAssessment(readXlsx(writeXlsx(planned.plan)), "Heping");
    const chart = domainChart(BUILTIN_PACK, read, "zh-CN");
    expect(chart).toEqual(planned.sheets[0]!.plan.charts![0]);
    const before = fake.syncCount;
    await insertChart(fake.context, "Heping", chart);
    await insertChart(fake.context, "Heping", chart); // again: replaces, does not stack
    expect(fake.syncCount - before).toBe(4);
    const sheet = fake.sheet("Heping");
    expect(sheet.protected).toBe(true);
    const levels = planned.sheets[0]!.plan.names.find((n) => n.name === SHEET_NAMES.domainLevels)!;
    const ids = planned.sheets[0]!.plan.names.find((n) => n.name === SHEET_NAMES.domainIds)!;
    // The spokes are the domain names: the column right of the ids.
    const names = { ...ids.range, left: ids.range.left + 1, right: ids.range.right + 1 };
    expect(sheet.charts).toEqual([
      expect.objectContaining({
        name: DOMAIN_CHART_NAME,
        type: "RadarMarkers",
        source: `Heping!${rangeAddress(levels.range)}`,
        title: "Domain levels",
        series: [
          expect.objectContaining({
            name: "Level",
            settings: expect.objectContaining({
              values: `Heping!${rangeAddress(levels.range)}`,
              xAxisValues: `Heping!${rangeAddress(names)}`,
            }),
          }),
        ],
      }),
    ]);
  });
});
