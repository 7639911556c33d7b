import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";
import type { AssessmentMode, Language } from "../../src/model";
import { BUILTIN_PACK } from "../../src/model";
import type { WorkbookGrid } from "../../src/sheet/grid";
import type { WorkbookPlan } from "../../src/sheet/plan";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { scoreSheet } from "../../src/sheet/scoreSheet";
import { SHEET_TEXT } from "../../src/sheet/sheetText";
import { validateWorkbook } from "../../src/sheet/validateWorkbook";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { compareSheet } from "../helpers/compareSheet";
import { compareFormulaCells } from "../helpers/formulaCells";
import { fillSheet, randomRow, seededRandom } from "../helpers/fill";
import { recalculateManyWithGnumeric } from "../helpers/gnumeric";
import { recalculateMany } from "../helpers/libreoffice";
import { pastedRows, textRows } from "../helpers/pasted";

// SPEC §3.1, one rating rule: ratings as districts paste them (text, padded, full-width, special
// spaces, logical values, off the scale) mean the same to the engine, `ctmm`, LibreOffice and
// Gnumeric. Every template, four sheets each: all text, two cycles of pasted values, a clean fill.
const TEMPLATES: [Language, AssessmentMode][] = [
  ["zh-CN", "full"],
  ["zh-CN", "quick"],
  ["en-US", "full"],
  ["en-US", "quick"],
];
const SHEETS = ["Text", "Pasted A", "Pasted B", "Clean"];

interface Built {
  readonly language: Language;
  readonly mode: AssessmentMode;
  readonly own: WorkbookGrid;
  readonly engines: readonly { readonly name: string; readonly grid: WorkbookGrid }[];
  readonly file: string;
}
let built: Built[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "ctmm-rule-"));
  const plans = TEMPLATES.map(([language, mode], t) => {
    const workbook = planWorkbook(BUILTIN_PACK, {
      language,
      mode,
      formulaStyle: "portable",
      districts: SHEETS,
    });
    const [text, pastedA, pastedB, clean] = workbook.sheets;
    let plan: WorkbookPlan = fillSheet(workbook.plan, text!, textRows(mode));
    plan = fillSheet(plan, pastedA!, pastedRows(mode, language));
    plan = fillSheet(plan, pastedB!, pastedRows(mode, language, 7));
    const random = seededRandom(77 + t);
    plan = fillSheet(
      plan,
      clean!,
      new Map([...textRows(mode).keys()].map((id) => [id, randomRow(random, mode, language, 3)])),
    );
    return writeXlsx(plan);
  });
  const [office, gnumeric] = await Promise.all([
    recalculateMany(plans),
    recalculateManyWithGnumeric(plans),
  ]);
  built = TEMPLATES.map(([language, mode], i) => {
    const file = join(dir, `${language}-${mode}.xlsx`);
    writeFileSync(file, plans[i]!);
    return {
      language,
      mode,
      file,
      own: readXlsx(plans[i]!),
      engines: [
        { name: "LibreOffice", grid: readXlsx(office[i]!) },
        { name: "Gnumeric", grid: readXlsx(gnumeric[i]!) },
      ],
    };
  });
}, 600_000);

describe.each(TEMPLATES)("the %s %s template with pasted ratings", (language, mode) => {
  const find = () => built.find((b) => b.language === language && b.mode === mode)!;

  it.each(["LibreOffice", "Gnumeric"])(
    "%s computes every level, score and why as the engine does",
    (engineName) => {
      const { own, engines } = find();
      const { grid } = engines.find((e) => e.name === engineName)!;
      let compared = 0;
      for (const name of SHEETS) {
        const { result } = scoreSheet(own, name, BUILTIN_PACK);
        const sheet = grid.sheets.find((s) => s.name === name)!;
        const text = SHEET_TEXT[language];
        compared += compareSheet(
          grid,
          sheet,
          result,
          text.notApplicable,
          BUILTIN_PACK,
          text.topLevel,
        );
      }
      expect(compared).toBe(SHEETS.length * (6 * 2 + 2 + 7 + 37));
    },
  );

  it("LibreOffice and Gnumeric agree on every formula cell", () => {
    const { engines } = find();
    const counts = compareFormulaCells(engines[0]!.grid, engines[1]!.grid);
    console.log(
      `${language} ${mode}: ${counts.agree} of ${counts.formulas} formula cells agree (LibreOffice, Gnumeric)`,
    );
    expect(counts.disagree).toEqual([]);
    expect(counts.formulas).toBeGreaterThan(1000);
  });

  it("validation names every cell the sheet cannot read, as an error", () => {
    const { own } = find();
    const findings = validateWorkbook(own, BUILTIN_PACK).filter(
      (f) => f.code === "RATING_TEXT" || f.code === "RATING_INVALID",
    );
    for (const name of SHEETS) {
      const { skipped } = scoreSheet(own, name, BUILTIN_PACK);
      const named = findings.filter((f) => f.sheet === name).map((f) => f.cell);
      // Formula-looking text is text, and every unread cell is a finding with its address.
      expect(named.sort()).toEqual(skipped.map((s) => s.cell).sort());
      if (name === "Clean") expect(named).toEqual([]);
      else expect(named.length).toBeGreaterThan(10);
    }
    expect(findings.every((f) => f.severity === "error")).toBe(true);
  });
});

describe("ctmm on a return with pasted ratings", () => {
  it("validate exits 1 naming the cells; score --json gives the levels both engines compute", async () => {
    for (const { file, engines, language, mode } of built) {
      const out: string[] = [];
      const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t) };
      expect(await runCli(["validate", file], io)).toBe(1);
      expect(out.join("\n")).toMatch(/RATING_TEXT/);
      out.length = 0;
      // Scored all the same, and exit 1: the inputs have findings.
      const stdout: string[] = [];
      expect(
        await runCli(["score", file, "--json"], { ...io, stdout: (t) => stdout.push(t) }),
      ).toBe(1);
      expect(out.join("\n")).toMatch(/counted as 0, as the sheet does|与表格一样按 0 计/);
      const scored = JSON.parse(stdout.join("\n")) as {
        sheet: string;
        overall: { level: number | null; score: number | null };
        domains: { level: number | null }[];
        subdomains: { level: number | null }[];
        items: { id: string; level: number | null }[];
      }[];
      expect(scored.map((s) => s.sheet)).toEqual(SHEETS);
      const na = SHEET_TEXT[language].notApplicable;
      for (const { grid } of engines) {
        for (const entry of scored) {
          const results = levelsOnSheet(grid, entry.sheet, mode);
          const asSheet = (level: number | null) => level ?? na;
          expect(entry.items.map((i) => asSheet(i.level))).toEqual(results.items);
          expect(entry.subdomains.map((s) => asSheet(s.level))).toEqual(results.subdomains);
          expect(entry.domains.map((d) => asSheet(d.level))).toEqual(results.domains);
          expect(asSheet(entry.overall.level)).toEqual(results.overall);
        }
      }
    }
  });
});

/** The item, sub-domain, domain and overall levels a recalculated sheet shows. */
function levelsOnSheet(grid: WorkbookGrid, name: string, mode: AssessmentMode) {
  const sheet = grid.sheets.find((s) => s.name === name)!;
  const plan = planWorkbook(BUILTIN_PACK, {
    language: "zh-CN",
    mode,
    formulaStyle: "portable",
    districts: [name],
  }).sheets[0]!;
  const { layout } = plan;
  const at = (row: number, column: number) => sheet.cells.get(`${row},${column}`)?.value ?? null;
  const items = [];
  for (let row = layout.firstItemRow; row <= layout.lastItemRow; row++)
    items.push(at(row, layout.itemLevelColumn));
  return {
    items,
    subdomains: [...layout.subdomainRows.values()].map((row) =>
      at(row, layout.subdomainLevelColumn),
    ),
    domains: [...layout.domainRows.values()].map((row) => at(row, layout.levelColumn)),
    overall: at(layout.overallRow, layout.levelColumn),
  };
}
