import { TEMPLATE_VERSION } from "../../src/sheet/contract";
import { BUILTIN_PACK, LEVEL_COUNT, loadPack } from "../../src/model";
import type { AssessmentMode, Language } from "../../src/model";
import { rangeAddress } from "../../src/sheet/a1";
import { cellKey } from "../../src/sheet/grid";
import { inputCells, META_SHEET } from "../../src/sheet/contract";
import { planWorkbook, uniqueSheetNames } from "../../src/sheet/planWorkbook";
import { builtinPackJson } from "../helpers/packs";

const TEMPLATES: [Language, AssessmentMode][] = [
  ["zh-CN", "full"],
  ["zh-CN", "quick"],
  ["en-US", "full"],
  ["en-US", "quick"],
];

// Classic worksheet functions every target (Excel 2010+, WPS, LibreOffice) evaluates identically.
const PORTABLE_FUNCTIONS = new Set([
  "AND",
  "CHOOSE",
  "COLUMN",
  "COUNTIF",
  "EXACT",
  "FIXED",
  "IF",
  "IFERROR",
  "INDEX",
  "INT",
  "ISERROR",
  "ISLOGICAL",
  "ISNUMBER",
  "ISTEXT",
  "LEN",
  "MATCH",
  "NOT",
  "OR",
  "ROUND",
  "ROUNDDOWN",
  "SUBSTITUTE",
  "SUMPRODUCT",
  "TRIM",
  "UPPER",
]);

const plan = (language: Language, mode: AssessmentMode, districts: string[] = ["和平区"]) =>
  planWorkbook(BUILTIN_PACK, { language, mode, formulaStyle: "portable", districts });

describe.each(TEMPLATES)("the %s %s assessment sheet", (language, mode) => {
  const { sheets, plan: workbook } = plan(language, mode);
  const sheet = sheets[0]!;
  const names = new Map(sheet.plan.names.map((n) => [n.name, n.range]));
  const width = mode === "full" ? LEVEL_COUNT : 1;

  it("defines the names of SPEC §4 with the right shapes", () => {
    const shape = (name: string) => {
      const r = names.get(name)!;
      return [r.bottom - r.top + 1, r.right - r.left + 1];
    };
    expect(shape("CTMM_ItemIds")).toEqual([37, 1]);
    expect(shape("CTMM_Ratings")).toEqual([37, width]);
    expect(shape("CTMM_Weights")).toEqual([37, 1]);
    expect(shape("CTMM_DomainIds")).toEqual([6, 1]);
    expect(shape("CTMM_DomainLevels")).toEqual([6, 1]);
    expect(shape("CTMM_DomainScores")).toEqual([6, 1]);
    expect(shape("CTMM_OverallLevel")).toEqual([1, 1]);
    expect(shape("CTMM_OverallScore")).toEqual([1, 1]);
    // Aligned: ids, levels and scores of domains on the same rows.
    expect(names.get("CTMM_DomainLevels")!.top).toBe(names.get("CTMM_DomainIds")!.top);
    expect(names.get("CTMM_ItemIds")!.top).toBe(names.get("CTMM_Ratings")!.top);
  });

  it("lists the items in model order with their effective weights", () => {
    const ids = names.get("CTMM_ItemIds")!;
    const byKey = new Map(sheet.plan.cells.map((c) => [cellKey(c.row, c.column), c]));
    const listed = [];
    for (let row = ids.top; row <= ids.bottom; row++)
      listed.push(byKey.get(cellKey(row, ids.left))!.value);
    expect(listed).toEqual(
      BUILTIN_PACK.domains.flatMap((d) => d.subdomains.flatMap((s) => s.items.map((i) => i.id))),
    );
    const weights = names.get("CTMM_Weights")!;
    let total = 0;
    for (let row = weights.top; row <= weights.bottom; row++)
      total += byKey.get(cellKey(row, weights.left))!.value as number;
    expect(total).toBeCloseTo(1, 12);
  });

  it("uses only portable, non-volatile functions", () => {
    const used = new Set<string>();
    const formulas = [
      ...sheet.plan.cells.flatMap((c) => (c.formula ? [c.formula] : [])),
      ...sheet.plan.conditionalFormats.map((f) => f.formula),
    ];
    expect(formulas.length).toBeGreaterThan(37 * 7);
    for (const formula of formulas) {
      const withoutStrings = formula.replace(/"(?:[^"]|"")*"/g, '""');
      for (const match of withoutStrings.matchAll(/([A-Z][A-Z0-9.]*)\(/g)) used.add(match[1]!);
    }
    expect([...used].filter((f) => !PORTABLE_FUNCTIONS.has(f))).toEqual([]);
  });

  it("unlocks exactly the inputs and protects the sheet", () => {
    expect(sheet.plan.protect).toBe(true);
    const inputs = inputCells(sheet);
    expect(inputs.size).toBe(37 * width + 37 + 3);
    const mismatched = sheet.plan.cells
      .filter((c) => (c.style?.locked === false) !== inputs.has(cellKey(c.row, c.column)))
      .map((c) => rangeAddress({ top: c.row, left: c.column, bottom: c.row, right: c.column }));
    expect(mismatched).toEqual([]);
    expect(sheet.plan.cells.filter((c) => c.style?.locked === false)).toHaveLength(inputs.size);
  });

  it("puts a drop-down on every rating cell", () => {
    const ratings = names.get("CTMM_Ratings")!;
    expect(sheet.plan.validations).toHaveLength(1);
    expect(rangeAddress(sheet.plan.validations[0]!.range)).toBe(rangeAddress(ratings));
    const list = sheet.plan.validations[0]!.list;
    expect(list).toContain(language === "zh-CN" ? "不适用" : "N/A");
    if (mode === "full") {
      expect(list).toContain(language === "zh-CN" ? "大部分满足" : "Largely met");
    } else expect(list.slice(0, 6)).toEqual(["0", "1", "2", "3", "4", "5"]);
  });

  it("records metadata in a very hidden sheet", () => {
    const meta = workbook.sheets.find((s) => s.name === META_SHEET)!;
    expect(meta.visibility).toBe("veryHidden");
    const values = meta.cells.filter((c) => c.row === 1).map((c) => c.value);
    expect(values.slice(0, 7)).toEqual([
      sheet.plan.name,
      BUILTIN_PACK.id,
      BUILTIN_PACK.version,
      TEMPLATE_VERSION,
      mode,
      language,
      "portable",
    ]);
    expect(values[7]).toMatch(/^[0-9a-f]{14}$/);
  });
});

describe("planWorkbook", () => {
  it("writes formula-like district names as text, never as formulas", () => {
    const { sheets } = plan("en-US", "full", ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)"]);
    for (const sheet of sheets) {
      const district = sheet.plan.cells.find((c) => c.row === 2 && c.column === 1)!;
      expect(district.formula).toBeUndefined();
      expect(typeof district.value).toBe("string");
    }
  });

  it("gives the same fingerprint to the same structure, and another to other formulas", () => {
    const a = plan("zh-CN", "full", ["A", "B"]).metadata;
    // Districts are inputs, so two districts' sheets share one structure.
    expect(a[0]!.fingerprint).toBe(a[1]!.fingerprint);
    expect(plan("zh-CN", "quick").metadata[0]!.fingerprint).not.toBe(a[0]!.fingerprint);
  });

  it("makes sheet names Excel accepts", () => {
    expect(uniqueSheetNames(["a/b", "A B", "a b", "x".repeat(40), "'q'", ""])).toEqual([
      "a b",
      "A B (2)",
      "a b (3)",
      "x".repeat(31),
      "q",
      "Sheet",
    ]);
  });
});

describe("rating colours", () => {
  const fills = (pack = BUILTIN_PACK) => {
    const sheet = planWorkbook(pack, {
      language: "en-US",
      mode: "full",
      formulaStyle: "portable",
      districts: ["A"],
    }).sheets[0]!;
    return sheet.plan.conditionalFormats
      .filter((f) => /\)=[\d.]+$/.test(f.formula) && f.range.left === 4)
      .map((f) => [f.formula.replace(/^.*=([\d.]+)$/, "$1"), f.style.fill]);
  };

  it("colour the built-in scale from green to red", () => {
    expect(fills()).toEqual([
      ["1", "C6EFCE"],
      ["0.8", "E2EFDA"],
      ["0.5", "FFEB9C"],
      ["0", "FFC7CE"],
    ]);
  });

  it("follow a pack's own scale, by rank", () => {
    const json = builtinPackJson();
    json.ratingScale = [
      { value: 1, label: { "zh-CN": "是", "en-US": "Yes" } },
      { value: 0.6, label: { "zh-CN": "多半", "en-US": "Mostly" } },
      { value: 0, label: { "zh-CN": "否", "en-US": "No" } },
    ];
    expect(fills(loadPack(json))).toEqual([
      ["1", "C6EFCE"],
      ["0.6", "FFEB9C"],
      ["0", "FFC7CE"],
    ]);
  });
});
