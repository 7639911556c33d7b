import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";
import type { AssessmentMode, Language } from "../../src/model";
import { assess, BUILTIN_PACK, listItems } from "../../src/model";
import { cellKey } from "../../src/sheet/grid";
import type { WorkbookGrid } from "../../src/sheet/grid";
import type { WorkbookPlan } from "../../src/sheet/plan";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { findName, readAssessments } from "../../src/sheet/readAssessment";
import { SHEET_TEXT } from "../../src/sheet/sheetText";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { withCachedValues } from "../../src/sheet/cachedValues";
import { compareSheet } from "../helpers/compareSheet";
import { compareFormulaCells } from "../helpers/formulaCells";
import { recalculateManyWithGnumeric } from "../helpers/gnumeric";
import { fillSheet, randomRow, seededRandom } from "../helpers/fill";
import { recalculateMany } from "../helpers/libreoffice";

// The acceptance test of the workbook's native formulas: every template, 20 seeded random fills
// each (one sheet per fill), recalculated by headless LibreOffice Calc and by Gnumeric, compared
// with the engine: the named results, and every formula cell against the value we wrote. No
// engine bug is left to list: the ones found (Gnumeric's ABS inside SUMPRODUCT, its names on a
// sheet called O'Brien, TRIM and `=` on special spaces) are avoided by the formulas.
const TEMPLATES: [Language, AssessmentMode][] = [
  ["zh-CN", "full"],
  ["zh-CN", "quick"],
  ["en-US", "full"],
  ["en-US", "quick"],
];
const FILLS = 20;
const ITEM_IDS = listItems(BUILTIN_PACK).map((p) => p.item.id as string);

interface Generated {
  language: Language;
  mode: AssessmentMode;
  /** As we wrote it, with the values the engine gives every formula cell. */
  written: WorkbookGrid;
  recalculated: WorkbookGrid;
  gnumeric: WorkbookGrid;
  /** The recalculated file on disk, for `ctmm score`. */
  file: string;
}

let generated: Generated[] = [];
let written: Uint8Array[] = [];

beforeAll(async () => {
  const plans: { language: Language; mode: AssessmentMode; plan: WorkbookPlan }[] = [];
  TEMPLATES.forEach(([language, mode], t) => {
    const districts = Array.from({ length: FILLS }, (_, i) => `Fill ${i + 1}`);
    const workbook = planWorkbook(BUILTIN_PACK, {
      language,
      mode,
      formulaStyle: "portable",
      districts,
    });
    let plan = workbook.plan;
    workbook.sheets.forEach((sheet, i) => {
      const random = seededRandom(1000 * t + i);
      // Fills aim at every level in turn; every seventh leaves domain 5 entirely N/A.
      const target = i % 6;
      const rows = new Map(ITEM_IDS.map((id) => [id, randomRow(random, mode, language, target)]));
      if (i % 7 === 3) for (const id of ["5.1.1", "5.1.2"]) rows.set(id, ["N/A"]);
      plan = fillSheet(plan, sheet, rows);
    });
    plans.push({ language, mode, plan });
  });
  written = plans.map((p) => writeXlsx(withCachedValues(p.plan, BUILTIN_PACK)));
  const [recalculated, byGnumeric] = await Promise.all([
    recalculateMany(written),
    recalculateManyWithGnumeric(written),
  ]);
  const dir = mkdtempSync(join(tmpdir(), "ctmm-parity-"));
  generated = plans.map((p, i) => {
    const file = join(dir, `${p.language}-${p.mode}.xlsx`);
    writeFileSync(file, recalculated[i]!);
    return {
      language: p.language,
      mode: p.mode,
      written: readXlsx(written[i]!),
      recalculated: readXlsx(recalculated[i]!),
      gnumeric: readXlsx(byGnumeric[i]!),
      file,
    };
  });
}, 300_000);

describe.each(TEMPLATES)("the %s %s template recalculated in LibreOffice", (language, mode) => {
  const na = SHEET_TEXT[language].notApplicable;

  it(`computes every level and score as the engine does, on ${FILLS} random fills`, () => {
    const { recalculated } = generated.find((g) => g.language === language && g.mode === mode)!;
    const sheets = readAssessments(recalculated);
    expect(sheets).toHaveLength(FILLS);
    let compared = 0;
    const levelsSeen = new Set<number | string>();
    for (const read of sheets) {
      const engine = assess(BUILTIN_PACK, read.input);
      for (const d of engine.domains) levelsSeen.add(d.result?.level ?? "N/A");
      const grid = recalculated.sheets.find((s) => s.name === read.sheet)!;
      compared += compareSheet(
        recalculated,
        grid,
        engine,
        na,
        BUILTIN_PACK,
        SHEET_TEXT[language].topLevel,
      );
    }
    // Per fill: 6 domain levels and scores, overall level and score, 7 "why" cells, 37 item levels.
    expect(compared).toBe(FILLS * (6 * 2 + 2 + 7 + 37));
    // The fills reach most levels and N/A domains, not only level 0.
    expect(levelsSeen.size).toBeGreaterThanOrEqual(5);
    expect(levelsSeen.has("N/A")).toBe(true);
  });
});

describe.each(TEMPLATES)("the %s %s template, cell by cell", (language, mode) => {
  it(`carries in every formula cell the value LibreOffice and Gnumeric compute, on ${FILLS} random fills`, () => {
    const found = generated.find((g) => g.language === language && g.mode === mode)!;
    for (const [engine, grid] of [
      ["LibreOffice", found.recalculated],
      ["Gnumeric", found.gnumeric],
    ] as const) {
      const counts = compareFormulaCells(found.written, grid);
      console.log(
        `${language} ${mode}, ${FILLS} fills: ${counts.agree.toLocaleString("en-US")} of ${counts.formulas.toLocaleString("en-US")} formula cells agree with ${engine}`,
      );
      expect([engine, counts.disagree.slice(0, 10)]).toEqual([engine, []]);
      expect(counts.formulas).toBeGreaterThan(FILLS * 400);
    }
  });
});

describe("ctmm score --json on the recalculated files", () => {
  it("gives the numbers LibreOffice computed, for every sheet of every template", async () => {
    const stdout: string[] = [];
    const code = await runCli(["score", ...generated.map((g) => g.file), "--json"], {
      stdout: (t) => stdout.push(t),
      stderr: (t) => stdout.push(`stderr: ${t}`),
    });
    expect(code).toBe(0);
    const scored = JSON.parse(stdout.join("\n")) as {
      file: string;
      sheet: string;
      overall: { level: number | null; score: number | null };
      domains: { level: number | null; score: number | null }[];
    }[];
    expect(scored).toHaveLength(TEMPLATES.length * FILLS);
    let compared = 0;
    for (const entry of scored) {
      const { recalculated, language } = generated.find((g) => g.file === entry.file)!;
      const na = SHEET_TEXT[language].notApplicable;
      const cached = (name: string) => {
        const target = findName(recalculated, entry.sheet, name)!.target!;
        const sheet = recalculated.sheets.find((s) => s.name === entry.sheet)!;
        const values = [];
        for (let row = target.top; row <= target.bottom; row++) {
          values.push(sheet.cells.get(cellKey(row, target.left))!.value);
        }
        return values;
      };
      const asSheet = (v: number | null) => (v === null ? na : v);
      expect(entry.domains.map((d) => asSheet(d.level))).toEqual(cached("CTMM_DomainLevels"));
      expect(asSheet(entry.overall.level)).toEqual(cached("CTMM_OverallLevel")[0]);
      const scores = [...entry.domains.map((d) => d.score), entry.overall.score];
      const sheetScores = [...cached("CTMM_DomainScores"), cached("CTMM_OverallScore")[0]];
      scores.forEach((score, i) => {
        if (score === null) expect(sheetScores[i]).toBe(na);
        else expect(Math.abs(score - (sheetScores[i] as number))).toBeLessThan(1e-6);
        compared++;
      });
    }
    expect(compared).toBe(TEMPLATES.length * FILLS * 7);
  });
});
