import type { AssessmentMode, Language } from "../../src/model";
import { BUILTIN_PACK } from "../../src/model";
import { cellKey } from "../../src/sheet/grid";
import type { WorkbookGrid } from "../../src/sheet/grid";
import type { AssessmentSheet } from "../../src/sheet/contract";
import { inputCells } from "../../src/sheet/contract";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { findName } from "../../src/sheet/readAssessment";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { recalculateMany } from "../helpers/libreoffice";

// What a district sees when it opens the file in LibreOffice: protection, unlocked inputs, drop-downs.
const TEMPLATES: [Language, AssessmentMode][] = [
  ["zh-CN", "full"],
  ["zh-CN", "quick"],
  ["en-US", "full"],
  ["en-US", "quick"],
];

const opened: {
  language: Language;
  mode: AssessmentMode;
  sheet: AssessmentSheet;
  grid: WorkbookGrid;
}[] = [];

beforeAll(async () => {
  const workbooks = TEMPLATES.map(([language, mode]) => {
    const { plan, sheets } = planWorkbook(BUILTIN_PACK, {
      language,
      mode,
      formulaStyle: "portable",
      districts: ["和平区"],
    });
    return { language, mode, plan, sheet: sheets[0]! };
  });
  const resaved = await recalculateMany(workbooks.map((w) => writeXlsx(w.plan)));
  workbooks.forEach((w, i) => opened.push({ ...w, grid: readXlsx(resaved[i]!) }));
}, 180_000);

describe.each(TEMPLATES)("the %s %s workbook as LibreOffice saves it", (language, mode) => {
  const get = () => opened.find((o) => o.language === language && o.mode === mode)!;

  it("keeps the sheet protected, the inputs unlocked and everything else locked", () => {
    const { grid, sheet } = get();
    const saved = grid.sheets.find((s) => s.name === sheet.plan.name)!;
    expect(saved.protected).toBe(true);
    const inputs = inputCells(sheet);
    for (const key of inputs) expect([key, saved.cells.get(key)?.locked]).toEqual([key, false]);
    // Cells hidden under a merged input (the header fields) carry the input's style.
    const underMergedInput = (key: string) => {
      const [row, column] = key.split(",").map(Number) as [number, number];
      return saved.merges.some(
        (m) =>
          inputs.has(cellKey(m.top, m.left)) &&
          m.top <= row &&
          row <= m.bottom &&
          m.left <= column &&
          column <= m.right,
      );
    };
    const lockedWrong = [...saved.cells].filter(
      ([key, cell]) => !inputs.has(key) && !cell.locked && !underMergedInput(key),
    );
    expect(lockedWrong.map(([key]) => key)).toEqual([]);
  });

  it("keeps a drop-down on every rating cell", () => {
    const { grid, sheet } = get();
    const saved = grid.sheets.find((s) => s.name === sheet.plan.name)!;
    const ratings = findName(grid, saved.name, "CTMM_Ratings")!.target!;
    const lists = saved.validations.filter((v) => v.type === "list");
    for (let row = ratings.top; row <= ratings.bottom; row++) {
      for (let column = ratings.left; column <= ratings.right; column++) {
        const covering = lists.filter((v) =>
          v.ranges.some(
            (r) => r.top <= row && row <= r.bottom && r.left <= column && column <= r.right,
          ),
        );
        expect([cellKey(row, column), covering.length]).toEqual([cellKey(row, column), 1]);
        expect(covering[0]!.formula).toContain(language === "zh-CN" ? "不适用" : "N/A");
      }
    }
  });

  it("computes every formula without an error value", () => {
    const { grid, sheet } = get();
    const saved = grid.sheets.find((s) => s.name === sheet.plan.name)!;
    const errors = [...saved.cells]
      .filter(([, cell]) => cell.error !== undefined)
      .map(([key]) => key);
    expect(errors).toEqual([]);
    const formulas = [...saved.cells.values()].filter((cell) => cell.formula !== undefined);
    expect(formulas.length).toBeGreaterThan(37 * 8);
    expect(formulas.every((cell) => cell.value !== null)).toBe(true);
  });
});
