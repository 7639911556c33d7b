import type { AssessmentMode, Language } from "../../src/model";
import { BUILTIN_PACK, createRatingParser, listItems } from "../../src/model";
import { address } from "../../src/sheet/a1";
import type { GridCell, SheetGrid, WorkbookGrid } from "../../src/sheet/grid";
import { cellKey } from "../../src/sheet/grid";
import type { SheetPlan, WorkbookPlan } from "../../src/sheet/plan";
import type { AssessmentSheet } from "../../src/sheet/contract";
import { inputCells, META_SHEET } from "../../src/sheet/contract";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { SHEET_TEXT } from "../../src/sheet/sheetText";
import { validateWorkbook } from "../../src/sheet/validateWorkbook";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import type { Scalar } from "../helpers/evaluateAddin";
import { ErrorValue, evaluateAddinSheet } from "../helpers/evaluateAddin";
import { fillSheet, randomRow, seededRandom } from "../helpers/fill";
import { recalculateMany } from "../helpers/libreoffice";

// The add-in formula style against the portable one: the same fills, the portable workbook
// recalculated by LibreOffice, the add-in workbook evaluated by calling the custom functions'
// library (test/helpers/evaluateAddin.ts) — every result cell must agree.
const TEMPLATES: [Language, AssessmentMode][] = [
  ["zh-CN", "full"],
  ["zh-CN", "quick"],
  ["en-US", "full"],
  ["en-US", "quick"],
];
const FILLS = 12;
const ITEM_IDS = listItems(BUILTIN_PACK).map((p) => p.item.id as string);
const SUBDOMAINS = BUILTIN_PACK.domains.flatMap((d) => d.subdomains).length;
const DOMAIN_5_ITEMS = BUILTIN_PACK.domains[4]!.subdomains.flatMap((s) =>
  s.items.map((i) => i.id as string),
);

// Excel 2007's own functions, which need no _xlfn. prefix in a file, and the custom functions.
const ADDIN_FUNCTIONS = new Set([
  "CHOOSE",
  "CTMM.LEVEL",
  "CTMM.LEVELSCORES",
  "CTMM.SCORE",
  "FIXED",
  "IF",
  "INDEX",
  "ISNA",
  "ISNUMBER",
  "ROUNDDOWN",
]);

const plans = (language: Language, mode: AssessmentMode, districts: string[]) => ({
  portable: planWorkbook(BUILTIN_PACK, { language, mode, formulaStyle: "portable", districts }),
  addin: planWorkbook(BUILTIN_PACK, { language, mode, formulaStyle: "addin", districts }),
});

/** The same seeded fill for sheet `i` of template `t`, valid entries only. */
function fillRows(t: number, i: number, mode: AssessmentMode, language: Language) {
  const random = seededRandom(7000 + 100 * t + i);
  const rows = new Map(ITEM_IDS.map((id) => [id, randomRow(random, mode, language, i % 6)]));
  // Corners: everything at the top (level 5), a domain wholly N/A, nothing applicable at all.
  if (i === 0) for (const id of ITEM_IDS) rows.set(id, mode === "full" ? [1, 1, 1, 1, 1] : [5]);
  if (i % 4 === 3) for (const id of DOMAIN_5_ITEMS) rows.set(id, ["N/A"]);
  if (i === FILLS - 1) for (const id of ITEM_IDS) rows.set(id, ["N/A"]);
  return rows;
}

interface Template {
  readonly language: Language;
  readonly mode: AssessmentMode;
  readonly portable: AssessmentSheet[];
  readonly addin: AssessmentSheet[];
  readonly addinPlan: WorkbookPlan;
  readonly recalculated: WorkbookGrid;
}

let templates: Template[] = [];

beforeAll(async () => {
  const built = TEMPLATES.map(([language, mode], t) => {
    const districts = Array.from({ length: FILLS }, (_, i) => `Fill ${i + 1}`);
    const { portable, addin } = plans(language, mode, districts);
    let portablePlan = portable.plan;
    let addinPlan = addin.plan;
    for (let i = 0; i < FILLS; i++) {
      const rows = fillRows(t, i, mode, language);
      portablePlan = fillSheet(portablePlan, portable.sheets[i]!, rows);
      addinPlan = fillSheet(addinPlan, addin.sheets[i]!, rows);
    }
    return { language, mode, portable, addin, portablePlan, addinPlan };
  });
  const recalculated = await recalculateMany(built.map((b) => writeXlsx(b.portablePlan)));
  templates = built.map((b, i) => ({
    language: b.language,
    mode: b.mode,
    portable: b.portable.sheets,
    addin: b.addin.sheets,
    addinPlan: b.addinPlan,
    recalculated: readXlsx(recalculated[i]!),
  }));
}, 300_000);

type Kind = "level" | "score" | "text";

/** Every result cell of a sheet: where it is, what it holds, and what it is called. */
function resultCells(sheet: AssessmentSheet): { row: number; column: number; kind: Kind }[] {
  const { layout, plan } = sheet;
  const named = (name: string) => plan.names.find((n) => n.name === name)!.range;
  const cells: { row: number; column: number; kind: Kind }[] = [];
  for (let row = layout.firstItemRow; row <= layout.lastItemRow; row++) {
    cells.push({ row, column: layout.itemLevelColumn, kind: "level" });
    cells.push({ row, column: layout.itemScoreColumn, kind: "score" });
  }
  for (const row of layout.subdomainRows.values()) {
    cells.push({ row, column: layout.subdomainLevelColumn, kind: "level" });
    cells.push({ row, column: layout.subdomainScoreColumn, kind: "score" });
  }
  const levels = named("CTMM_DomainLevels");
  const scores = named("CTMM_DomainScores");
  for (let row = levels.top; row <= levels.bottom; row++) {
    cells.push({ row, column: levels.left, kind: "level" });
    cells.push({ row, column: scores.left, kind: "score" });
  }
  const overallLevel = named("CTMM_OverallLevel");
  const overallScore = named("CTMM_OverallScore");
  cells.push({ row: overallLevel.top, column: overallLevel.left, kind: "level" });
  cells.push({ row: overallScore.top, column: overallScore.left, kind: "score" });
  for (const row of [...layout.domainRows.values(), layout.overallRow]) {
    cells.push({ row, column: layout.whyColumn, kind: "text" });
    cells.push({ row, column: layout.labelColumn, kind: "text" });
  }
  return cells;
}

const PER_FILL = 37 * 2 + SUBDOMAINS * 2 + 6 * 2 + 2 + 7 * 2;

/** A cell's result in one comparable shape: the value, or the error code. */
function shown(value: Scalar): Scalar | string {
  return value instanceof ErrorValue ? value.code : value;
}

function lo(sheet: SheetGrid, row: number, column: number): Scalar | string {
  const cell: GridCell | undefined = sheet.cells.get(cellKey(row, column));
  return cell?.error ?? cell?.value ?? null;
}

const formulasOf = (plan: SheetPlan) => plan.cells.flatMap((c) => (c.formula ? [c.formula] : []));

describe.each(TEMPLATES)("the %s %s add-in style", (language, mode) => {
  const template = () => templates.find((t) => t.language === language && t.mode === mode)!;
  const text = SHEET_TEXT[language];

  it(`shows what the portable style shows in LibreOffice, on ${FILLS} random fills`, () => {
    const { portable, addin, addinPlan, recalculated } = template();
    const parser = createRatingParser(BUILTIN_PACK, mode);
    let compared = 0;
    const seen = new Set<Scalar | string>();
    addin.forEach((sheet, i) => {
      expect(sheet.layout).toEqual(portable[i]!.layout);
      const plan = addinPlan.sheets.find((s) => s.name === sheet.plan.name)!;
      // Valid entries only: the add-in refuses others with #VALUE!, the portable formulas count 0.
      const ratings = sheet.plan.names.find((n) => n.name === "CTMM_Ratings")!.range;
      for (const cell of plan.cells) {
        if (cell.row < ratings.top || cell.row > ratings.bottom) continue;
        if (cell.column < ratings.left || cell.column > ratings.right) continue;
        expect([address(cell.row, cell.column), parser.parse(cell.value).kind]).not.toEqual([
          address(cell.row, cell.column),
          "invalid",
        ]);
      }
      const evaluated = evaluateAddinSheet(plan, { pack: BUILTIN_PACK, language });
      const calculated = recalculated.sheets.find((s) => s.name === sheet.plan.name)!;
      for (const { row, column, kind } of resultCells(sheet)) {
        const where = `${sheet.plan.name}!${address(row, column)}`;
        const expected = lo(calculated, row, column);
        const actual = shown(evaluated.valueAt(row, column));
        if (kind === "score" && typeof expected === "number" && typeof actual === "number") {
          expect([where, Math.abs(actual - expected) <= 1e-9]).toEqual([where, true]);
        } else {
          expect([where, actual]).toEqual([where, expected]);
        }
        if (kind === "level") {
          expect([where, Number.isInteger(actual) || actual === text.notApplicable]).toEqual([
            where,
            true,
          ]);
        }
        if (kind !== "score") seen.add(actual);
        compared++;
      }
    });
    expect(compared).toBe(FILLS * PER_FILL);
    // The fills reach the corners: several levels, N/A, level 5 and its "why".
    for (const level of [0, 1, 2, 3, 5]) expect(seen).toContain(level);
    expect(seen).toContain(text.notApplicable);
    expect(seen).toContain(text.topLevel);
  });

  it("computes results with CTMM.* and no SUMPRODUCT, in Excel 2007 functions only", () => {
    const sheet = template().addin[0]!;
    const formulas = formulasOf(sheet.plan);
    expect(formulas.filter((f) => f.includes("SUMPRODUCT"))).toEqual([]);
    const byKey = new Map(sheet.plan.cells.map((c) => [cellKey(c.row, c.column), c.formula]));
    for (const { row, column, kind } of resultCells(sheet)) {
      const formula = byKey.get(cellKey(row, column)) ?? "";
      if (kind === "level") expect(formula).toContain("CTMM.LEVEL(");
      if (kind === "score") expect(formula).toContain("CTMM.SCORE(");
    }
    expect(formulas.filter((f) => f.includes("CTMM_Ratings,CTMM_Weights"))).toHaveLength(3);
    const used = new Set<string>();
    for (const formula of formulas) {
      const outsideStrings = formula.replace(/"(?:[^"]|"")*"/g, '""');
      for (const match of outsideStrings.matchAll(/([A-Z][A-Z0-9.]*)\(/g)) used.add(match[1]!);
    }
    expect([...used].filter((f) => !ADDIN_FUNCTIONS.has(f))).toEqual([]);
    // Far fewer formulas than the portable helper columns need.
    expect(formulas.length).toBeLessThan(formulasOf(template().portable[0]!.plan).length / 3);
  });

  it("keeps conditional formats and drop-downs native, as in the portable style", () => {
    const addin = template().addin[0]!.plan;
    const portable = template().portable[0]!.plan;
    expect(addin.conditionalFormats.filter((f) => f.formula.includes("CTMM."))).toEqual([]);
    expect(
      addin.validations.filter((v) => JSON.stringify(v).toUpperCase().includes("CTMM.")),
    ).toEqual([]);
    expect(addin.conditionalFormats).toEqual(portable.conditionalFormats);
    expect(addin.validations).toEqual(portable.validations);
  });

  it("keeps the names, layout, inputs, columns and protection of the portable style", () => {
    const addin = template().addin[0]!;
    const portable = template().portable[0]!;
    expect(addin.plan.names).toEqual(portable.plan.names);
    expect(addin.layout).toEqual(portable.layout);
    expect([...inputCells(addin)]).toEqual([...inputCells(portable)]);
    expect(addin.plan.columns).toEqual(portable.plan.columns);
    expect(addin.plan.merges).toEqual(portable.plan.merges);
    expect(addin.plan.protect).toBe(true);
    // Every constant (labels, ids, names, weights) is where the portable style puts it.
    const constants = (plan: SheetPlan) =>
      new Map(
        plan.cells.filter((c) => c.formula === undefined).map((c) => [cellKey(c.row, c.column), c]),
      );
    expect([...constants(addin.plan)]).toEqual([...constants(portable.plan)]);
  });
});

describe("an untouched add-in workbook", () => {
  const { addin, portable } = plans("zh-CN", "full", ["和平区"]);
  const grid = readXlsx(writeXlsx(addin.plan));

  it("records the add-in style in its metadata, with its own fingerprint", () => {
    const meta = addin.plan.sheets.find((s) => s.name === META_SHEET)!;
    expect(meta.cells.filter((c) => c.row === 1).map((c) => c.value)[6]).toBe("addin");
    expect(addin.metadata[0]!.formulaStyle).toBe("addin");
    expect(addin.metadata[0]!.fingerprint).not.toBe(portable.metadata[0]!.fingerprint);
  });

  it("passes validation without errors, and a changed formula is caught", () => {
    const findings = validateWorkbook(grid, BUILTIN_PACK);
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);

    const sheet = addin.sheets[0]!;
    const at = cellKey(sheet.layout.overallRow, sheet.layout.levelColumn);
    const tampered = {
      ...addin.plan,
      sheets: addin.plan.sheets.map((s) =>
        s.name !== sheet.plan.name
          ? s
          : {
              ...s,
              cells: s.cells.map((c) =>
                cellKey(c.row, c.column) === at ? { ...c, formula: "3" } : c,
              ),
            },
      ),
    };
    const caught = validateWorkbook(readXlsx(writeXlsx(tampered)), BUILTIN_PACK);
    expect(caught.map((f) => [f.code, f.cell])).toContainEqual([
      "CELL_CHANGED",
      address(sheet.layout.overallRow, sheet.layout.levelColumn),
    ]);
  });
});

describe("the add-in evaluator (test helper)", () => {
  it("refuses shapes it does not know, so a test cannot pass on them", () => {
    for (const formula of [
      "SUMPRODUCT(A1:A2)",
      "IFNA(CTMM.LEVEL(A1:E1),0)",
      "A1-1",
      "A1*2",
      "{1,2}",
      "'Other sheet'!A1",
      "CTMM.LEVEL(A1:E1",
    ]) {
      const plan: SheetPlan = {
        name: "S",
        cells: [{ row: 0, column: 6, formula }],
        columns: [],
        rows: [],
        merges: [],
        validations: [],
        conditionalFormats: [],
        names: [],
        protect: false,
      };
      const sheet = evaluateAddinSheet(plan, { pack: BUILTIN_PACK, language: "en-US" });
      expect(() => sheet.valueAt(0, 6)).toThrow();
    }
  });

  it("evaluates the worked example of SPEC §3 through the custom functions", () => {
    const ratings: unknown[][] = [
      [1, 1, 0.8, 0.5, 0],
      [1, 0.8, 0.5, 0, 0],
      [1, 1, 1, 0.8, 0.5],
      ["N/A", null, null, null, null],
      ["bogus", 1, 1, 1, 1],
    ];
    const level = (range: string, weights: string) =>
      `IF(ISNA(CTMM.LEVEL(${range},${weights},$H$1)),"N/A",CTMM.LEVEL(${range},${weights},$H$1))`;
    const plan: SheetPlan = {
      name: "S",
      cells: [
        ...ratings.flatMap((row, r) =>
          row.map((value, c) => ({ row: r, column: c, value: value as number | string | null })),
        ),
        ...[0, 1, 2].map((row) => ({ row, column: 5, value: 1 })),
        { row: 0, column: 7, value: 0.8 },
        { row: 9, column: 0, formula: level("A1:E3", "F1:F3") },
        { row: 9, column: 1, formula: "IF(ISNUMBER(A10),CTMM.SCORE(A1:E3,F1:F3,$H$1),A10)" },
        {
          row: 9,
          column: 2,
          formula: `"L"&(A10+1)&": "&FIXED(ROUNDDOWN(INDEX(CTMM.LEVELSCORES(A1:E3,F1:F3),1,A10+1),2),2)`,
        },
        { row: 10, column: 0, formula: level("A6:E6", "{1}") },
        { row: 10, column: 1, formula: level("A4:E4", "{1}") },
        { row: 10, column: 2, formula: level("A5:E5", "{1}") },
        { row: 10, column: 3, formula: "IF(ISNUMBER(C11),CTMM.SCORE(A5:E5,{1},$H$1),C11)" },
      ],
      columns: [],
      rows: [],
      merges: [],
      validations: [],
      conditionalFormats: [],
      names: [],
      protect: false,
    };
    const sheet = evaluateAddinSheet(plan, { pack: BUILTIN_PACK, language: "en-US" });
    expect(sheet.valueAt(9, 0)).toBe(2);
    expect(sheet.valueAt(9, 1)).toBeCloseTo(2.95833375, 12);
    expect(sheet.valueAt(9, 2)).toBe("L3: 0.76");
    // A blank row is rated 0 (level 0); an N/A row has no level; a wrong entry stays an error.
    expect(sheet.valueAt(10, 0)).toBe(0);
    expect(sheet.valueAt(10, 1)).toBe("N/A");
    expect(shown(sheet.valueAt(10, 2))).toBe("#VALUE!");
    expect(shown(sheet.valueAt(10, 3))).toBe("#VALUE!");
  });
});
