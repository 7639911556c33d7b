import type { WorkbookPlan } from "../../src/sheet/plan";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { at, cell, range, sheetNamed, sheetPlan } from "./helpers";

const RATING_LIST = ["1", "0.8", "0.5", "0", "N/A"];

function plan(): WorkbookPlan {
  return {
    title: "Round trip",
    sheets: [
      sheetPlan({
        name: "O'Neil district 和平区",
        protect: true,
        cells: [
          cell("A1", { value: "城市全域数字化转型 成熟度模型" }),
          cell("A2", { value: "=SUM(1,2)" }),
          cell("A3", { value: "+86 22 1234 5678" }),
          cell("A4", { value: "-not a number" }),
          cell("A5", { value: "@mention" }),
          cell("A6", { value: "line 1\nline 2\r\nline 3\ttab" }),
          cell("A7", { value: "  spaces kept  " }),
          cell("A8", { value: "emoji 😀 and _x0041_ literal" }),
          cell("A9", { value: "" }),
          cell("B1", { value: 0.8 }),
          cell("B2", { value: -0.5 }),
          cell("B3", { value: 1e-7 }),
          cell("B4", { value: 123456789.123 }),
          cell("B5", { value: true }),
          cell("B6", { value: false }),
          cell("B7", { value: 45_000, style: { numberFormat: "yyyy-mm-dd" } }),
          cell("C1", { formula: "SUMPRODUCT(B1:B4,B1:B4)" }),
          cell("C2", { formula: 'IF(A1="","空",A1&"<&>")' }),
          cell("C3", { formula: "SUM(CTMM_Ratings)" }),
          cell("E7", { value: null, style: { locked: false } }),
          cell("F7", { value: 1, style: { locked: false, fill: "FFF2CC" } }),
          cell("G7", { value: "N/A", style: { locked: true, fill: "FFF2CC" } }),
        ],
        merges: [range("A10:D10"), range("E1:F2")],
        validations: [
          {
            range: range("E7:I43"),
            list: RATING_LIST,
            allowBlank: true,
            errorTitle: "Invalid rating",
            error: "Choose from the list",
          },
        ],
        names: [
          { name: "CTMM_Ratings", range: range("E7:I43") },
          { name: "CTMM_OverallLevel", range: range("K5") },
        ],
      }),
      sheetPlan({
        name: "Second sheet",
        cells: [cell("A1", { value: "two" })],
        names: [{ name: "CTMM_Ratings", range: range("B2:C3") }],
      }),
      sheetPlan({ name: "Hidden one", visibility: "hidden" }),
      sheetPlan({ name: "CTMM_Meta", visibility: "veryHidden", protect: true }),
    ],
  };
}

describe("plan → writeXlsx → readXlsx", () => {
  const grid = readXlsx(writeXlsx(plan()));
  const main = sheetNamed(grid, "O'Neil district 和平区");

  it("keeps the sheets, their order and their visibility", () => {
    expect(grid.sheets.map((s) => [s.name, s.visibility])).toEqual([
      ["O'Neil district 和平区", "visible"],
      ["Second sheet", "visible"],
      ["Hidden one", "hidden"],
      ["CTMM_Meta", "veryHidden"],
    ]);
  });

  it("keeps text as text, including text that looks like a formula", () => {
    expect(at(main, "A1")).toEqual({ value: "城市全域数字化转型 成熟度模型", locked: true });
    for (const a1 of ["A2", "A3", "A4", "A5"]) expect(at(main, a1)!.formula).toBeUndefined();
    expect(at(main, "A2")!.value).toBe("=SUM(1,2)");
    expect(at(main, "A3")!.value).toBe("+86 22 1234 5678");
    expect(at(main, "A4")!.value).toBe("-not a number");
    expect(at(main, "A5")!.value).toBe("@mention");
    expect(at(main, "A6")!.value).toBe("line 1\nline 2\r\nline 3\ttab");
    expect(at(main, "A7")!.value).toBe("  spaces kept  ");
    expect(at(main, "A8")!.value).toBe("emoji 😀 and _x0041_ literal");
    expect(at(main, "A9")!.value).toBe("");
  });

  it("keeps numbers (dates stay serial numbers) and booleans", () => {
    expect(at(main, "B1")!.value).toBe(0.8);
    expect(at(main, "B2")!.value).toBe(-0.5);
    expect(at(main, "B3")!.value).toBe(1e-7);
    expect(at(main, "B4")!.value).toBe(123456789.123);
    expect(at(main, "B5")!.value).toBe(true);
    expect(at(main, "B6")!.value).toBe(false);
    expect(at(main, "B7")!.value).toBe(45_000);
  });

  it("keeps formulas, without a cached value", () => {
    expect(at(main, "C1")).toEqual({
      value: null,
      formula: "SUMPRODUCT(B1:B4,B1:B4)",
      locked: true,
    });
    expect(at(main, "C2")!.formula).toBe('IF(A1="","空",A1&"<&>")');
    expect(at(main, "C3")!.formula).toBe("SUM(CTMM_Ratings)");
  });

  it("keeps locked and unlocked cells, including empty input cells", () => {
    expect(at(main, "E7")).toEqual({ value: null, locked: false });
    expect(at(main, "F7")).toEqual({ value: 1, locked: false });
    expect(at(main, "G7")).toEqual({ value: "N/A", locked: true });
  });

  it("keeps sheet-scoped names, with their targets", () => {
    expect(grid.names).toEqual([
      {
        name: "CTMM_Ratings",
        scope: "O'Neil district 和平区",
        reference: "'O''Neil district 和平区'!$E$7:$I$43",
        target: { sheet: "O'Neil district 和平区", top: 6, left: 4, bottom: 42, right: 8 },
      },
      {
        name: "CTMM_OverallLevel",
        scope: "O'Neil district 和平区",
        reference: "'O''Neil district 和平区'!$K$5",
        target: { sheet: "O'Neil district 和平区", top: 4, left: 10, bottom: 4, right: 10 },
      },
      {
        name: "CTMM_Ratings",
        scope: "Second sheet",
        reference: "'Second sheet'!$B$2:$C$3",
        target: { sheet: "Second sheet", top: 1, left: 1, bottom: 2, right: 2 },
      },
    ]);
  });

  it("keeps validations, merges and protection", () => {
    expect(main.validations).toEqual([
      { ranges: [range("E7:I43")], type: "list", formula: '"1,0.8,0.5,0,N/A"' },
    ]);
    expect(main.merges).toEqual([range("A10:D10"), range("E1:F2")]);
    expect(main.protected).toBe(true);
    expect(sheetNamed(grid, "Second sheet").protected).toBe(false);
    expect(sheetNamed(grid, "CTMM_Meta").protected).toBe(true);
  });

  it("reads an empty sheet as an empty grid", () => {
    expect(sheetNamed(grid, "Hidden one").cells.size).toBe(0);
  });
});
