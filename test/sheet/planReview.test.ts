/**
 * The review workbook's plan (SPEC §4, review workbook): the names on the district and summary
 * sheets, the reviewed block starting as the district's own ratings, what is left out and why,
 * and validation of a review workbook against its own template.
 */
import { BUILTIN_PACK, listItems, loadPack } from "../../src/model";
import { cellKey } from "../../src/sheet/grid";
import { REVIEW_NAMES, REVIEW_SUMMARY_NAMES, SHEET_NAMES } from "../../src/sheet/contract";
import { fillPlan } from "../../src/sheet/fillPlan";
import type { CellPlan, RangePlan, SheetPlan, WorkbookPlan } from "../../src/sheet/plan";
import { domainChart } from "../../src/sheet/planAssessmentSheet";
import { planReviewWorkbook, reviewCandidates } from "../../src/sheet/planReview";
import { readSheetAssessment } from "../../src/sheet/readAssessment";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { validateWorkbook } from "../../src/sheet/validateWorkbook";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { builtinPackJson } from "../helpers/packs";

const IDS = listItems(BUILTIN_PACK).map((p) => p.item.id as string);

function filledReturn(district: string, mode: "full" | "quick", tamper = false) {
  const planned = planWorkbook(BUILTIN_PACK, {
    language: "zh-CN",
    mode,
    formulaStyle: "portable",
    districts: [district],
  });
  const ratings = new Map(
    IDS.map((id, i) => [id, mode === "full" ? [1, 1, i % 2 ? 0.8 : "部分满足", 0, 0] : [i % 6]]),
  );
  let plan: WorkbookPlan = fillPlan(planned.plan, planned.sheets[0]!, {
    ratings,
    evidence: new Map(IDS.map((id) => [id, `材料 ${id}`])),
    header: { district },
  });
  if (tamper) {
    const { overallRow, levelColumn } = planned.sheets[0]!.layout;
    const sheet = plan.sheets[0]!;
    const cells = sheet.cells.map((c): CellPlan =>
      c.row === overallRow && c.column === levelColumn
        ? { row: c.row, column: c.column, value: 5 }
        : c,
    );
    plan = { ...plan, sheets: [{ ...sheet, cells }, ...plan.sheets.slice(1)] };
  }
  return { grid: readXlsx(writeXlsx(plan)), ratings };
}

const heping = filledReturn("和平区", "full");
const hongqiao = filledReturn("红桥区", "quick");
const tampered = filledReturn("篡改区", "full", true);
const candidates = [
  reviewCandidates("和平区.xlsx", heping.grid, BUILTIN_PACK),
  reviewCandidates("红桥区.xlsx", hongqiao.grid, BUILTIN_PACK),
  reviewCandidates("篡改区.xlsx", tampered.grid, BUILTIN_PACK),
];
const planned = planReviewWorkbook(
  BUILTIN_PACK,
  candidates.flatMap((c) => c.returns),
  candidates.flatMap((c) => c.excluded),
  "zh-CN",
);
const sheet = (name: string): SheetPlan => planned.plan.sheets.find((s) => s.name === name)!;
const range = (s: SheetPlan, name: string): RangePlan =>
  s.names.find((n) => n.name === name)!.range;
const shape = (r: RangePlan) => [r.bottom - r.top + 1, r.right - r.left + 1];

it("takes the clean returns and leaves out the tampered one, saying why", () => {
  expect(candidates.map((c) => c.returns.map((r) => r.sheet))).toEqual([
    ["和平区"],
    ["红桥区"],
    [],
  ]);
  expect(candidates[2]!.excluded).toEqual([
    {
      file: "篡改区.xlsx",
      sheet: "篡改区",
      reason: {
        "zh-CN": expect.stringMatching(/锁定单元格被修改|公式被修改/),
        "en-US": expect.stringMatching(/changed/),
      },
    },
  ]);
  expect(planned.plan.sheets.map((s) => s.name)).toEqual([
    "复核汇总",
    "能力项分布",
    "复核调整",
    "和平区",
    "红桥区",
    "CTMM_Meta",
  ]);
  const summaryTexts = sheet("复核汇总").cells.map((c) => c.value);
  expect(summaryTexts).toContain("篡改区.xlsx");
});

it("names the reviewed block beside the self-assessed one, in the same shapes", () => {
  for (const name of ["和平区", "红桥区"]) {
    const s = sheet(name);
    expect(shape(range(s, REVIEW_NAMES.reviewedRatings))).toEqual(
      shape(range(s, SHEET_NAMES.ratings)),
    );
    expect(shape(range(s, REVIEW_NAMES.reviewReasons))).toEqual([IDS.length, 1]);
    expect(shape(range(s, REVIEW_NAMES.reviewedDomainLevels))).toEqual([
      BUILTIN_PACK.domains.length,
      1,
    ]);
    expect(shape(range(s, REVIEW_NAMES.reviewedOverallLevel))).toEqual([1, 1]);
    expect(shape(range(s, REVIEW_NAMES.reviewedOverallScore))).toEqual([1, 1]);
    // Two series on the radar: self-assessed and reviewed.
    expect(s.charts?.[0]?.series.map((x) => x.name)).toEqual(["自评", "复核"]);
  }
  const summary = sheet("复核汇总");
  for (const name of Object.values(REVIEW_SUMMARY_NAMES))
    expect(shape(range(summary, name))).toEqual([2, 1]);
  expect(summary.charts?.[0]?.kind).toBe("bar");
});

it("starts the reviewed block as the district's own ratings; only it takes entries", () => {
  const s = sheet("和平区");
  const cells = new Map(s.cells.map((c) => [cellKey(c.row, c.column), c]));
  const self = range(s, SHEET_NAMES.ratings);
  const reviewed = range(s, REVIEW_NAMES.reviewedRatings);
  for (let row = self.top; row <= self.bottom; row++)
    for (let i = 0; i <= self.right - self.left; i++) {
      const mine = cells.get(cellKey(row, self.left + i))!;
      const theirs = cells.get(cellKey(row, reviewed.left + i))!;
      expect(theirs.value).toEqual(mine.value);
      expect(mine.style?.locked).not.toBe(false);
      expect(theirs.style?.locked).toBe(false);
    }
  // The drop-down is on the reviewed ratings only.
  expect(s.validations.map((v) => v.range)).toEqual([reviewed]);
});

it("validates as its own template, and reports a reviewed rating off the scale or computed", () => {
  const bytes = writeXlsx(planned.plan);
  const errors = (plan: Uint8Array) =>
    validateWorkbook(readXlsx(plan), BUILTIN_PACK).filter((f) => f.severity === "error");
  expect(errors(bytes)).toEqual([]);

  const s = sheet("和平区");
  const reviewed = range(s, REVIEW_NAMES.reviewedRatings);
  const edited: WorkbookPlan = {
    ...planned.plan,
    sheets: planned.plan.sheets.map((x) =>
      x.name !== "和平区"
        ? x
        : {
            ...x,
            cells: x.cells.map((c): CellPlan => {
              if (c.row === reviewed.top && c.column === reviewed.left)
                return { ...c, value: "差不多" };
              if (c.row === reviewed.top + 1 && c.column === reviewed.left + 1)
                return { row: c.row, column: c.column, formula: "0.5+0.5", style: c.style! };
              return c;
            }),
          },
    ),
  };
  const found = errors(writeXlsx(edited)).map((f) => [f.code, f.sheet, f.cell]);
  expect(found).toEqual([
    ["RATING_INVALID", "和平区", "O18"],
    ["RATING_FORMULA", "和平区", "P19"],
  ]);
});

it("puts a district sheet's own radar back as planned: self-assessed and reviewed", () => {
  const grid = readXlsx(writeXlsx(planned.plan));
  const chart = domainChart(BUILTIN_PACK, readSheetAssessment(grid, "和平区"), "en-US");
  expect(chart).toEqual(sheet("和平区").charts![0]);
  expect(chart.series.map((s) => s.name)).toEqual(["自评", "复核"]);
});

it("leaves out a return made for another model, and a workbook with no assessment, saying why", () => {
  const json = builtinPackJson();
  json.version = "2.0.0";
  const newer = loadPack(json);
  const planned = planWorkbook(newer, {
    language: "en-US",
    mode: "quick",
    formulaStyle: "portable",
    districts: ["Hexi"],
  });
  const other = reviewCandidates("hexi.xlsx", readXlsx(writeXlsx(planned.plan)), BUILTIN_PACK);
  expect(other.returns).toEqual([]);
  expect(other.excluded[0]!.reason["en-US"]).toMatch(/2\.0\.0/);
  const budget = readXlsx(
    writeXlsx({ sheets: [{ ...sheet("复核汇总"), name: "Budget", names: [], charts: [] }] }),
  );
  const foreign = reviewCandidates("budget.xlsx", budget, BUILTIN_PACK);
  expect(foreign).toEqual({
    returns: [],
    excluded: [
      {
        file: "budget.xlsx",
        sheet: "",
        reason: expect.objectContaining({ "en-US": expect.stringMatching(/no CTMM assessment/) }),
      },
    ],
  });
});
