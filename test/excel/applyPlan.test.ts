import { applyWorkbookPlan, formulaInput, needsTextPrefix } from "../../src/excel/applyPlan";
import { generateAssessments } from "../../src/excel/generate";
import { readWorkbookGrid } from "../../src/excel/readGrid";
import { assess, BUILTIN_PACK } from "../../src/model";
import { rangeAddress } from "../../src/sheet/a1";
import { fillPlan } from "../../src/sheet/fillPlan";
import type { WorkbookGrid } from "../../src/sheet/grid";
import { cellKey } from "../../src/sheet/grid";
import type { WorkbookOptions } from "../../src/sheet/planWorkbook";
import { META_SHEET } from "../../src/sheet/contract";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { SHEET_NAMES } from "../../src/sheet/contract";
import { readAssessments } from "../../src/sheet/readAssessment";
import { FakeExcel, PropertyNotLoadedError } from "../host/fakeExcel";
import { randomRow, seededRandom } from "../helpers/fill";

const options = (districts: string[]): WorkbookOptions => ({
  language: "zh-CN",
  mode: "full",
  formulaStyle: "portable",
  districts,
});

const districts = (n: number) => Array.from({ length: n }, (_, i) => `区${i + 1}`);

async function generate(names: string[], host = new FakeExcel()) {
  const planned = planWorkbook(BUILTIN_PACK, options(names));
  const before = host.syncCount;
  const result = await applyWorkbookPlan(host.context, planned.plan);
  return { host, planned, result, syncs: host.syncCount - before };
}

async function readBack(host: FakeExcel): Promise<{ grid: WorkbookGrid; syncs: number }> {
  const before = host.syncCount;
  const grid = await readWorkbookGrid(host.context);
  return { grid, syncs: host.syncCount - before };
}

describe("applyWorkbookPlan through the fake Excel host", () => {
  it("writes a sheet in one batch and 20 in a few, never a request over 5 MB; reads in constant syncs", async () => {
    const one = await generate(districts(1));
    const twenty = await generate(districts(20));
    // One sync to list the sheets, then one per batch.
    expect(one.result.batches).toBe(1);
    expect(one.syncs).toBe(2);
    expect(one.result.syncs).toBe(one.syncs);
    expect(twenty.syncs).toBe(1 + twenty.result.batches);
    expect(twenty.result.batches).toBeLessThanOrEqual(3);
    expect(twenty.host.largestRequestBytes).toBeLessThan(5_000_000);
    expect(twenty.host.sheets.map((s) => s.name)).toEqual(
      expect.arrayContaining([...districts(20), META_SHEET]),
    );
    const readOne = await readBack(one.host);
    const readTwenty = await readBack(twenty.host);
    // Sheets and names, every sheet's names and used range, then the cells in batches.
    expect(readOne.syncs).toBe(3);
    expect(readTwenty.syncs).toBeLessThanOrEqual(4);
    expect(Math.max(...twenty.host.requests.map((r) => r.responseBytes))).toBeLessThan(5_000_000);
  });

  it("writes cells, formulas, names, unlocked inputs, protection and validation", async () => {
    const { host, planned } = await generate(["和平区"]);
    const { grid } = await readBack(host);
    const sheetPlan = planned.plan.sheets[0]!;
    const sheet = grid.sheets.find((s) => s.name === "和平区")!;
    expect(sheet.protected).toBe(true);
    for (const cell of sheetPlan.cells) {
      const read = sheet.cells.get(cellKey(cell.row, cell.column));
      const where = `${sheetPlan.name}!${rangeAddress({ top: cell.row, left: cell.column, bottom: cell.row, right: cell.column })}`;
      if (cell.formula !== undefined) {
        expect({ where, formula: read?.formula }).toEqual({ where, formula: cell.formula });
      } else if (cell.value !== null && cell.value !== undefined && cell.value !== "") {
        expect({ where, value: read?.value, formula: read?.formula }).toEqual({
          where,
          value: cell.value,
          formula: undefined,
        });
      }
      expect({ where, locked: read?.locked ?? true }).toEqual({
        where,
        locked: cell.style?.locked !== false,
      });
    }
    // Every planned name, sheet-scoped, pointing at its planned block.
    for (const name of sheetPlan.names) {
      const read = grid.names.find((n) => n.name === name.name && n.scope === "和平区");
      expect(read?.target).toEqual({ sheet: "和平区", ...name.range });
    }
    // A drop-down on every rating cell.
    const ratings = sheetPlan.names.find((n) => n.name === SHEET_NAMES.ratings)!.range;
    const fakeSheet = host.sheet("和平区");
    for (let row = ratings.top; row <= ratings.bottom; row++) {
      for (let column = ratings.left; column <= ratings.right; column++) {
        const validation = fakeSheet.validations.find(
          (v) =>
            v.area.top <= row &&
            row <= v.area.bottom &&
            v.area.left <= column &&
            column <= v.area.right,
        );
        expect(validation?.settings["rule"]).toMatchObject({
          list: { inCellDropDown: true, source: expect.stringContaining(",") },
        });
      }
    }
    expect(fakeSheet.conditionalFormats.length).toBe(sheetPlan.conditionalFormats.length);
    expect(fakeSheet.conditionalFormats[0]?.settings["custom.rule.formula"]).toMatch(/^=/);
    expect(fakeSheet.freeze).toEqual(sheetPlan.freeze ?? null);
    for (const column of sheetPlan.columns.filter((c) => c.hidden))
      expect(fakeSheet.hiddenColumns.has(column.index)).toBe(true);
    // The metadata sheet is very hidden and holds the fingerprint as text.
    const meta = grid.sheets.find((s) => s.name === META_SHEET)!;
    expect(meta.visibility).toBe("veryHidden");
    expect(meta.cells.get(cellKey(1, 0))?.value).toBe("和平区");
    expect(host.active?.name).toBe("和平区");
  });

  it("stores formula-like text as text, never as a formula", async () => {
    const district = '=HYPERLINK("http://x.example","x")';
    const planned = planWorkbook(BUILTIN_PACK, { ...options([district]), assessor: "-1" });
    const sheet = planned.sheets[0]!;
    const firstId = BUILTIN_PACK.domains[0]!.subdomains[0]!.items[0]!.id;
    const filled = fillPlan(planned.plan, sheet, {
      ratings: new Map([[firstId, [1, 0.8, "@x", null, null]]]),
      evidence: new Map([[firstId, "+1"]]),
      header: { date: "2024-05-01" },
    });
    const host = new FakeExcel();
    await applyWorkbookPlan(host.context, filled);
    const { grid } = await readBack(host);
    const [read] = readAssessments(grid);
    expect(read!.district).toBe(district);
    expect(read!.assessor).toBe("-1");
    expect(read!.date).toBe("2024-05-01");
    expect(read!.evidence.get(firstId)).toBe("+1");
    expect(read!.input.ratings.get(firstId)).toEqual([1, 0.8, "@x", null, null]);
    const sheetGrid = grid.sheets.find((s) => s.name === sheet.plan.name)!;
    const district_ = sheet.plan.names.find((n) => n.name === SHEET_NAMES.district)!.range;
    expect(sheetGrid.cells.get(cellKey(district_.top, district_.left))?.formula).toBeUndefined();
  });

  it("keeps every rating, evidence note and header field when regenerating", async () => {
    const { host, planned } = await generate(["和平区", "河西区"]);
    const random = seededRandom(7);
    const ids = planned.sheets[0]!.layout.firstItemRow; // the item rows start here
    expect(ids).toBeGreaterThan(0);
    // An assessor fills the first sheet as a user would, through the fake's typing.
    const sheet = planned.sheets[0]!;
    const range = (name: string) => sheet.plan.names.find((n) => n.name === name)!.range;
    const ratings = range(SHEET_NAMES.ratings);
    const evidence = range(SHEET_NAMES.evidence);
    const fake = host.sheet("和平区");
    fake.protected = false;
    const expected = new Map<number, unknown[]>();
    for (let row = ratings.top; row <= ratings.bottom; row++) {
      const values = randomRow(random, "full", "zh-CN");
      values.forEach((v, i) =>
        host.type(
          "和平区",
          rangeAddress({ top: row, left: ratings.left + i, bottom: row, right: ratings.left + i }),
          v,
        ),
      );
      host.type(
        "和平区",
        rangeAddress({ top: row, left: evidence.left, bottom: row, right: evidence.left }),
        `'=note ${row}`,
      );
      expected.set(row, values);
    }
    for (const [name, value] of [
      [SHEET_NAMES.district, "'和平区（复核）"],
      [SHEET_NAMES.date, "'2024/05/01"],
      [SHEET_NAMES.assessor, "'+张三"],
    ] as const) {
      const r = range(name);
      host.type("和平区", rangeAddress(r), value);
    }
    fake.protected = true;
    const before = (await readBack(host)).grid;
    const [entered] = readAssessments(before);

    const again = planWorkbook(BUILTIN_PACK, options(["和平区", "河西区"]));
    const syncsBefore = host.syncCount;
    const result = await generateAssessments(host.context, again, BUILTIN_PACK);
    expect(host.syncCount - syncsBefore).toBe(3);
    expect(result.syncs).toBe(3);
    expect(result.replaced).toEqual(["和平区", "河西区", META_SHEET]);
    expect(result.kept).toEqual(["和平区", "河西区"]);
    expect(host.sheets.filter((s) => s.name.startsWith("~ctmm"))).toEqual([]);

    const after = (await readBack(host)).grid;
    const [kept] = readAssessments(after);
    expect(kept!.district).toBe("和平区（复核）");
    expect(kept!.date).toBe("2024/05/01");
    expect(kept!.assessor).toBe("+张三");
    expect(kept!.input).toEqual(entered!.input);
    expect(kept!.evidence).toEqual(entered!.evidence);
    expect(kept!.evidence.size).toBe(ratings.bottom - ratings.top + 1);
    expect(after.sheets.find((s) => s.name === "和平区")!.protected).toBe(true);
  });

  it("gives the engine the same assessment from the live sheet as from the plan's inputs", async () => {
    const planned = planWorkbook(BUILTIN_PACK, options(["和平区"]));
    const random = seededRandom(11);
    const rows = new Map(
      BUILTIN_PACK.domains.flatMap((d) =>
        d.subdomains.flatMap((s) => s.items.map((i) => [i.id, randomRow(random, "full", "zh-CN")])),
      ),
    );
    const filled = fillPlan(planned.plan, planned.sheets[0]!, { ratings: rows });
    const host = new FakeExcel();
    await applyWorkbookPlan(host.context, filled);
    const [read] = readAssessments((await readBack(host)).grid);
    expect(assess(BUILTIN_PACK, read!.input)).toEqual(
      assess(BUILTIN_PACK, { mode: "full", ratings: rows }),
    );
  });

  it("replaces the only sheet of a workbook (the old one goes after the new ones exist)", async () => {
    const host = new FakeExcel(["和平区"]);
    await generate(["和平区"], host);
    expect(host.sheets.map((s) => s.name)).toEqual(["和平区", META_SHEET]);
  });
});

describe("the fake host keeps Office JS's rules", () => {
  it("throws on a property read before load and sync", async () => {
    const host = new FakeExcel();
    const worksheets = host.context.workbook.worksheets;
    expect(() => worksheets.items).toThrow(PropertyNotLoadedError);
    worksheets.load("items/name");
    expect(() => worksheets.items).toThrow(PropertyNotLoadedError);
    await host.context.sync();
    const [sheet] = worksheets.items;
    expect(sheet!.name).toBe("Sheet1");
    expect(() => sheet!.visibility).toThrow(PropertyNotLoadedError);
    const range = sheet!.getRange("A1:B2");
    range.values = [
      [1, "x"],
      ["=A1*2", "'+1"],
    ];
    expect(() => range.values).toThrow(PropertyNotLoadedError);
    range.load("values,formulas");
    await host.context.sync();
    expect(range.formulas).toEqual([
      [1, "x"],
      ["=A1*2", "+1"],
    ]);
    expect(() => range.format.fill.color).toThrow(PropertyNotLoadedError);
    expect(host.syncCount).toBe(2);
  });

  it("parses unquoted formula-like text as Excel does, and refuses writes to protected sheets", async () => {
    const host = new FakeExcel();
    const sheet = host.context.workbook.worksheets.getItem("Sheet1");
    const range = sheet.getRange("A1:C1");
    range.formulas = [["+1", "=1+1", "2024-05-01"]];
    range.load("formulas");
    await host.context.sync();
    expect(range.formulas[0]).toEqual([1, "=1+1", 45413]);
    sheet.protection.protect();
    sheet.getRange("A1").values = [[2]];
    await expect(host.context.sync()).rejects.toThrow(/protected/);
  });
});

describe("formulaInput", () => {
  it.each([
    ["=SUM(A1)", "'=SUM(A1)"],
    ["+1", "'+1"],
    ["-x", "'-x"],
    ["@x", "'@x"],
    ["2024-05-01", "'2024-05-01"],
    ["TRUE", "'TRUE"],
    ["#N/A", "'#N/A"],
    ["'quoted", "''quoted"],
    ["和平区", "和平区"],
    ["完全满足", "完全满足"],
    ["N/A", "N/A"],
  ])("writes the text %s as %s", (text, written) => {
    expect(formulaInput({ row: 0, column: 0, value: text })).toBe(written);
    expect(needsTextPrefix(text)).toBe(written !== text);
  });

  it("writes formulas with '=' and numbers as numbers", () => {
    expect(formulaInput({ row: 0, column: 0, formula: "A1*2" })).toBe("=A1*2");
    expect(formulaInput({ row: 0, column: 0, value: 0.8 })).toBe(0.8);
    expect(formulaInput({ row: 0, column: 0, value: null })).toBe("");
  });
});
