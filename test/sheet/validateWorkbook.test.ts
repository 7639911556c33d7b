import { BUILTIN_PACK, listItems } from "../../src/model";
import { address } from "../../src/sheet/a1";
import type { CellPlan, SheetPlan, WorkbookPlan } from "../../src/sheet/plan";
import { META_SHEET, planWorkbook } from "../../src/sheet/planWorkbook";
import type { AssessmentSheet } from "../../src/sheet/planAssessmentSheet";
import { validateWorkbook } from "../../src/sheet/validateWorkbook";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { fillSheet } from "../helpers/fill";
import { recalculateMany } from "../helpers/libreoffice";

// A complete, consistent return: every item at level 2, which needs no evidence.
const ITEM_IDS = listItems(BUILTIN_PACK).map((p) => p.item.id as string);
const CLEAN = new Map<string, unknown[]>(ITEM_IDS.map((id) => [id, [1, 0.8, 0.5, 0, 0]]));

function template(): { plan: WorkbookPlan; sheet: AssessmentSheet } {
  const { plan, sheets } = planWorkbook(BUILTIN_PACK, {
    language: "en-US",
    mode: "full",
    formulaStyle: "portable",
    districts: ["Heping"],
  });
  return { plan: fillSheet(plan, sheets[0]!, CLEAN), sheet: sheets[0]! };
}

const rowOf = (sheet: AssessmentSheet, id: string) =>
  sheet.layout.firstItemRow + ITEM_IDS.indexOf(id);
const ratingCell = (sheet: AssessmentSheet, id: string, level: number) =>
  address(rowOf(sheet, id), sheet.layout.ratingColumns[level - 1]!);

/** Writes the crafted plan to .xlsx, reads it back and validates it. */
function findingsOf(plan: WorkbookPlan) {
  return validateWorkbook(readXlsx(writeXlsx(plan)), BUILTIN_PACK).map((f) => ({
    code: f.code,
    severity: f.severity,
    sheet: f.sheet,
    cell: f.cell,
  }));
}

function editSheet(
  plan: WorkbookPlan,
  name: string,
  edit: (sheet: SheetPlan) => SheetPlan,
): WorkbookPlan {
  return { ...plan, sheets: plan.sheets.map((s) => (s.name === name ? edit(s) : s)) };
}

function setCell(
  sheet: SheetPlan,
  row: number,
  column: number,
  cell: Omit<CellPlan, "row" | "column">,
): SheetPlan {
  const rest = sheet.cells.filter((c) => c.row !== row || c.column !== column);
  const old = sheet.cells.find((c) => c.row === row && c.column === column);
  return {
    ...sheet,
    cells: [...rest, { row, column, ...(old?.style ? { style: old.style } : {}), ...cell }],
  };
}

describe("validateWorkbook (SPEC §8)", () => {
  it("finds nothing in a complete, untouched return", () => {
    expect(findingsOf(template().plan)).toEqual([]);
  });

  const only = (code: string, severity: string, cell: string | null) => [
    { code, severity, sheet: "Heping", cell },
  ];

  it("RATING_INVALID: a rating not on the scale", () => {
    const { plan, sheet } = template();
    const crafted = fillSheet(plan, sheet, new Map([["1.1.1", [1, 0.8, "excellent", 0, 0]]]));
    expect(findingsOf(crafted)).toEqual(
      only("RATING_INVALID", "error", ratingCell(sheet, "1.1.1", 3)),
    );
  });

  it("CELL_CHANGED: a formula overwritten with a value", () => {
    const { plan, sheet } = template();
    const row = rowOf(sheet, "2.1.1");
    const crafted = editSheet(plan, "Heping", (s) =>
      setCell(s, row, sheet.layout.itemLevelColumn, { value: 5 }),
    );
    expect(findingsOf(crafted)).toEqual(
      only("CELL_CHANGED", "error", address(row, sheet.layout.itemLevelColumn)),
    );
  });

  it("CELL_CHANGED: a locked label edited", () => {
    const { plan, sheet } = template();
    const row = rowOf(sheet, "3.3.2");
    const crafted = editSheet(plan, "Heping", (s) =>
      setCell(s, row, 3, { value: "Something else" }),
    );
    expect(findingsOf(crafted)).toEqual(only("CELL_CHANGED", "error", address(row, 3)));
  });

  it("NAME_MISSING: a defined name deleted", () => {
    const { plan, sheet } = template();
    const crafted = editSheet(plan, "Heping", (s) => ({
      ...s,
      names: s.names.filter((n) => n.name !== "CTMM_Weights"),
    }));
    const weights = sheet.plan.names.find((n) => n.name === "CTMM_Weights")!.range;
    expect(findingsOf(crafted)).toEqual(
      only(
        "NAME_MISSING",
        "error",
        `${address(weights.top, weights.left)}:${address(weights.bottom, weights.right)}`,
      ),
    );
  });

  it("NAME_MOVED: a defined name pointing elsewhere", () => {
    const { plan, sheet } = template();
    const crafted = editSheet(plan, "Heping", (s) => ({
      ...s,
      names: s.names.map((n) =>
        n.name === "CTMM_DomainScores"
          ? { ...n, range: { ...n.range, left: n.range.left + 1, right: n.range.right + 1 } }
          : n,
      ),
    }));
    const scores = sheet.plan.names.find((n) => n.name === "CTMM_DomainScores")!.range;
    expect(findingsOf(crafted)).toEqual(
      only(
        "NAME_MOVED",
        "error",
        `${address(scores.top, scores.left)}:${address(scores.bottom, scores.right)}`,
      ),
    );
  });

  it("ROWS_CHANGED: a row inserted in the item block", () => {
    const { plan, sheet } = template();
    const at = rowOf(sheet, "1.3.1");
    const crafted = editSheet(plan, "Heping", (s) => ({
      ...s,
      cells: s.cells.map((c) => (c.row >= at ? { ...c, row: c.row + 1 } : c)),
      names: s.names.map((n) =>
        n.range.top <= at && n.range.bottom >= at
          ? { ...n, range: { ...n.range, bottom: n.range.bottom + 1 } }
          : n,
      ),
    }));
    expect(findingsOf(crafted)).toEqual(only("ROWS_CHANGED", "error", address(at, 2)));
  });

  it("ROWS_CHANGED: a row deleted from the item block", () => {
    const { plan, sheet } = template();
    const at = rowOf(sheet, "4.2.1");
    const crafted = editSheet(plan, "Heping", (s) => ({
      ...s,
      cells: s.cells
        .filter((c) => c.row !== at)
        .map((c) => (c.row > at ? { ...c, row: c.row - 1 } : c)),
      names: s.names.map((n) =>
        n.range.top <= at && n.range.bottom >= at
          ? { ...n, range: { ...n.range, bottom: n.range.bottom - 1 } }
          : n,
      ),
    }));
    expect(findingsOf(crafted)).toEqual(only("ROWS_CHANGED", "error", address(at, 2)));
  });

  it("MODEL_MISMATCH: a return made for another model version", () => {
    const { plan } = template();
    const crafted = editSheet(plan, META_SHEET, (s) => ({
      ...s,
      cells: s.cells.map((c) =>
        c.row === 1 && c.column === 2 ? { ...c, value: "0.9.0-draft" } : c,
      ),
    }));
    expect(findingsOf(crafted)).toEqual(only("MODEL_MISMATCH", "error", null));
  });

  it("RATING_MISSING: a blank rating", () => {
    const { plan, sheet } = template();
    const crafted = fillSheet(plan, sheet, new Map([["3.1.2", [1, 0.8, 0.5, null, 0]]]));
    expect(findingsOf(crafted)).toEqual(
      only("RATING_MISSING", "warning", ratingCell(sheet, "3.1.2", 4)),
    );
  });

  it("ROW_MIXES_NA: N/A beside ratings", () => {
    const { plan, sheet } = template();
    const crafted = fillSheet(plan, sheet, new Map([["4.1.1", [1, "N/A", 0.5, 0, 0]]]));
    expect(findingsOf(crafted)).toEqual(
      only("ROW_MIXES_NA", "warning", ratingCell(sheet, "4.1.1", 2)),
    );
  });

  it("ROW_NOT_CUMULATIVE: a higher level rated above a lower one", () => {
    const { plan, sheet } = template();
    const crafted = fillSheet(plan, sheet, new Map([["5.1.1", [1, 0.5, 0.8, 0, 0]]]));
    expect(findingsOf(crafted)).toEqual(
      only("ROW_NOT_CUMULATIVE", "warning", ratingCell(sheet, "5.1.1", 3)),
    );
  });

  it("EVIDENCE_MISSING: level 3 or above with no evidence", () => {
    const { plan, sheet } = template();
    const crafted = fillSheet(plan, sheet, new Map([["6.2.2", [1, 1, 0.8, 0.5, 0]]]));
    expect(findingsOf(crafted)).toEqual(
      only(
        "EVIDENCE_MISSING",
        "warning",
        address(rowOf(sheet, "6.2.2"), sheet.layout.evidenceColumn),
      ),
    );
    const noted = fillSheet(crafted, sheet, new Map(), new Map([["6.2.2", "=Report 2025, p. 12"]]));
    expect(findingsOf(noted)).toEqual([]);
  });

  it("gives every finding a message in both languages", () => {
    const { plan, sheet } = template();
    const crafted = fillSheet(plan, sheet, new Map([["1.1.1", ["bad", null, 1, "N/A", 0]]]));
    const findings = validateWorkbook(readXlsx(writeXlsx(crafted)), BUILTIN_PACK);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.message["zh-CN"]).toMatch(/[\u4e00-\u9fff]/);
      expect(f.message["en-US"]).toMatch(/1\.1\.1/);
    }
  });

  it("finds nothing structural in a return saved again by LibreOffice", async () => {
    const [resaved] = await recalculateMany([writeXlsx(template().plan)]);
    expect(validateWorkbook(readXlsx(resaved!), BUILTIN_PACK)).toEqual([]);
  }, 120_000);
});
