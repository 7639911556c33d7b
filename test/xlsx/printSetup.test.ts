import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BUILTIN_PACK } from "../../src/model";
import type { PrintPlan } from "../../src/sheet/plan";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { writeXlsx, XlsxError } from "../../src/xlsx";
import { cell, childOrder, range, sheetPlan, unzipText } from "./helpers";

const A4_LANDSCAPE: PrintPlan = {
  orientation: "landscape",
  paper: "A4",
  fitToWidth: 1,
  fitToHeight: 0,
  titleRows: { top: 16, bottom: 16 },
  area: range("A1:N53"),
  margins: { left: 0.25, right: 0.25, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
  centerHorizontally: true,
};

const printed = (print: PrintPlan, name = "和平区") =>
  sheetPlan({
    name,
    tabColor: "1F4E79",
    cells: [cell("A1", { value: "x" })],
    rows: [
      { index: 0, height: 26 },
      { index: 1, height: 30, fitted: true },
    ],
    merges: [range("A1:B1")],
    validations: [
      {
        range: range("E18:I53"),
        list: ["1", "0"],
        allowBlank: true,
        errorTitle: "t",
        error: "e",
      },
    ],
    names: [{ name: "CTMM_Ratings", range: range("E18:I53") }],
    protect: true,
    print,
  });

describe("the print setup in the .xlsx file", () => {
  const parts = unzipText(
    writeXlsx({
      sheets: [
        printed(A4_LANDSCAPE),
        sheetPlan({ name: "Plain", cells: [cell("A1", { value: 1 })] }),
      ],
    }),
  );
  const sheet = parts["xl/worksheets/sheet1.xml"]!;

  it("writes pageSetUpPr, printOptions, margins and pageSetup in CT_Worksheet's order", () => {
    expect(childOrder(sheet)).toEqual([
      "sheetPr",
      "dimension",
      "sheetViews",
      "sheetFormatPr",
      "sheetData",
      "sheetProtection",
      "mergeCells",
      "dataValidations",
      "printOptions",
      "pageMargins",
      "pageSetup",
    ]);
    // CT_SheetPr: tabColor before pageSetUpPr.
    expect(sheet).toContain(
      '<sheetPr><tabColor rgb="FF1F4E79"/><pageSetUpPr fitToPage="1"/></sheetPr>',
    );
    expect(sheet).toContain('<printOptions horizontalCentered="1"/>');
    expect(sheet).toContain(
      '<pageMargins left="0.25" right="0.25" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>',
    );
    expect(sheet).toContain(
      '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>',
    );
  });

  it("defines the print area and title rows as sheet-scoped built-in names", () => {
    const workbook = parts["xl/workbook.xml"]!;
    expect(workbook).toContain(
      `<definedName name="_xlnm.Print_Area" localSheetId="0">'和平区'!$A$1:$N$53</definedName>`,
    );
    expect(workbook).toContain(
      `<definedName name="_xlnm.Print_Titles" localSheetId="0">'和平区'!$17:$17</definedName>`,
    );
    expect(workbook.match(/_xlnm/g)).toHaveLength(2);
  });

  it("writes a fitted height without customHeight, so that spreadsheets may refit the row", () => {
    expect(sheet).toContain('<row r="1" ht="26" customHeight="1">');
    expect(sheet).toContain('<row r="2" ht="30"/>');
  });

  it("leaves a sheet without print setup as before: default margins, no page setup", () => {
    const plain = parts["xl/worksheets/sheet2.xml"]!;
    expect(childOrder(plain)).not.toContain("pageSetup");
    expect(childOrder(plain)).not.toContain("sheetPr");
    expect(plain).toContain(
      '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>',
    );
  });

  it.each([
    [{ ...A4_LANDSCAPE, fitToWidth: 1.5 }, /fitToWidth 1.5 is outside 0..32767/],
    [{ ...A4_LANDSCAPE, fitToHeight: -1 }, /fitToHeight -1 is outside/],
    [{ ...A4_LANDSCAPE, area: { top: 5, left: 0, bottom: 2, right: 3 } }, /print area/],
    [{ ...A4_LANDSCAPE, titleRows: { top: 3, bottom: 1 } }, /print titles/],
    [
      { ...A4_LANDSCAPE, margins: { ...A4_LANDSCAPE.margins!, left: -0.1 } },
      /left margin -0.1 is outside/,
    ],
  ])("refuses a print setup Excel would not open (%#)", (print, message) => {
    expect(() => writeXlsx({ sheets: [printed(print)] })).toThrow(message);
    expect(() => writeXlsx({ sheets: [printed(print)] })).toThrow(XlsxError);
  });

  it("refuses a plan name in the built-in _xlnm namespace", () => {
    const sheet = sheetPlan({
      name: "S",
      names: [{ name: "_xlnm.Print_Area", range: range("A1:B2") }],
    });
    expect(() => writeXlsx({ sheets: [sheet] })).toThrow(/built-in names/);
  });
});

// The shared ECMA-376 validator (xmllint against the transitional schemas, plus package checks).
const VALIDATOR =
  process.env["CTMM_OOXML_VALIDATOR"] ??
  resolve(__dirname, "../../../shared/ooxml/validate-xlsx.sh");
describe("templates against the ECMA-376 schemas", () => {
  it("has the validator and xmllint (.ci/run installs libxml2-utils)", () => {
    expect(existsSync(VALIDATOR)).toBe(true);
    expect(spawnSync("xmllint", ["--version"]).status).toBe(0);
  });

  it("validates full and quick templates, in both languages, with their print setup", () => {
    const dir = mkdtempSync(join(tmpdir(), "ctmm-validate-"));
    try {
      const files = (["zh-CN", "en-US"] as const).flatMap((language) =>
        (["full", "quick"] as const).map((mode) => {
          const { plan } = planWorkbook(BUILTIN_PACK, {
            language,
            mode,
            formulaStyle: "portable",
            districts: ["和平区", "District 2"],
          });
          const file = join(dir, `${language}-${mode}.xlsx`);
          writeFileSync(file, writeXlsx(plan));
          return file;
        }),
      );
      const result = spawnSync(VALIDATOR, ["--checks", ...files], { encoding: "utf8" });
      expect([result.status, result.stdout + result.stderr]).toEqual([
        0,
        expect.stringContaining("0 error(s), 0 warning(s)"),
      ]);
      expect(result.stdout).not.toMatch(/[1-9]\d* error\(s\)|[1-9]\d* warning\(s\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
