import { assess, BUILTIN_PACK, listItems } from "../../src/model";
import { consolidateGrid, unreadableFile } from "../../src/sheet/consolidate";
import { fillPlan } from "../../src/sheet/fillPlan";
import type { WorkbookGrid } from "../../src/sheet/grid";
import type { WorkbookPlan } from "../../src/sheet/plan";
import { META_SHEET } from "../../src/sheet/contract";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { readAssessments, readSheetAssessment } from "../../src/sheet/readAssessment";
import { readXlsx, writeXlsx } from "../../src/xlsx";

const ITEM_IDS = listItems(BUILTIN_PACK).map((p) => p.item.id as string);

const OPTIONS = {
  language: "en-US",
  mode: "full",
  formulaStyle: "portable",
  districts: ["Heping", "Hexi"],
} as const;

/** A return of two district sheets: the first rated `row` throughout, the second with gaps. */
function twoDistricts(row: unknown[]): WorkbookPlan {
  const { plan, sheets } = planWorkbook(BUILTIN_PACK, OPTIONS);
  const first = fillPlan(plan, sheets[0]!, {
    ratings: new Map(ITEM_IDS.map((id) => [id, row])),
    evidence: new Map(ITEM_IDS.map((id) => [id, "report"])),
  });
  return fillPlan(first, sheets[1]!, {
    ratings: new Map(ITEM_IDS.map((id, i) => [id, i % 2 === 0 ? [1, 1, 0.5, 0, null] : ["N/A"]])),
  });
}

const grid = (plan: WorkbookPlan): WorkbookGrid => readXlsx(writeXlsx(plan));

describe("consolidateGrid", () => {
  it("gives one row per assessment sheet, scored by the engine, with its findings", () => {
    const workbook = grid(twoDistricts([1, 1, 0.8, 0.5, 0]));
    const { rows, findings } = consolidateGrid("returns/heping.xlsx", workbook, BUILTIN_PACK);
    expect(rows.map((r) => [r.file, r.sheet, r.district])).toEqual([
      ["returns/heping.xlsx", "Heping", "Heping"],
      ["returns/heping.xlsx", "Hexi", "Hexi"],
    ]);
    const expected = assess(BUILTIN_PACK, readSheetAssessment(workbook, "Heping").input);
    expect(rows[0]).toEqual({
      file: "returns/heping.xlsx",
      sheet: "Heping",
      district: "Heping",
      completeness: 1,
      errors: 0,
      warnings: 0,
      overall: expected.overall.result,
      domains: expected.domains.map((d) => d.result),
    });
    // Hexi: 19 rows with level 5 blank, 18 N/A rows marked in their first cell only.
    expect(rows[1]!.completeness).toBeCloseTo((19 * 4 + 18) / (37 * 5), 12);
    expect(rows[1]!.warnings).toBe(19);
    expect(findings.filter((f) => f.sheet === "Hexi")).toHaveLength(19);
    expect(findings.every((f) => f.file === "returns/heping.xlsx")).toBe(true);
    expect(new Set(findings.map((f) => f.code))).toEqual(new Set(["RATING_MISSING"]));
  });

  it("makes a row that says why for a sheet it cannot score, and counts it as an error", () => {
    const plan = twoDistricts([1, 1, 0.8, 0.5, 0]);
    const otherModel = {
      ...plan,
      sheets: plan.sheets.map((s) =>
        s.name === META_SHEET
          ? {
              ...s,
              cells: s.cells.map((c) =>
                c.row === 2 && c.column === 2 ? { ...c, value: "0.9.0-draft" } : c,
              ),
            }
          : s,
      ),
    };
    const { rows, findings } = consolidateGrid("a.xlsx", grid(otherModel), BUILTIN_PACK);
    expect(rows[0]!.problem).toBeUndefined();
    expect(rows[1]).toMatchObject({
      sheet: "Hexi",
      overall: null,
      domains: BUILTIN_PACK.domains.map(() => null),
      problem: expect.stringMatching(/made for model \S+ 0\.9\.0-draft, not /),
    });
    expect(rows[1]!.errors).toBeGreaterThanOrEqual(1);
    expect(findings.filter((f) => f.code === "MODEL_MISMATCH").map((f) => f.sheet)).toEqual([
      "Hexi",
    ]);

    // A rating off the scale does not stop the sheet from being scored: it counts as blank, the
    // row counts the error, and the findings say which cell (as the CLI's consolidate does).
    const { sheets } = planWorkbook(BUILTIN_PACK, OPTIONS);
    const badRating = grid(
      fillPlan(twoDistricts([1, 1, 0.8, 0.5, 0]), sheets[0]!, {
        ratings: new Map([["2.2.1", [1, "great", 0, 0, 0]]]),
      }),
    );
    const bad = consolidateGrid("b.xlsx", badRating, BUILTIN_PACK);
    const asBlank = assess(BUILTIN_PACK, {
      mode: "full",
      ratings: new Map([
        ...[...readAssessments(badRating)[0]!.input.ratings],
        ["2.2.1", [1, null, 0, 0, 0]],
      ]),
    });
    expect(bad.rows[0]).toMatchObject({ errors: 1, overall: asBlank.overall.result });
    expect(bad.rows[0]!.problem).toBeUndefined();
    expect(bad.findings.filter((f) => f.severity === "error")).toMatchObject([
      { code: "RATING_INVALID", sheet: "Heping", cell: expect.stringMatching(/^F\d+$/) },
    ]);
  });

  it("makes one row for a workbook with no assessment sheet", () => {
    const plain: WorkbookGrid = { ...grid(twoDistricts([1, 1, 1, 1, 1])), names: [] };
    const consolidated = consolidateGrid("notes.xlsx", plain, BUILTIN_PACK);
    expect(consolidated.rows).toHaveLength(1);
    expect(consolidated.rows[0]!.problem).toBe(
      "no CTMM assessment sheet (no sheet has the name CTMM_Ratings)",
    );
    expect(consolidated.problems[0]!["zh-CN"]).toContain("没有 CTMM 评估表");
  });

  it("leaves the grid as it was", () => {
    const workbook = grid(twoDistricts([1, 0.8, 0.5, 0, 0]));
    const before = JSON.stringify(workbook, (_, v) => (v instanceof Map ? [...v] : v));
    consolidateGrid("a.xlsx", workbook, BUILTIN_PACK);
    expect(JSON.stringify(workbook, (_, v) => (v instanceof Map ? [...v] : v))).toBe(before);
  });
});

describe("unreadableFile", () => {
  it("is one error row that says why, with no results", () => {
    const problem = {
      "zh-CN": "此文件不是 .xlsx 工作簿",
      "en-US": "The file is not an .xlsx workbook",
    };
    expect(unreadableFile("x.xlsx", BUILTIN_PACK, problem)).toEqual({
      rows: [
        {
          file: "x.xlsx",
          sheet: "",
          district: "",
          completeness: 0,
          errors: 1,
          warnings: 0,
          overall: null,
          domains: BUILTIN_PACK.domains.map(() => null),
          problem: "The file is not an .xlsx workbook",
        },
      ],
      findings: [],
      problems: [problem],
    });
  });
});
