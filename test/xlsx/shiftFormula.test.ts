import { shiftFormula } from "../../src/xlsx";

describe("shiftFormula (shared formulas of Excel files)", () => {
  it.each([
    ["A1+B2", 1, 0, "A2+B3"],
    ["SUM(A1:B1)*$C$1", 2, 1, "SUM(B3:C3)*$C$1"],
    ["$A1+A$1", 3, 3, "$A4+D$1"],
    ["'My sheet'!A1+Sheet2!$B2", 1, 1, "'My sheet'!B2+Sheet2!$B3"],
    ['IF(A1="A1",LOG10(A1),"B2")', 1, 0, 'IF(A2="A1",LOG10(A2),"B2")'],
    ["SUM(CTMM_Ratings)+TAX2019_rate+R1C1name", 5, 5, "SUM(CTMM_Ratings)+TAX2019_rate+R1C1name"],
    ["SUM(A:A)+SUM(1:1)+SUM($B:$B)", 1, 1, "SUM(B:B)+SUM(2:2)+SUM($B:$B)"],
    ["A1*1.5E+3+0.5", 1, 0, "A2*1.5E+3+0.5"],
    ["Table1[[#This Row],[A1]]+A1", 1, 0, "Table1[[#This Row],[A1]]+A2"],
  ])("%s moved by (%i, %i) is %s", (formula, rows, columns, expected) => {
    expect(shiftFormula(formula, rows, columns)).toBe(expected);
  });

  it("turns references pushed off the grid into #REF!", () => {
    expect(shiftFormula("A1+XFD1", 0, 1)).toBe("B1+#REF!");
    expect(shiftFormula("A1048576", 1, 0)).toBe("#REF!");
  });

  it("leaves the formula alone when there is no offset", () => {
    expect(shiftFormula("A1", 0, 0)).toBe("A1");
  });
});
