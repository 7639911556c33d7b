import { strFromU8 } from "fflate";
import { BUILTIN_PACK } from "../../src/model";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import type { CellStyle, WorkbookPlan } from "../../src/sheet/plan";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import {
  convertWithLibreOffice,
  CSV_TARGET,
  inspectWithLibreOffice,
  PDF_TARGET,
  recalculate,
  recalculateMany,
} from "../helpers/libreoffice";
import { at, cell, range, sheetNamed, sheetPlan, unzipText, zipText } from "./helpers";

// SPEC §9: native formulas are checked in a real spreadsheet engine. These tests need LibreOffice
// (soffice on PATH, or $SOFFICE); each soffice start takes a few seconds.
jest.setTimeout(180_000);

const MAIN = "O'Brien 和平区";
const INPUT: CellStyle = { locked: false, fill: "FFF2CC", border: "thin" };
const RATINGS = [
  ["a", 1, 1, 0.8, 0.5, 0],
  ["b", 1, 0.8, 0.5, 0, 0],
  ["c", 1, 1, 1, 0.8, 0.5],
] as const;

/**
 * SPEC §3's worked example (three items, equal weights, full mode) as portable formulas over
 * sheet-scoped names: S = (1, 0.933333, 0.766667, 0.433333, 0.166667), level 2, score 2.95833375.
 */
function workedExample(): WorkbookPlan {
  const ratingCells = RATINGS.flatMap(([id, ...ratings], i) => [
    cell(`C${i + 2}`, { value: id }),
    cell(`D${i + 2}`, { value: 1 }),
    ...ratings.map((value, l) => ({ row: i + 1, column: 4 + l, value, style: INPUT })),
  ]);
  const levelScores = ["E", "F", "G", "H", "I"].map((col) =>
    cell(`${col}6`, {
      formula: `ROUND(SUMPRODUCT(CTMM_Weights,${col}2:${col}4)/SUM(CTMM_Weights),6)`,
      style: { numberFormat: "0.000000" },
    }),
  );
  return {
    title: "LibreOffice check",
    sheets: [
      sheetPlan({
        name: MAIN,
        protect: true,
        cells: [
          cell("A1", { value: "=1+1" }),
          cell("B1", { value: "公式" }),
          ...ratingCells,
          ...levelScores,
          cell("A8", { value: "level" }),
          cell("B8", {
            formula: "IF(E6<0.8,0,IF(F6<0.8,1,IF(G6<0.8,2,IF(H6<0.8,3,IF(I6<0.8,4,5)))))",
          }),
          cell("B9", { formula: "IF(B8=5,5,ROUND(B8+INDEX(E6:I6,1,B8+1)/0.8,8))" }),
          cell("B10", { formula: "COUNTIF(CTMM_Ratings,1)" }),
          cell("B11", { formula: 'IFERROR(1/0,"div0")' }),
          cell("B12", { formula: 'MATCH("c",CTMM_ItemIds,0)' }),
          cell("B13", { formula: "SUM(CTMM_Ratings)" }),
          cell("B14", { formula: "INDEX(CTMM_Ratings,3,4)" }),
          cell("B15", { formula: 'IF(B8<5,"L"&(B8+1)&": "&TEXT(G6,"0.00")&" / 0.80","")' }),
          cell("B16", { formula: "'Second sheet'!A1*2" }),
          cell("B17", { formula: 'IFERROR(INDEX(CTMM_Ratings,9,9),"out")' }),
          cell("B18", { formula: 'COUNTIF(CTMM_Ratings,">=0.8")' }),
          cell("B19", { value: true }),
        ],
        merges: [range("A20:C20")],
        validations: [
          {
            range: range("E2:I4"),
            list: ["1", "0.8", "0.5", "0", "N/A"],
            allowBlank: true,
            errorTitle: "评分无效",
            error: "请从下拉列表中选择",
            promptTitle: "评分",
            prompt: "1 / 0.8 / 0.5 / 0 / N/A",
          },
        ],
        conditionalFormats: [
          { range: range("E2:I4"), formula: "E2=1", style: { fill: "C6EFCE" }, priority: 1 },
        ],
        names: [
          { name: "CTMM_ItemIds", range: range("C2:C4") },
          { name: "CTMM_Weights", range: range("D2:D4") },
          { name: "CTMM_Ratings", range: range("E2:I4") },
          { name: "CTMM_OverallLevel", range: range("B8") },
        ],
        freeze: { rows: 1, columns: 4 },
      }),
      sheetPlan({
        name: "Second sheet",
        cells: [
          cell("A1", { value: 21 }),
          cell("B2", { value: 10 }),
          cell("B3", { value: 20 }),
          // The same name, scoped to this sheet, must resolve to this sheet's cells.
          cell("C1", { formula: "SUM(CTMM_Ratings)" }),
        ],
        names: [{ name: "CTMM_Ratings", range: range("B2:B3") }],
      }),
      sheetPlan({ name: "Hidden", visibility: "hidden", cells: [cell("A1", { value: "h" })] }),
      sheetPlan({
        name: "CTMM_Meta",
        visibility: "veryHidden",
        protect: true,
        cells: [cell("A1", { value: "meta" })],
      }),
    ],
  };
}

describe("LibreOffice Calc recalculates our workbooks", () => {
  let recalculated: Uint8Array;
  let seconds: number;

  beforeAll(async () => {
    const start = Date.now();
    recalculated = await recalculate(writeXlsx(workedExample()));
    seconds = (Date.now() - start) / 1000;
  });

  it("computes the worked example's level scores, level and score", () => {
    const sheet = sheetNamed(readXlsx(recalculated), MAIN);
    const s = ["E6", "F6", "G6", "H6", "I6"].map((a1) => at(sheet, a1)!.value);
    expect(s).toEqual([1, 0.933333, 0.766667, 0.433333, 0.166667]);
    expect(at(sheet, "B8")!.value).toBe(2);
    expect(at(sheet, "B9")!.value).toBe(2.95833375);
    expect(at(sheet, "B9")!.formula).toBe("IF(B8=5,5,ROUND(B8+INDEX(E6:I6,1,B8+1)/0.8,8))");
    console.info(`LibreOffice recalculated one workbook in ${seconds.toFixed(1)} s`);
  });

  it("evaluates COUNTIF, IFERROR, MATCH, INDEX, TEXT and sheet-scoped names", () => {
    const grid = readXlsx(recalculated);
    const sheet = sheetNamed(grid, MAIN);
    expect(at(sheet, "B10")!.value).toBe(6);
    expect(at(sheet, "B11")!.value).toBe("div0");
    expect(at(sheet, "B12")!.value).toBe(3);
    expect(at(sheet, "B13")!.value).toBeCloseTo(9.9, 12);
    expect(at(sheet, "B14")!.value).toBe(0.8);
    expect(at(sheet, "B15")!.value).toBe("L3: 0.77 / 0.80");
    expect(at(sheet, "B16")!.value).toBe(42);
    expect(at(sheet, "B17")!.value).toBe("out");
    expect(at(sheet, "B18")!.value).toBe(9);
    expect(at(sheetNamed(grid, "Second sheet"), "C1")!.value).toBe(30);
    for (const c of sheet.cells.values()) expect(c.error).toBeUndefined();
  });

  it("keeps formula-like text as text", () => {
    const sheet = sheetNamed(readXlsx(recalculated), MAIN);
    expect(at(sheet, "A1")).toEqual({ value: "=1+1", locked: true });
    expect(at(sheet, "B1")!.value).toBe("公式");
  });

  it("keeps the sheet-scoped names", () => {
    const names = readXlsx(recalculated).names.filter((n) => n.name.startsWith("CTMM_"));
    expect(
      names
        .map((n) => ({ name: n.name, scope: n.scope, target: n.target }))
        .sort((a, b) => `${a.scope}${a.name}`.localeCompare(`${b.scope}${b.name}`)),
    ).toEqual(
      [
        { name: "CTMM_ItemIds", scope: MAIN, target: { sheet: MAIN, ...range("C2:C4") } },
        { name: "CTMM_OverallLevel", scope: MAIN, target: { sheet: MAIN, ...range("B8") } },
        { name: "CTMM_Ratings", scope: MAIN, target: { sheet: MAIN, ...range("E2:I4") } },
        { name: "CTMM_Weights", scope: MAIN, target: { sheet: MAIN, ...range("D2:D4") } },
        {
          name: "CTMM_Ratings",
          scope: "Second sheet",
          target: { sheet: "Second sheet", ...range("B2:B3") },
        },
      ].sort((a, b) => `${a.scope}${a.name}`.localeCompare(`${b.scope}${b.name}`)),
    );
  });

  it("keeps unlocked input cells, protection, validations, merges and hidden sheets", () => {
    const grid = readXlsx(recalculated);
    const sheet = sheetNamed(grid, MAIN);
    for (let row = 1; row <= 3; row++) {
      for (let column = 4; column <= 8; column++) {
        expect(sheet.cells.get(`${row},${column}`)!.locked).toBe(false);
      }
    }
    expect(at(sheet, "B8")!.locked).toBe(true);
    expect(at(sheet, "C2")!.locked).toBe(true);
    expect(sheet.protected).toBe(true);
    expect(sheet.validations).toEqual([
      { ranges: [range("E2:I4")], type: "list", formula: '"1,0.8,0.5,0,N/A"' },
    ]);
    expect(sheet.merges).toEqual([range("A20:C20")]);
    // LibreOffice has no "very hidden": such a sheet comes back merely hidden.
    expect(grid.sheets.map((s) => [s.name, s.visibility, s.protected])).toEqual([
      [MAIN, "visible", true],
      ["Second sheet", "visible", false],
      ["Hidden", "hidden", false],
      ["CTMM_Meta", "hidden", true],
    ]);
  });

  it("keeps the drop-down's messages and the conditional format", () => {
    const sheetXml = unzipText(recalculated)["xl/worksheets/sheet1.xml"]!;
    expect(sheetXml).toMatch(/<dataValidation [^>]*error="请从下拉列表中选择"/);
    expect(sheetXml).toMatch(/<dataValidation [^>]*showErrorMessage="true"/);
    expect(sheetXml).toMatch(/<dataValidation [^>]*errorStyle="stop"/);
    expect(sheetXml).toMatch(/<dataValidation [^>]*prompt="1 \/ 0.8 \/ 0.5 \/ 0 \/ N\/A"/);
    expect(sheetXml).toMatch(
      /<conditionalFormatting sqref="E2:I4"><cfRule type="expression"[^>]*><formula>E2=1<\/formula>/,
    );
    const styles = unzipText(recalculated)["xl/styles.xml"]!;
    expect(styles).toContain('<bgColor rgb="FFC6EFCE"/>');
  });

  it("keeps booleans as TRUE (LibreOffice writes them back as the formula TRUE())", () => {
    const b19 = at(sheetNamed(readXlsx(recalculated), MAIN), "B19")!;
    expect(b19.value).toBe(true);
    expect(b19.formula).toBe("TRUE()");
  });
});

describe("LibreOffice Calc shows our view settings", () => {
  it("freezes panes and selects the first visible sheet; colours the tab of an unprotected sheet", async () => {
    const plan: WorkbookPlan = {
      sheets: [
        sheetPlan({ name: "Hidden first", visibility: "hidden" }),
        sheetPlan({
          name: "评估 O'Neil",
          protect: true,
          tabColor: "1F4E79",
          freeze: { rows: 6, columns: 4 },
          cells: [cell("A1", { value: "x" })],
        }),
        sheetPlan({ name: "Open", tabColor: "FF0000" }),
      ],
    };
    const view = await inspectWithLibreOffice(writeXlsx(plan));
    expect(view).toEqual({
      frozenRows: 6,
      frozenColumns: 4,
      activeSheet: "评估 O'Neil",
      sheets: [
        { name: "Hidden first", tabColor: null, visible: false, protected: false },
        // LibreOffice 7.4 applies sheet protection before the tab colour, so a protected sheet
        // loses its tab colour there (Excel keeps it). Nothing in the file can change that.
        { name: "评估 O'Neil", tabColor: null, visible: true, protected: true },
        { name: "Open", tabColor: "FF0000", visible: true, protected: false },
      ],
    });
  });
});

describe("LibreOffice Calc and the planner's assessment workbook", () => {
  it("computes every formula of a two-district workbook without an error, keeping its names", async () => {
    const { plan } = planWorkbook(BUILTIN_PACK, {
      language: "zh-CN",
      mode: "full",
      formulaStyle: "portable",
      districts: ["和平区", "O'Brien district"],
    });
    const written = readXlsx(writeXlsx(plan));
    const grid = readXlsx(await recalculate(writeXlsx(plan)));
    for (const sheet of written.sheets) {
      const after = sheetNamed(grid, sheet.name);
      for (const [key, before] of sheet.cells) {
        const computed = after.cells.get(key);
        expect({ key, locked: computed?.locked }).toEqual({ key, locked: before.locked });
        if (before.formula === undefined) continue;
        expect({ key, formula: computed!.formula, error: computed!.error }).toEqual({
          key,
          formula: before.formula,
          error: undefined,
        });
        expect(computed!.value).not.toBeNull();
      }
      expect(after.protected).toBe(sheet.protected);
      expect(after.validations).toEqual(sheet.validations);
      // LibreOffice writes merges sorted by position.
      const sorted = (merges: typeof sheet.merges) =>
        [...merges].sort((a, b) => a.top - b.top || a.left - b.left);
      expect(sorted(after.merges)).toEqual(sorted(sheet.merges));
    }
    const names = (g: typeof grid) =>
      g.names.map((n) => JSON.stringify([n.name, n.scope, n.target])).sort();
    expect(names(grid)).toEqual(names(written));
    // Nothing is rated yet, so every district is below level 1.
    for (const name of grid.names.filter((n) => n.name === "CTMM_OverallLevel")) {
      const target = name.target!;
      expect(sheetNamed(grid, target.sheet).cells.get(`${target.top},${target.left}`)!.value).toBe(
        0,
      );
    }
  });
});

describe("the LibreOffice helper", () => {
  it("recalculates on load even when the file carries stale cached values", async () => {
    // A file from another writer: a wrong cached value and no request to recalculate.
    const stale = zipText({
      "[Content_Types].xml":
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      "_rels/.rels":
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      "xl/workbook.xml":
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>',
      "xl/_rels/workbook.xml.rels":
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      "xl/worksheets/sheet1.xml":
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>2</v></c><c r="B1"><f>A1*21</f><v>5</v></c></row></sheetData></worksheet>',
    });
    expect(at(readXlsx(stale).sheets[0]!, "B1")!.value).toBe(5);
    const grid = readXlsx(await recalculate(stale));
    expect(at(grid.sheets[0]!, "B1")!.value).toBe(42);
  });

  it("converts many workbooks in one soffice run, in order", async () => {
    const plans = [1, 2, 3, 4, 5, 6].map((n) => ({
      sheets: [
        sheetPlan({
          name: `Book ${n}`,
          cells: [cell("A1", { value: n }), cell("B1", { formula: "A1*A1" })],
        }),
      ],
    }));
    const start = Date.now();
    const results = await recalculateMany(plans.map(writeXlsx));
    const seconds = (Date.now() - start) / 1000;
    console.info(
      `LibreOffice recalculated ${plans.length} workbooks in ${seconds.toFixed(1)} s ` +
        `(${(seconds / plans.length).toFixed(2)} s per file)`,
    );
    expect(results.map((bytes) => at(readXlsx(bytes).sheets[0]!, "B1")!.value)).toEqual([
      1, 4, 9, 16, 25, 36,
    ]);
  });

  it("opens our workbook without complaint: CSV of every sheet and a PDF", async () => {
    const bytes = writeXlsx(workedExample());
    const [csv] = await convertWithLibreOffice([bytes], CSV_TARGET);
    const main = strFromU8(csv!.get(`-${MAIN}`)!);
    expect(main).toContain("=1+1,公式");
    expect(main).toContain("a,1,1,1,0.8,0.5,0");
    expect(main.split("\n")[7]).toMatch(/^level,2,*$/);
    expect(strFromU8(csv!.get("-Second sheet")!)).toContain("21,,30");
    const [pdf] = await convertWithLibreOffice([bytes], PDF_TARGET);
    const head = strFromU8(pdf!.get("")!.slice(0, 5));
    expect(head).toBe("%PDF-");
  });

  it("times out with a clear error", async () => {
    await expect(recalculate(writeXlsx(workedExample()), { timeoutMs: 50 })).rejects.toThrow(
      /LibreOffice did not finish converting 1 file\(s\) within 0.05 s/,
    );
  });
});
