import { BUILTIN_PACK, listItems } from "../../src/model";
import { address } from "../../src/sheet/a1";
import type { CellPlan, SheetPlan, WorkbookPlan } from "../../src/sheet/plan";
import type { GridName, WorkbookGrid } from "../../src/sheet/grid";
import { META_SHEET, METADATA_KEYS } from "../../src/sheet/contract";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import type { AssessmentSheet } from "../../src/sheet/contract";
import { TEMPLATE_VERSION } from "../../src/sheet/contract";
import { readSheetAssessment } from "../../src/sheet/readAssessment";
import {
  FINDING_CODES,
  ratingFormulaFinding,
  validateWorkbook,
} from "../../src/sheet/validateWorkbook";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { fillSheet } from "../helpers/fill";
import { recalculateMany } from "../helpers/libreoffice";

// A complete, consistent return: every item at level 2, which needs no evidence.
const ITEM_IDS = listItems(BUILTIN_PACK).map((p) => p.item.id as string);
const CLEAN = new Map<string, unknown[]>(ITEM_IDS.map((id) => [id, [1, 0.8, 0.5, 0, 0]]));

function template(districts = ["Heping"]): { plan: WorkbookPlan; sheet: AssessmentSheet } {
  const { plan, sheets } = planWorkbook(BUILTIN_PACK, {
    language: "en-US",
    mode: "full",
    formulaStyle: "portable",
    districts,
  });
  const filled = sheets.reduce((p, sheet) => fillSheet(p, sheet, CLEAN), plan);
  return { plan: filled, sheet: sheets[0]! };
}

const rowOf = (sheet: AssessmentSheet, id: string) =>
  sheet.layout.firstItemRow + ITEM_IDS.indexOf(id);
const ratingCell = (sheet: AssessmentSheet, id: string, level: number) =>
  address(rowOf(sheet, id), sheet.layout.ratingColumns[level - 1]!);

/** Writes the crafted plan to .xlsx, reads it back and validates it. */
function findingsOf(plan: WorkbookPlan) {
  return findingsOfGrid(readXlsx(writeXlsx(plan)));
}

function findingsOfGrid(grid: WorkbookGrid) {
  return validateWorkbook(grid, BUILTIN_PACK).map((f) => ({
    code: f.code,
    severity: f.severity,
    sheet: f.sheet,
    cell: f.cell,
  }));
}

/** The plan read back from .xlsx, with its defined names edited as a tool or a user might. */
function withNames(plan: WorkbookPlan, edit: (names: readonly GridName[]) => GridName[]) {
  const grid = readXlsx(writeXlsx(plan));
  return { ...grid, names: edit(grid.names) };
}

/** The plan with one metadata field of the first sheet's CTMM_Meta row set to a value. */
function withMetadata(
  plan: WorkbookPlan,
  key: (typeof METADATA_KEYS)[number],
  value: string,
): WorkbookPlan {
  const column = METADATA_KEYS.indexOf(key) + 1; // column 0 names the sheet
  return editSheet(plan, META_SHEET, (s) => ({
    ...s,
    cells: s.cells.map((c) => (c.row === 1 && c.column === column ? { ...c, value } : c)),
  }));
}

const rangeOf = (sheet: AssessmentSheet, name: string) => {
  const range = sheet.plan.names.find((n) => n.name === name)!.range;
  return `${address(range.top, range.left)}:${address(range.bottom, range.right)}`;
};

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

  it("RATING_FORMULA: a formula in a rating cell, neither its result nor a blank", async () => {
    const { plan, sheet } = template();
    const row = rowOf(sheet, "2.2.3");
    const column = sheet.layout.ratingColumns[1]!;
    const crafted = editSheet(plan, "Heping", (s) =>
      setCell(s, row, column, { formula: "0.5+0.3" }),
    );
    // Once LibreOffice has computed it the cell caches 0.8, a rating on the scale: still an error.
    const written = writeXlsx(crafted);
    const [computed] = await recalculateMany([written]);
    const cached = readXlsx(computed!);
    const at = cached.sheets.find((s) => s.name === "Heping")!.cells.get(`${row},${column}`);
    expect(at).toMatchObject({ formula: "0.5+0.3", value: 0.8 });
    for (const grid of [readXlsx(written), cached]) {
      expect(findingsOfGrid(grid)).toEqual(
        only("RATING_FORMULA", "error", ratingCell(sheet, "2.2.3", 2)),
      );
      const read = readSheetAssessment(grid, "Heping");
      expect(read.ratingFormulas).toEqual([
        expect.objectContaining({ id: "2.2.3", level: 2, cell: ratingCell(sheet, "2.2.3", 2) }),
      ]);
      const [finding] = validateWorkbook(grid, BUILTIN_PACK);
      expect(ratingFormulaFinding("Heping", read.ratingFormulas[0]!)).toEqual(finding);
      expect(finding!.message["en-US"]).toMatch(
        /Item 2\.2\.3: the rating cell holds a formula \(=0\.5\+0\.3\)/,
      );
      expect(finding!.message["zh-CN"]).toMatch(/能力项 2\.2\.3：评分单元格中是公式/);
    }
  }, 120_000);

  it("RATING_FORMULA: reported beside the row's other findings, never as a missing rating", () => {
    const { plan, sheet } = template();
    const row = rowOf(sheet, "1.2.1");
    const [l1, l2, , l4] = sheet.layout.ratingColumns;
    const crafted = editSheet(plan, "Heping", (s) =>
      setCell(
        setCell(setCell(s, row, l1!, { formula: "IF(TRUE,1,0)" }), row, l2!, { value: null }),
        row,
        l4!,
        { value: 0.5 },
      ),
    );
    // Level 4 (0.5) above level 3 (0.5) is fine; level 2 is blank; level 1 is computed.
    expect(findingsOf(crafted)).toEqual([
      ...only("RATING_FORMULA", "error", ratingCell(sheet, "1.2.1", 1)),
      ...only("RATING_MISSING", "warning", ratingCell(sheet, "1.2.1", 2)),
    ]);
  });

  it("NAME_MISSING: CTMM_Ratings deleted — the sheet is still checked, not passed over", () => {
    const { plan, sheet } = template();
    const crafted = editSheet(plan, "Heping", (s) => ({
      ...s,
      names: s.names.filter((n) => n.name !== "CTMM_Ratings"),
    }));
    expect(findingsOf(crafted)).toEqual(
      only("NAME_MISSING", "error", rangeOf(sheet, "CTMM_Ratings")),
    );
  });

  it("NAME_MOVED: CTMM_Ratings pointing into another sheet", () => {
    const { plan, sheet } = template(["Heping", "Hexi"]);
    const grid = withNames(plan, (names) =>
      names.map((n) =>
        n.scope === "Heping" && n.name === "CTMM_Ratings"
          ? {
              ...n,
              reference: n.reference.replace("Heping", "Hexi"),
              target: { ...n.target!, sheet: "Hexi" },
            }
          : n,
      ),
    );
    expect(findingsOfGrid(grid)).toEqual(
      only("NAME_MOVED", "error", rangeOf(sheet, "CTMM_Ratings")),
    );
  });

  it("NAME_MOVED: CTMM_Ratings of another shape or over other rows", () => {
    const { plan, sheet } = template();
    const reshaped = (
      edit: (range: { top: number; left: number; bottom: number; right: number }) => object,
    ) =>
      editSheet(plan, "Heping", (s) => ({
        ...s,
        names: s.names.map((n) =>
          n.name === "CTMM_Ratings" ? { ...n, range: { ...n.range, ...edit(n.range) } } : n,
        ),
      }));
    const where = rangeOf(sheet, "CTMM_Ratings");
    expect(findingsOf(reshaped((r) => ({ right: r.right - 2 })))).toEqual(
      only("NAME_MOVED", "error", where),
    );
    expect(findingsOf(reshaped((r) => ({ top: r.top + 1, bottom: r.bottom + 1 })))).toEqual(
      only("NAME_MOVED", "error", where),
    );
  });

  it("NAME_WRONG_SCOPE: workbook-scoped names, reported once on their sheet only", () => {
    const { plan } = template(["Heping", "Hexi"]);
    const grid = withNames(plan, (names) =>
      names.map((n) => (n.scope === "Heping" ? { ...n, scope: null } : n)),
    );
    expect(findingsOfGrid(grid)).toEqual(only("NAME_WRONG_SCOPE", "error", null));
    const [finding] = validateWorkbook(grid, BUILTIN_PACK);
    expect(finding!.message["en-US"]).toMatch(
      /CTMM_ItemIds, CTMM_Ratings, .* are scoped to the whole workbook/,
    );
    expect(finding!.message["zh-CN"]).toMatch(/范围是整个工作簿/);
  });

  it("FINGERPRINT_MISMATCH: a fingerprint that is not the template's", () => {
    const { plan } = template();
    expect(findingsOf(withMetadata(plan, "fingerprint", "00000000000000"))).toEqual(
      only("FINGERPRINT_MISMATCH", "error", null),
    );
    expect(findingsOf(withMetadata(plan, "fingerprint", ""))).toEqual(
      only("FINGERPRINT_MISMATCH", "error", null),
    );
  });

  it("FINGERPRINT_MISMATCH: metadata edited to claim another threshold", () => {
    const { plan, sheet } = template();
    // The sheet computes at 0.8 (its threshold cell H2) while its metadata now says 0.7.
    expect(findingsOf(withMetadata(plan, "threshold", "0.7"))).toEqual([
      ...only("FINGERPRINT_MISMATCH", "error", null),
      ...only("CELL_CHANGED", "error", address(1, 7)),
    ]);
    expect(sheet.plan.cells.find((c) => c.row === 1 && c.column === 7)!.value).toBe(0.8);
  });

  it("TEMPLATE_OUTDATED: one finding for a return from an older template, no cascade", () => {
    const { plan, sheet } = template();
    // An older template laid out differently: labels, formulas and a name where they no longer are.
    const row = rowOf(sheet, "2.1.1");
    const older = editSheet(withMetadata(plan, "templateVersion", "0"), "Heping", (s) => ({
      ...setCell(setCell(s, row, 3, { value: "Old label" }), row, sheet.layout.itemLevelColumn, {
        value: 2,
      }),
      names: s.names.map((n) =>
        n.name === "CTMM_DomainScores" ? { ...n, range: { ...n.range, left: 20, right: 20 } } : n,
      ),
    }));
    expect(findingsOf(older)).toEqual(only("TEMPLATE_OUTDATED", "error", null));
    const [finding] = validateWorkbook(readXlsx(writeXlsx(older)), BUILTIN_PACK);
    expect(finding!.message["en-US"]).toMatch(
      new RegExp(
        `older template \\(version 0\\) than the current one \\(version ${TEMPLATE_VERSION}\\); upgrade it with ctmm upgrade`,
      ),
    );
    expect(finding!.message["zh-CN"]).toMatch(/请用 ctmm upgrade 升级/);
    // No version recorded at all is older too.
    expect(findingsOf(withMetadata(plan, "templateVersion", ""))).toEqual(
      only("TEMPLATE_OUTDATED", "error", null),
    );
  });

  it("TEMPLATE_OUTDATED: the entries are still checked", () => {
    const { plan, sheet } = template();
    const older = fillSheet(
      withMetadata(plan, "templateVersion", "0"),
      sheet,
      new Map([["1.1.1", [1, 0.8, "excellent", 0, 0]]]),
    );
    expect(findingsOf(older)).toEqual([
      ...only("TEMPLATE_OUTDATED", "error", null),
      ...only("RATING_INVALID", "error", ratingCell(sheet, "1.1.1", 3)),
    ]);
  });

  it("TEMPLATE_OUTDATED: a sheet that cannot be read says which name is missing", () => {
    const { plan } = template();
    const older = editSheet(withMetadata(plan, "templateVersion", "0"), "Heping", (s) => ({
      ...s,
      names: s.names.filter((n) => n.name !== "CTMM_Ratings"),
    }));
    // No template to place the name: the finding is about the sheet.
    expect(findingsOf(older)).toEqual([
      ...only("TEMPLATE_OUTDATED", "error", null),
      ...only("NAME_MISSING", "error", null),
    ]);
    const messages = validateWorkbook(readXlsx(writeXlsx(older)), BUILTIN_PACK)[1]!.message;
    expect(messages["en-US"]).toBe(
      "The defined name CTMM_Ratings is missing, so this assessment sheet cannot be read",
    );
    expect(messages["zh-CN"]).toBe("缺少名称 CTMM_Ratings，无法读取此评估表");
  });

  it("TEMPLATE_NEWER: one finding for a return from a newer template", () => {
    const { plan } = template();
    const newer = withMetadata(plan, "templateVersion", `${Number(TEMPLATE_VERSION) + 1}`);
    expect(findingsOf(newer)).toEqual(only("TEMPLATE_NEWER", "error", null));
    const [finding] = validateWorkbook(readXlsx(writeXlsx(newer)), BUILTIN_PACK);
    expect(finding!.message["en-US"]).toMatch(/update the CTMM add-in or the ctmm command/);
  });

  it("MODEL_MISMATCH: a newer model version says to use --model with the newer pack", () => {
    const { plan } = template();
    const newer = withMetadata(plan, "packVersion", "1.0.0"); // the release after 1.0.0-draft
    expect(findingsOf(newer)).toEqual(only("MODEL_MISMATCH", "error", null));
    const [finding] = validateWorkbook(readXlsx(writeXlsx(newer)), BUILTIN_PACK);
    expect(finding!.message["en-US"]).toMatch(
      /a newer version of the model; use the newer model pack \(ctmm --model PACK\.json/,
    );
    expect(finding!.message["zh-CN"]).toMatch(/较新的模型包（ctmm --model/);
  });

  it("MODEL_MISMATCH: an older version says to upgrade, an unknown pack says it is another model", () => {
    const { plan } = template();
    const message = (p: WorkbookPlan) =>
      validateWorkbook(readXlsx(writeXlsx(p)), BUILTIN_PACK)[0]!.message["en-US"];
    expect(message(withMetadata(plan, "packVersion", "0.9.0"))).toMatch(
      /an older version of the model; upgrade it with ctmm upgrade$/,
    );
    const other = withMetadata(plan, "packId", "shanghai-local");
    expect(findingsOf(other)).toEqual(only("MODEL_MISMATCH", "error", null));
    expect(message(other)).toMatch(
      /made for model shanghai-local .*: another model; use that model's pack/,
    );
  });

  it("has a stable code and a severity for every finding", () => {
    expect(FINDING_CODES).toEqual({
      RATING_INVALID: "error",
      RATING_TEXT: "error",
      RATING_FORMULA: "error",
      CELL_CHANGED: "error",
      NAME_MISSING: "error",
      NAME_MOVED: "error",
      NAME_WRONG_SCOPE: "error",
      ROWS_CHANGED: "error",
      MODEL_MISMATCH: "error",
      TEMPLATE_OUTDATED: "error",
      TEMPLATE_NEWER: "error",
      FINGERPRINT_MISMATCH: "error",
      RATING_MISSING: "warning",
      ROW_MIXES_NA: "warning",
      ROW_NOT_CUMULATIVE: "warning",
      EVIDENCE_MISSING: "warning",
    });
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
