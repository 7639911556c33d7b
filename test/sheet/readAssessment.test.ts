/**
 * Which sheets are assessments, and what the reader makes of names that are missing, moved or
 * of the wrong scope, and of formulas in rating cells.
 */
import { assess, BUILTIN_PACK, CtmmError } from "../../src/model";
import type { GridName, WorkbookGrid } from "../../src/sheet/grid";
import { SHEET_NAMES } from "../../src/sheet/contract";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import {
  listAssessmentSheets,
  readSheetAssessment,
  SheetReadError,
} from "../../src/sheet/readAssessment";
import { validateWorkbook } from "../../src/sheet/validateWorkbook";
import { readXlsx, writeXlsx } from "../../src/xlsx";

function returned(districts = ["Heping", "Hexi"]): WorkbookGrid {
  const { plan } = planWorkbook(BUILTIN_PACK, {
    language: "en-US",
    mode: "full",
    formulaStyle: "portable",
    districts,
  });
  return readXlsx(writeXlsx(plan));
}

const editNames = (grid: WorkbookGrid, edit: (n: GridName) => GridName | null): WorkbookGrid => ({
  ...grid,
  names: grid.names.map(edit).filter((n): n is GridName => n !== null),
});

function readError(grid: WorkbookGrid, sheet: string): SheetReadError {
  try {
    readSheetAssessment(grid, sheet);
  } catch (error) {
    if (error instanceof SheetReadError) return error;
    throw error;
  }
  throw new Error("expected a SheetReadError");
}

describe("listAssessmentSheets", () => {
  it("lists the sheets with the assessment names, not the metadata sheet", () => {
    expect(listAssessmentSheets(returned())).toEqual(["Heping", "Hexi"]);
  });

  it("still lists a sheet whose CTMM_Ratings was deleted", () => {
    const grid = editNames(returned(), (n) =>
      n.scope === "Hexi" && n.name === SHEET_NAMES.ratings ? null : n,
    );
    expect(listAssessmentSheets(grid)).toEqual(["Heping", "Hexi"]);
  });

  it("lists a sheet with workbook-scoped names once: the sheet they point into", () => {
    const grid = editNames(returned(), (n) => (n.scope === "Heping" ? { ...n, scope: null } : n));
    expect(listAssessmentSheets(grid)).toEqual(["Heping", "Hexi"]);
    const alone = editNames(returned(["Heping"]), (n) => ({ ...n, scope: null }));
    expect(listAssessmentSheets(alone)).toEqual(["Heping"]);
    // Read as Excel resolves the names: validation reports the scope, scoring still works.
    expect(readSheetAssessment(alone, "Heping").items).toHaveLength(37);
  });

  it("lists nothing without the names", () => {
    expect(listAssessmentSheets({ ...returned(), names: [] })).toEqual([]);
  });
});

describe("readSheetAssessment's errors", () => {
  it("say which name is missing", () => {
    const grid = editNames(returned(), (n) =>
      n.scope === "Hexi" && n.name === SHEET_NAMES.ratings ? null : n,
    );
    const error = readError(grid, "Hexi");
    expect([error.reason, error.definedName, error.sheet]).toEqual([
      "missing",
      "CTMM_Ratings",
      "Hexi",
    ]);
    expect(error.message).toBe("the defined name CTMM_Ratings is missing");
  });

  it("say which name points elsewhere", () => {
    const grid = editNames(returned(), (n) =>
      n.scope === "Hexi" && n.name === SHEET_NAMES.itemIds
        ? { ...n, reference: "Heping!$C$17:$C$53", target: { ...n.target!, sheet: "Heping" } }
        : n,
    );
    const error = readError(grid, "Hexi");
    expect([error.reason, error.definedName]).toEqual(["moved", "CTMM_ItemIds"]);
    expect(error.message).toMatch(/CTMM_ItemIds refers to Heping!\$C\$17:\$C\$53, not to a range/);
  });

  it("keep the old two-argument form", () => {
    const error = new SheetReadError("X", "why");
    expect([error.reason, error.definedName, error.message]).toEqual(["unreadable", null, "why"]);
  });
});

describe("a formula in a rating cell", () => {
  function withFormula(): WorkbookGrid {
    const grid = returned(["Heping"]);
    const ratings = grid.names.find((n) => n.name === SHEET_NAMES.ratings)!.target!;
    const key = `${ratings.top},${ratings.left + 2}`;
    return {
      ...grid,
      sheets: grid.sheets.map((s) =>
        s.name === "Heping"
          ? {
              ...s,
              cells: new Map([...s.cells, [key, { value: 1, formula: "E18", locked: false }]]),
            }
          : s,
      ),
    };
  }

  it("is read as its formula, never as its cached result nor as a blank", () => {
    const read = readSheetAssessment(withFormula(), "Heping");
    expect(read.input.ratings.get("1.1.1")).toEqual([null, null, "=E18", null, null]);
    expect(read.ratingFormulas).toEqual([
      { id: "1.1.1", row: 17, column: 6, cell: "G18", level: 3, formula: "E18", cached: 1 },
    ]);
  });

  it("is refused by the engine, and found by validation", () => {
    const grid = withFormula();
    const read = readSheetAssessment(grid, "Heping");
    expect(() => assess(BUILTIN_PACK, read.input)).toThrow(CtmmError);
    expect(validateWorkbook(grid, BUILTIN_PACK).filter((f) => f.severity === "error")).toEqual([
      expect.objectContaining({ code: "RATING_FORMULA", sheet: "Heping", cell: "G18" }),
    ]);
  });
});
