/**
 * Generating through Office JS as the task pane does (`generateAssessments`), in the strict test
 * host: constant syncs whatever the pack's size, every request under Excel on the web's 5 MB,
 * all-or-nothing writes, metadata of earlier sheets kept, only CTMM sheets read back, and the
 * live summary recalculated by LibreOffice.
 */
import { applyWorkbookPlan } from "../../src/excel/applyPlan";
import { ExcelAdapterError } from "../../src/excel/errors";
import { findExistingSheets, generateAssessments } from "../../src/excel/generate";
import { readWorkbookGrid } from "../../src/excel/readGrid";
import type { ModelPack } from "../../src/model";
import { assess, BUILTIN_PACK, listItems } from "../../src/model";
import { address } from "../../src/sheet/a1";
import { cellKey } from "../../src/sheet/grid";
import type { SheetPlan } from "../../src/sheet/plan";
import { planDistrictSummary } from "../../src/sheet/planDistrictSummary";
import { META_SHEET, REVIEW_NAMES, SHEET_NAMES } from "../../src/sheet/contract";
import { planReviewWorkbook } from "../../src/sheet/planReview";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { readAssessments, readMetadata } from "../../src/sheet/readAssessment";
import { validateWorkbook } from "../../src/sheet/validateWorkbook";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { randomRow, seededRandom } from "../helpers/fill";
import { recalculate } from "../helpers/libreoffice";
import { packOfShape } from "../helpers/packs";
import { exportWorkbookPlan } from "../host/export";
import { FakeExcel, REQUEST_PAYLOAD_LIMIT } from "../host/fakeExcel";

/** 400 items: 8 domains × 5 sub-domains × 10 items. */
const PACK_400 = packOfShape(Array.from({ length: 8 }, () => [10, 10, 10, 10, 10]));

const plan = (pack: ModelPack, districts: readonly string[]) =>
  planWorkbook(pack, { language: "zh-CN", mode: "full", formulaStyle: "portable", districts });
/** The first rating cell of a generated sheet. */
const FIRST_RATING = (() => {
  const { layout } = plan(BUILTIN_PACK, ["x"]).sheets[0]!;
  return address(layout.firstItemRow, layout.ratingColumns[0]!);
})();
const names = (n: number) => Array.from({ length: n }, (_, i) => `区${i + 1}`);

async function generate(pack: ModelPack, districts: readonly string[], fake = new FakeExcel()) {
  const before = fake.syncCount;
  const result = await generateAssessments(fake.context, plan(pack, districts), pack);
  return { fake, result, syncs: fake.syncCount - before };
}

describe("generateAssessments", () => {
  it("takes as many syncs for 400 items as for the 37 built-in ones", async () => {
    expect(listItems(PACK_400)).toHaveLength(400);
    const small = await generate(BUILTIN_PACK, ["和平区"]);
    const large = await generate(PACK_400, ["和平区"]);
    expect(small.syncs).toBe(2);
    expect(large.syncs).toBe(small.syncs);
    expect(large.result.batches).toBe(1);
    // Again, over the filled sheets: one more sync reads what must be kept.
    const again = await generate(BUILTIN_PACK, ["和平区"], small.fake);
    const againLarge = await generate(PACK_400, ["和平区"], large.fake);
    expect(again.syncs).toBe(3);
    expect(againLarge.syncs).toBe(again.syncs);
  });

  it.each([
    ["60 districts of the built-in pack", BUILTIN_PACK, 60],
    ["10 districts of a 400-item pack", PACK_400, 10],
  ] as const)(
    "sends no request over 5 MB for %s, and reads them back the same way",
    async (_, pack, count) => {
      const { fake, result } = await generate(pack, names(count));
      expect(result.batches).toBeGreaterThan(1);
      expect(fake.requests.every((r) => r.error === undefined)).toBe(true);
      expect(fake.largestRequestBytes).toBeLessThan(REQUEST_PAYLOAD_LIMIT);
      expect(fake.sheets.map((s) => s.name)).toEqual(
        expect.arrayContaining([...names(count), META_SHEET]),
      );
      expect(fake.sheets.filter((s) => s.name.startsWith("~"))).toEqual([]);
      const before = fake.requests.length;
      const grid = await readWorkbookGrid(fake.context);
      const reads = fake.requests.slice(before);
      expect(Math.max(...reads.map((r) => r.responseBytes))).toBeLessThan(REQUEST_PAYLOAD_LIMIT);
      expect(readAssessments(grid)).toHaveLength(count);
      expect(validateWorkbook(grid, pack).filter((f) => f.severity === "error")).toEqual([]);
    },
    60_000,
  );

  it("undoes a write that fails in a later batch: the old sheets stay as they were", async () => {
    const { fake } = await generate(BUILTIN_PACK, ["区1"]);
    fake.type("区1", FIRST_RATING, 0.8);
    const snapshot = () =>
      JSON.stringify(
        fake.sheets.map((s) => [s.name, s.visibility, [...s.cells.entries()], s.names]),
      );
    const before = snapshot();
    const planned = plan(BUILTIN_PACK, names(30));
    // A sheet Excel refuses, at the very end: every batch before it has been written.
    const broken: SheetPlan = {
      ...planned.plan.sheets[0]!,
      name: "坏表",
      cells: [{ row: 0, column: 0, formula: "SUM((1)" }],
      names: [],
    };
    const error = await applyWorkbookPlan(fake.context, {
      sheets: [...planned.plan.sheets, broken],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExcelAdapterError);
    expect((error as ExcelAdapterError).code).toBe("writeFailed");
    expect(fake.requests.filter((r) => r.error === undefined).length).toBeGreaterThan(2);
    expect(snapshot()).toBe(before);
  });

  it("undoes a write that fails after the new sheets took their names", async () => {
    const { fake } = await generate(BUILTIN_PACK, ["区1", "区2"]);
    fake.type("区1", FIRST_RATING, 0.5);
    const before = JSON.stringify(fake.sheets.map((s) => [s.name, [...s.cells.entries()]]));
    const planned = plan(BUILTIN_PACK, ["区1", "区2"]);
    // A summary that Excel refuses: it is written after the renames.
    const summary: SheetPlan = {
      ...planDistrictSummary(BUILTIN_PACK, planned.sheets, "zh-CN", "汇总"),
      cells: [{ row: 0, column: 0, formula: "1+" }],
    };
    await expect(
      generateAssessments(fake.context, planned, BUILTIN_PACK, [summary]),
    ).rejects.toBeInstanceOf(ExcelAdapterError);
    expect(JSON.stringify(fake.sheets.map((s) => [s.name, [...s.cells.entries()]]))).toBe(before);
  });

  it("keeps the metadata of the sheets it does not rebuild", async () => {
    const { fake } = await generate(BUILTIN_PACK, ["和平区"]);
    await generate(BUILTIN_PACK, ["河西区"], fake);
    const grid = await readWorkbookGrid(fake.context);
    expect([...readMetadata(grid).keys()].sort()).toEqual(["和平区", "河西区"].sort());
    expect(validateWorkbook(grid, BUILTIN_PACK).filter((f) => f.severity === "error")).toEqual([]);
  });

  it("lists the planned sheets that exist already, as Excel compares names", async () => {
    const fake = new FakeExcel(["Sheet1", "heping"]);
    expect(await findExistingSheets(fake.context, ["Heping", "Hexi", META_SHEET])).toEqual([
      "Heping",
    ]);
  });
});

describe("readWorkbookGrid", () => {
  it("reads only the CTMM sheets: a large data sheet beside them costs nothing", async () => {
    const { fake } = await generate(BUILTIN_PACK, ["和平区"]);
    fake.context.workbook.worksheets.add("Data");
    await fake.context.sync();
    const values = Array.from({ length: 2000 }, (_, r) =>
      Array.from({ length: 50 }, (_, c) => r * 50 + c),
    );
    const range = fake.context.workbook.worksheets
      .getItem("Data")
      .getRange(`A1:${address(1999, 49)}`);
    range.values = values;
    await fake.context.sync();
    const before = fake.requests.length;
    const grid = await readWorkbookGrid(fake.context);
    expect(grid.sheets.map((s) => s.name).sort()).toEqual(["和平区", META_SHEET].sort());
    const response = fake.requests.slice(before).reduce((sum, r) => sum + r.responseBytes, 0);
    expect(response).toBeLessThan(1_000_000);
  });

  it("reads only the active sheet when asked", async () => {
    const { fake } = await generate(BUILTIN_PACK, ["和平区", "河西区"]);
    fake.active = fake.sheet("河西区");
    const grid = await readWorkbookGrid(fake.context, { sheets: "active" });
    expect(readAssessments(grid).map((a) => a.sheet)).toEqual(["河西区"]);
  });
});

describe("the live summary", () => {
  it("recalculates in LibreOffice to the engine's levels of every district", async () => {
    const districts = ["和平区", "河西区", "南开区"];
    const planned = plan(BUILTIN_PACK, districts);
    const summary = planDistrictSummary(BUILTIN_PACK, planned.sheets, "zh-CN", "汇总");
    const fake = new FakeExcel();
    await generateAssessments(fake.context, planned, BUILTIN_PACK, [summary]);
    const random = seededRandom(5);
    const inputs = planned.sheets.map((sheet) => {
      const ratings = new Map<string, unknown[]>();
      const ids = sheet.plan.names.find((n) => n.name === "CTMM_ItemIds")!.range;
      for (let row = ids.top; row <= ids.bottom; row++) {
        const id = String(fake.sheet(sheet.plan.name).cells.get(cellKey(row, ids.left))!.value);
        const values = randomRow(random, "full", "zh-CN", 2 + (row % 3));
        sheet.layout.ratingColumns.forEach((column, i) =>
          fake.type(sheet.plan.name, address(row, column), values[i]),
        );
        ratings.set(id, values);
      }
      return { mode: "full" as const, ratings };
    });
    const grid = readXlsx(await recalculate(writeXlsx(exportWorkbookPlan(fake))));
    const sheet = grid.sheets.find((s) => s.name === "汇总")!;
    inputs.forEach((input, i) => {
      const expected = assess(BUILTIN_PACK, input);
      const at = (column: number) => sheet.cells.get(cellKey(3 + i, column))?.value;
      expect(at(0)).toBe(districts[i]);
      expect(at(1)).toBe(expected.overall.result?.level ?? "N/A");
      if (expected.overall.result)
        expect(at(2) as number).toBeCloseTo(expected.overall.result.score, 6);
      expected.domains.forEach((d, k) => {
        if (d.result) expect(at(3 + 2 * k)).toBe(d.result.level);
      });
    });
  }, 120_000);
});

describe("review sheets through the adapter", () => {
  /** A review of one district's return, planned as the pane plans it. */
  const review = (rating: number) => {
    const ratings = new Map(IDS.map((id) => [id, [1, 1, rating, 0, 0]]));
    const planned = planReviewWorkbook(
      BUILTIN_PACK,
      [{ file: "和平区.xlsx", sheet: "和平区", mode: "full", entries: { ratings } }],
      [],
      "zh-CN",
    );
    const overview = new Set(planned.overview.map((s) => s.name));
    return {
      planned: {
        plan: { sheets: planned.plan.sheets.filter((s) => !overview.has(s.name)) },
        sheets: planned.sheets,
        metadata: planned.metadata,
      },
      overview: planned.overview,
    };
  };
  const IDS = listItems(BUILTIN_PACK).map((p) => p.item.id as string);

  it("rebuilt from a newer return: the return's ratings, the meeting's changes and reasons", async () => {
    const fake = new FakeExcel();
    const first = review(0.5);
    await generateAssessments(fake.context, first.planned, BUILTIN_PACK, first.overview);
    const sheet = first.planned.sheets[0]!;
    const range = (name: string) => sheet.plan.names.find((n) => n.name === name)!.range;
    const reviewed = range(REVIEW_NAMES.reviewedRatings);
    const reasons = range(REVIEW_NAMES.reviewReasons);
    const self = range(SHEET_NAMES.ratings);
    // The meeting changes item 1's level-3 rating and says why.
    const live = fake.context.workbook.worksheets.getItem("和平区");
    live.protection.unprotect();
    live.getRange(address(reviewed.top, reviewed.left + 2)).values = [[1]];
    live.getRange(address(reasons.top, reasons.left)).values = [["佐证充分"]];
    await fake.context.sync();

    const second = review(0.8);
    await generateAssessments(fake.context, second.planned, BUILTIN_PACK, second.overview);
    const cells = fake.sheet("和平区").cells;
    const value = (row: number, column: number) => cells.get(cellKey(row, column))?.value;
    expect(value(self.top, self.left + 2)).toBe(0.8); // the newer return
    expect(value(reviewed.top, reviewed.left + 2)).toBe(1); // the meeting's change
    expect(value(reasons.top, reasons.left)).toBe("佐证充分");
    // Unchanged by the meeting: follows the newer return.
    expect(value(reviewed.top + 1, reviewed.left + 2)).toBe(0.8);
    expect(fake.sheet("复核汇总").cells.size).toBeGreaterThan(0);
  });
});
