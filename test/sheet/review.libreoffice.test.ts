/**
 * The review meeting's round trip (issue 9's acceptance): `ctmm review` builds the workbook from
 * five filled returns (and two it must leave out); openpyxl, standing in for a reviewer, changes
 * six reviewed ratings on two district sheets; LibreOffice recalculates; every self-assessed and
 * reviewed level and score on the district sheets, the summary, the item spread and the changes
 * sheet then equal the engine's on the changed ratings.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Assessment, AssessmentMode, LevelResult } from "../../src/model";
import { assess, BUILTIN_PACK, listItems } from "../../src/model";
import { address } from "../../src/sheet/a1";
import { REVIEW_NAMES, REVIEW_SUMMARY_NAMES, SHEET_NAMES } from "../../src/sheet/contract";
import type { GridCell, WorkbookGrid } from "../../src/sheet/grid";
import { cellKey } from "../../src/sheet/grid";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { findName } from "../../src/sheet/readAssessment";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { ctmm } from "../helpers/cli";
import { fillSheet, randomRow, seededRandom } from "../helpers/fill";
import { compareFormulaCells } from "../helpers/formulaCells";
import { recalculateWithGnumeric } from "../helpers/gnumeric";
import { recalculate } from "../helpers/libreoffice";

const PACK = BUILTIN_PACK;
const IDS = listItems(PACK).map((p) => p.item.id as string);
const NA = "不适用";
const PYTHON = "/usr/bin/python3"; // Debian's, with python3-openpyxl

interface Return {
  district: string;
  mode: AssessmentMode;
  ratings: Map<string, unknown[]>;
}

const KNOWN: Record<string, Record<string, unknown[]>> = {
  和平区: {
    "1.1.1": [1, 1, 1, 0.8, 0.5],
    "2.1.1": ["全部满足", "全部满足", "大部分满足", "部分满足", "不满足"],
    "3.1.1": [1, 0.8, 0.5, 0, 0],
  },
  红桥区: { "1.1.2": [2], "2.2.1": ["三级（协同级）"], "4.1.1": [NA] },
};

const RETURNS: Return[] = [
  ["和平区", "full"],
  ["河西 区", "full"],
  ["南开区", "full"],
  ["O'Brien", "full"],
  ["红桥区", "quick"],
].map(([district, mode], r) => {
  const random = seededRandom(900 + r);
  const ratings = new Map(
    IDS.map((id) => [id, randomRow(random, mode as AssessmentMode, "zh-CN", r + 1)]),
  );
  // The rows the reviewers edit start from known ratings, so that every edit is a change.
  for (const [id, row] of Object.entries(KNOWN[district!] ?? {})) ratings.set(id, row);
  return { district: district!, mode: mode as AssessmentMode, ratings };
});

/** Six edits on two district sheets: labels, a number, N/A and back, as reviewers type them. */
const EDITS: { district: string; item: string; level: number; value: string | number }[] = [
  { district: "和平区", item: "1.1.1", level: 1, value: "不满足" },
  { district: "和平区", item: "2.1.1", level: 2, value: 0.5 },
  { district: "和平区", item: "3.1.1", level: 1, value: NA },
  { district: "红桥区", item: "1.1.2", level: 1, value: 5 },
  { district: "红桥区", item: "2.2.1", level: 1, value: 0 },
  { district: "红桥区", item: "4.1.1", level: 1, value: "三级（协同级）" },
];

let dir: string;
let grid: WorkbookGrid;
let gnumericGrid: WorkbookGrid;
let hashesBefore: string[];
let inputs: string[];
let exitCode: number;

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ctmm-review-"));
  inputs = RETURNS.map((r) => {
    const planned = planWorkbook(PACK, {
      language: "zh-CN",
      mode: r.mode,
      formulaStyle: "portable",
      districts: [r.district],
    });
    const file = join(dir, `${r.district}.xlsx`);
    writeFileSync(file, writeXlsx(fillSheet(planned.plan, planned.sheets[0]!, r.ratings)));
    return file;
  });
  // Two returns the review leaves out: a tampered formula, and not a workbook at all.
  const tampered = planWorkbook(PACK, {
    language: "zh-CN",
    mode: "full",
    formulaStyle: "portable",
    districts: ["篡改区"],
  });
  const sheet = tampered.plan.sheets[0]!;
  const level = tampered.sheets[0]!.layout;
  const tamperedPlan = {
    ...tampered.plan,
    sheets: [
      {
        ...sheet,
        cells: sheet.cells.map((c) =>
          c.row === level.overallRow && c.column === level.levelColumn
            ? { row: c.row, column: c.column, value: 5 }
            : c,
        ),
      },
      ...tampered.plan.sheets.slice(1),
    ],
  };
  inputs.push(join(dir, "篡改区.xlsx"), join(dir, "notes.xlsx"));
  writeFileSync(inputs[5]!, writeXlsx(tamperedPlan));
  writeFileSync(inputs[6]!, "not a workbook");
  hashesBefore = inputs.map(sha);

  const out = join(dir, "review.xlsx");
  const result = await ctmm("review", ...inputs, "--out", out);
  exitCode = result.code;

  // A reviewer's edits, made by another program (openpyxl), to the names' cells.
  const built = readXlsx(readFileSync(out));
  const edits = EDITS.map((e) => {
    const target = findName(built, e.district, REVIEW_NAMES.reviewedRatings)!.target!;
    const row = target.top + IDS.indexOf(e.item);
    const reasons = findName(built, e.district, REVIEW_NAMES.reviewReasons)!.target!;
    return {
      sheet: e.district,
      cell: address(row, target.left + e.level - 1),
      value: e.value,
      reasonCell: address(row, reasons.left),
      reason: `复核：${e.item} 按佐证调整`,
    };
  });
  const edited = join(dir, "edited.xlsx");
  const script = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for e in json.loads(sys.argv[3]):
    ws = wb[e["sheet"]]
    ws[e["cell"]] = e["value"]
    ws[e["reasonCell"]] = e["reason"]
wb.save(sys.argv[2])
`;
  const python = spawnSync(PYTHON, ["-c", script, out, edited, JSON.stringify(edits)], {
    encoding: "utf8",
  });
  if (python.status !== 0) throw new Error(`openpyxl failed: ${python.stderr}`);
  const [office, gnumeric] = await Promise.all([
    recalculate(readFileSync(edited)),
    recalculateWithGnumeric(readFileSync(edited)),
  ]);
  grid = readXlsx(office);
  gnumericGrid = readXlsx(gnumeric);
}, 240_000);

it("LibreOffice and Gnumeric agree on every formula cell of the edited review workbook", () => {
  const counts = compareFormulaCells(grid, gnumericGrid);
  console.log(
    `review workbook: ${counts.agree} of ${counts.formulas} formula cells agree (LibreOffice, Gnumeric)`,
  );
  expect(counts.disagree).toEqual([]);
  expect(counts.formulas).toBeGreaterThan(2000);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The ratings after the edits, as the engine takes them. */
function reviewed(r: Return): Map<string, unknown[]> {
  const ratings = new Map([...r.ratings].map(([id, row]) => [id, [...row]]));
  for (const e of EDITS.filter((x) => x.district === r.district)) {
    const row = ratings.get(e.item)!;
    while (row.length < (r.mode === "full" ? 5 : 1)) row.push(null);
    row[e.level - 1] = e.value;
  }
  return ratings;
}

const engine = (r: Return, ratings: Map<string, unknown[]>): Assessment =>
  assess(PACK, { mode: r.mode, ratings });

function named(sheet: string, name: string): GridCell["value"][] {
  const target = findName(grid, sheet, name)?.target;
  if (!target) throw new Error(`${sheet} has no ${name}`);
  const cells = grid.sheets.find((s) => s.name === target.sheet)!.cells;
  const values: GridCell["value"][] = [];
  for (let row = target.top; row <= target.bottom; row++)
    for (let column = target.left; column <= target.right; column++)
      values.push(cells.get(cellKey(row, column))?.value ?? null);
  return values;
}

const level = (r: LevelResult | null) => (r ? r.level : NA);

/** A district's sheet: its name, an apostrophe written ’ (see uniqueSheetNames). */
const sheetOf = (district: string) => district.replace(/'/g, "’");

function expectScores(
  actual: GridCell["value"][],
  expected: (LevelResult | null)[],
  where: string,
) {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((result, i) => {
    if (result === null) expect([where, i, actual[i]]).toEqual([where, i, NA]);
    else
      expect([where, i, Math.abs((actual[i] as number) - result.score) < 1e-6]).toEqual([
        where,
        i,
        true,
      ]);
  });
}

function cellsOf(sheet: string): (row: number, column: number) => GridCell["value"] {
  const cells = grid.sheets.find((s) => s.name === sheet)!.cells;
  return (row, column) => cells.get(cellKey(row, column))?.value ?? null;
}

describe("the review workbook after six reviewed ratings are changed", () => {
  it("left the inputs unchanged and listed the two returns it left out", () => {
    expect(inputs.map(sha)).toEqual(hashesBefore);
    expect(exitCode).toBe(1);
    const summary = cellsOf("复核汇总");
    const texts = [...grid.sheets.find((s) => s.name === "复核汇总")!.cells.values()].map((c) =>
      String(c.value ?? ""),
    );
    expect(texts.some((t) => t.endsWith("篡改区.xlsx"))).toBe(true);
    expect(texts.some((t) => t.endsWith("notes.xlsx"))).toBe(true);
    expect(texts.some((t) => /公式被修改|锁定单元格被修改/.test(t))).toBe(true);
    expect(summary(0, 0)).toMatch(/复核汇总/);
  });

  it("district sheets: self-assessed results as returned, reviewed results as edited", () => {
    let compared = 0;
    for (const r of RETURNS) {
      const self = engine(r, r.ratings);
      const mine = engine(r, reviewed(r));
      expect(named(sheetOf(r.district), SHEET_NAMES.domainLevels)).toEqual(
        self.domains.map((d) => level(d.result)),
      );
      expectScores(
        named(sheetOf(r.district), SHEET_NAMES.domainScores),
        self.domains.map((d) => d.result),
        `${r.district} self`,
      );
      expect(named(sheetOf(r.district), SHEET_NAMES.overallLevel)).toEqual([
        level(self.overall.result),
      ]);
      expect(named(sheetOf(r.district), REVIEW_NAMES.reviewedDomainLevels)).toEqual(
        mine.domains.map((d) => level(d.result)),
      );
      expectScores(
        named(sheetOf(r.district), REVIEW_NAMES.reviewedDomainScores),
        mine.domains.map((d) => d.result),
        `${r.district} reviewed`,
      );
      expect(named(sheetOf(r.district), REVIEW_NAMES.reviewedOverallLevel)).toEqual([
        level(mine.overall.result),
      ]);
      expectScores(
        named(sheetOf(r.district), REVIEW_NAMES.reviewedOverallScore),
        [mine.overall.result],
        `${r.district} reviewed overall`,
      );
      expect(named(sheetOf(r.district), REVIEW_NAMES.reviewedItemLevels)).toEqual(
        mine.items.map((i) => level(i.result)),
      );
      compared++;
    }
    expect(compared).toBe(5);
    // The edits changed something the meeting can see.
    const heping = RETURNS[0]!;
    expect(engine(heping, reviewed(heping)).items.map((i) => level(i.result))).not.toEqual(
      engine(heping, heping.ratings).items.map((i) => level(i.result)),
    );
  });

  it("summary: a row per district, self and reviewed, with the change", () => {
    const cell = cellsOf("复核汇总");
    const districts = named("复核汇总", REVIEW_SUMMARY_NAMES.districts);
    expect(districts).toEqual(RETURNS.map((r) => r.district));
    const levels = named("复核汇总", REVIEW_SUMMARY_NAMES.overallLevels);
    const scores = named("复核汇总", REVIEW_SUMMARY_NAMES.overallScores);
    const first = findName(grid, "复核汇总", REVIEW_SUMMARY_NAMES.districts)!.target!.top;
    RETURNS.forEach((r, i) => {
      const self = engine(r, r.ratings);
      const mine = engine(r, reviewed(r));
      expect(levels[i]).toEqual(level(mine.overall.result));
      expectScores([scores[i]!], [mine.overall.result], `${r.district} summary score`);
      const row = first + i;
      const groups = [self.overall, ...self.domains].map(
        (s, g) => [s, [mine.overall, ...mine.domains][g]!] as const,
      );
      groups.forEach(([s, m], g) => {
        const c = 1 + 5 * g;
        expect([r.district, g, cell(row, c), cell(row, c + 2)]).toEqual([
          r.district,
          g,
          level(s.result),
          level(m.result),
        ]);
        const change = s.result && m.result ? m.result.level - s.result.level : "";
        expect([r.district, g, cell(row, c + 4)]).toEqual([r.district, g, change]);
      });
    });
  });

  it("item spread: each item's reviewed level per district, lowest, highest, below level 2", () => {
    const cell = cellsOf("能力项分布");
    const reviewedLevels = RETURNS.map((r) =>
      engine(r, reviewed(r)).items.map((i) => level(i.result)),
    );
    IDS.forEach((id, i) => {
      const row = 3 + i;
      expect(cell(row, 0)).toBe(id);
      const levels: (number | string)[] = reviewedLevels.map((l) => l[i]!);
      expect(RETURNS.map((_, d) => cell(row, 2 + d))).toEqual(levels);
      const numbers = levels.filter((l): l is number => typeof l === "number");
      const stats = 2 + RETURNS.length;
      expect([id, cell(row, stats), cell(row, stats + 1), cell(row, stats + 2)]).toEqual([
        id,
        numbers.length ? Math.min(...numbers) : NA,
        numbers.length ? Math.max(...numbers) : NA,
        numbers.filter((l) => l < 2).length,
      ]);
    });
  });

  it("changes: every item whose reviewed rating differs, with its reason", () => {
    const cell = cellsOf("复核调整");
    // A change is a different value (or N/A on one side only), not a different spelling.
    const expected = RETURNS.flatMap((r) => {
      const before = engine(r, r.ratings).items;
      const after = engine(r, reviewed(r)).items;
      return IDS.flatMap((id, i) => {
        const a = before[i]!;
        const b = after[i]!;
        const differs =
          a.applicable !== b.applicable ||
          JSON.stringify(a.result?.levelScores) !== JSON.stringify(b.result?.levelScores);
        return differs ? [[r.district, id]] : [];
      });
    });
    expect(expected).toHaveLength(EDITS.length);
    expect(cell(1, 1)).toBe(expected.length);
    const listed: string[][] = [];
    for (let row = 3; cell(row, 0) !== "" && cell(row, 0) !== null; row++) {
      listed.push([String(cell(row, 0)), String(cell(row, 1))]);
      expect(cell(row, 7)).toBe(`复核：${cell(row, 1)} 按佐证调整`);
    }
    expect(listed).toEqual(expected);
  });
});
