import type { WorkbookPlan } from "../../src/sheet/plan";
import { writeXlsx, XlsxError } from "../../src/xlsx";
import { cell, childOrder, followsSequence, range, sheetPlan, unzipText } from "./helpers";

// Child element sequences from the ECMA-376 Part 1 schema (sml.xsd, transitional).
const CT_WORKSHEET = [
  "sheetPr",
  "dimension",
  "sheetViews",
  "sheetFormatPr",
  "cols",
  "sheetData",
  "sheetCalcPr",
  "sheetProtection",
  "protectedRanges",
  "scenarios",
  "autoFilter",
  "sortState",
  "dataConsolidate",
  "customSheetViews",
  "mergeCells",
  "phoneticPr",
  "conditionalFormatting",
  "dataValidations",
  "hyperlinks",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "rowBreaks",
  "colBreaks",
  "customProperties",
  "cellWatches",
  "ignoredErrors",
  "smartTags",
  "drawing",
  "legacyDrawing",
  "legacyDrawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
];
const CT_WORKBOOK = [
  "fileVersion",
  "fileSharing",
  "workbookPr",
  "workbookProtection",
  "bookViews",
  "sheets",
  "functionGroups",
  "externalReferences",
  "definedNames",
  "calcPr",
  "oleSize",
  "customWorkbookViews",
  "pivotCaches",
  "extLst",
];
const CT_STYLESHEET = [
  "numFmts",
  "fonts",
  "fills",
  "borders",
  "cellStyleXfs",
  "cellXfs",
  "cellStyles",
  "dxfs",
  "tableStyles",
  "colors",
  "extLst",
];

/** A plan that uses every feature of the writer. */
function fullPlan(): WorkbookPlan {
  return {
    title: "CTMM 自评估",
    creator: "CTMM for Excel",
    sheets: [
      sheetPlan({
        name: "和平区",
        tabColor: "1F4E79",
        freeze: { rows: 6, columns: 4 },
        protect: true,
        columns: [
          { index: 0, width: 12 },
          { index: 16, hidden: true },
        ],
        rows: [{ index: 0, height: 28 }],
        cells: [
          cell("A1", { value: "标题", style: { bold: true, fontSize: 14, fill: "DDEBF7" } }),
          cell("E7", { value: null, style: { locked: false, fill: "FFF2CC", border: "thin" } }),
          cell("F7", { value: 0.8, style: { locked: false, fill: "FFF2CC", border: "thin" } }),
          cell("J7", { formula: 'IF(E7="",0,E7)', style: { numberFormat: "0.00" } }),
          cell("K7", { formula: "ROUND(J7,2)", style: { numberFormat: "0.000" } }),
        ],
        merges: [range("A1:D1")],
        validations: [
          {
            range: range("E7:I43"),
            list: ["1", "0.8", "0.5", "0", "N/A"],
            allowBlank: true,
            errorTitle: "评分无效",
            error: "请从下拉列表中选择",
            promptTitle: "评分",
            prompt: "1 全部满足",
          },
        ],
        conditionalFormats: [
          { range: range("E7:I43"), formula: "E7=1", style: { fill: "C6EFCE" }, priority: 1 },
          { range: range("E7:I43"), formula: "E7=0", style: { fill: "FFC7CE" }, priority: 2 },
          { range: range("K7:K43"), formula: "K7>=3", style: { bold: true }, priority: 1 },
        ],
        names: [
          { name: "CTMM_Ratings", range: range("E7:I43") },
          { name: "CTMM_OverallLevel", range: range("K5") },
        ],
      }),
      sheetPlan({
        name: "CTMM_Meta",
        visibility: "veryHidden",
        cells: [cell("A1", { value: "x" })],
      }),
    ],
  };
}

describe("writeXlsx: package structure", () => {
  const parts = unzipText(writeXlsx(fullPlan()));

  it("has the parts every application needs, and declares each", () => {
    expect(Object.keys(parts).sort()).toEqual(
      [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/app.xml",
        "docProps/core.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/sharedStrings.xml",
        "xl/styles.xml",
        "xl/workbook.xml",
        "xl/worksheets/sheet1.xml",
        "xl/worksheets/sheet2.xml",
      ].sort(),
    );
    for (const part of Object.keys(parts).filter((p) => !p.endsWith(".rels") && p.includes("/"))) {
      expect(parts["[Content_Types].xml"]).toContain(`PartName="/${part}"`);
    }
  });

  it("writes worksheet, workbook and styles children in schema order", () => {
    const sheet = childOrder(parts["xl/worksheets/sheet1.xml"]!);
    expect(sheet).toEqual([
      "sheetPr",
      "dimension",
      "sheetViews",
      "sheetFormatPr",
      "cols",
      "sheetData",
      "sheetProtection",
      "mergeCells",
      "conditionalFormatting",
      "conditionalFormatting",
      "dataValidations",
      "pageMargins",
    ]);
    expect(followsSequence(sheet, CT_WORKSHEET)).toBe(true);
    expect(followsSequence(childOrder(parts["xl/worksheets/sheet2.xml"]!), CT_WORKSHEET)).toBe(
      true,
    );
    expect(followsSequence(childOrder(parts["xl/workbook.xml"]!), CT_WORKBOOK)).toBe(true);
    expect(followsSequence(childOrder(parts["xl/styles.xml"]!), CT_STYLESHEET)).toBe(true);
  });

  it("scopes names to their sheet and asks for a full recalculation on load", () => {
    const workbook = parts["xl/workbook.xml"]!;
    expect(workbook).toContain(
      `<definedName name="CTMM_Ratings" localSheetId="0">'和平区'!$E$7:$I$43</definedName>`,
    );
    expect(workbook).toContain(
      `<definedName name="CTMM_OverallLevel" localSheetId="0">'和平区'!$K$5</definedName>`,
    );
    expect(workbook).toContain('<calcPr calcId="191029" fullCalcOnLoad="1"/>');
    expect(workbook).toContain(
      '<sheet name="CTMM_Meta" sheetId="2" state="veryHidden" r:id="rId2"/>',
    );
  });

  it("writes protection without a password, frozen panes, tab colour and the drop-down", () => {
    const sheet = parts["xl/worksheets/sheet1.xml"]!;
    expect(sheet).toContain('<sheetProtection sheet="1" objects="1" scenarios="1"/>');
    expect(sheet).not.toContain("password");
    expect(sheet).toContain(
      '<pane xSplit="4" ySplit="6" topLeftCell="E7" activePane="bottomRight" state="frozen"/>',
    );
    expect(sheet).toContain('<tabColor rgb="FF1F4E79"/>');
    expect(sheet).toMatch(
      /<dataValidation type="list" errorStyle="stop" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="评分无效" error="[^"]+" promptTitle="评分" prompt="1 全部满足" sqref="E7:I43"><formula1>"1,0.8,0.5,0,N\/A"<\/formula1><\/dataValidation>/,
    );
  });

  it("numbers conditional format priorities across the sheet, keeping each range's order", () => {
    const sheet = parts["xl/worksheets/sheet1.xml"]!;
    const rules = [
      ...sheet.matchAll(/sqref="([^"]+)"><cfRule[^>]*priority="(\d+)"><formula>([^<]+)/g),
    ];
    expect(sheet).toContain(
      '<conditionalFormatting sqref="E7:I43"><cfRule type="expression" dxfId="0" priority="1"><formula>E7=1</formula></cfRule><cfRule type="expression" dxfId="1" priority="3"><formula>E7=0</formula></cfRule></conditionalFormatting>',
    );
    expect(rules.map((m) => m[1])).toEqual(["E7:I43", "K7:K43"]);
    expect(sheet).toContain(
      '<cfRule type="expression" dxfId="2" priority="2"><formula>K7&gt;=3</formula>',
    );
  });

  it("dedupes styles and unlocks input cells", () => {
    const styles = parts["xl/styles.xml"]!;
    // Default, title, input (shared by E7 and F7), two number formats.
    expect(styles).toMatch(/<cellXfs count="5">/);
    expect(styles.match(/<protection locked="0"\/>/g)).toHaveLength(1);
    expect(styles).toContain('<numFmt numFmtId="164" formatCode="0.000"/>');
    expect(styles).toContain('<dxfs count="3">');
    const sheet = parts["xl/worksheets/sheet1.xml"]!;
    const e7 = /<c r="E7" s="(\d+)"\/>/.exec(sheet)![1];
    const f7 = /<c r="F7" s="(\d+)"><v>0.8<\/v><\/c>/.exec(sheet)![1];
    expect(e7).toBe(f7);
  });

  it("writes formulas without '=' and without a cached value, XML-escaped", () => {
    const sheet = parts["xl/worksheets/sheet1.xml"]!;
    expect(sheet).toMatch(/<c r="J7" s="\d+"><f>IF\(E7="",0,E7\)<\/f><\/c>/);
  });

  it("is byte-stable: the same plan gives the same bytes", () => {
    expect(Buffer.from(writeXlsx(fullPlan())).equals(Buffer.from(writeXlsx(fullPlan())))).toBe(
      true,
    );
    expect(parts["docProps/core.xml"]).not.toMatch(/dcterms:(created|modified)/);
    expect(parts["docProps/core.xml"]).toContain("<dc:title>CTMM 自评估</dc:title>");
  });

  it("does not mutate the plan", () => {
    const plan = fullPlan();
    const copy = JSON.parse(JSON.stringify(plan)) as unknown;
    writeXlsx(plan);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(copy);
  });
});

describe("writeXlsx: text is text", () => {
  it.each(["=1+1", "+86 10 1234", "-5", "@SUM(A1)", '=HYPERLINK("http://x")'])(
    "writes %j as a shared string, never as a formula",
    (text) => {
      const parts = unzipText(
        writeXlsx({ sheets: [sheetPlan({ name: "S", cells: [cell("A1", { value: text })] })] }),
      );
      expect(parts["xl/worksheets/sheet1.xml"]).toContain('<c r="A1" t="s"><v>0</v></c>');
      expect(parts["xl/worksheets/sheet1.xml"]).not.toContain("<f>");
    },
  );

  it("escapes XML and characters XML cannot carry", () => {
    const parts = unzipText(
      writeXlsx({
        sheets: [
          sheetPlan({
            name: "S",
            cells: [
              cell("A1", { value: "a<b & c>d" }),
              cell("A2", { value: "bell\u0007 _x0041_" }),
              cell("A3", { value: " padded " }),
            ],
          }),
        ],
      }),
    );
    const sst = parts["xl/sharedStrings.xml"]!;
    expect(sst).toContain("<t>a&lt;b &amp; c&gt;d</t>");
    expect(sst).toContain("<t>bell_x0007_ _x005F_x0041_</t>");
    expect(sst).toContain('<t xml:space="preserve"> padded </t>');
  });
});

describe("writeXlsx: plans it refuses, with the reason", () => {
  const write = (plan: Partial<WorkbookPlan> & Pick<WorkbookPlan, "sheets">) => () =>
    writeXlsx(plan);
  const one = (overrides: Parameters<typeof sheetPlan>[0]) =>
    write({ sheets: [sheetPlan(overrides)] });

  it.each([
    ["", /empty/],
    [
      "A very long district name, over 31",
      /"A very long district name, over 31" is 34 characters long; Excel allows at most 31/,
    ],
    ["Q1/Q2", /"Q1\/Q2" contains "\/"/],
    ["a[b]", /contains "\["/],
    ["what?", /contains "\?"/],
    ["'quoted'", /apostrophe/],
    ["History", /reserves/],
  ])("refuses the sheet name %j", (name, message) => {
    expect(one({ name })).toThrow(XlsxError);
    expect(one({ name })).toThrow(message);
  });

  it("accepts names with spaces, apostrophes inside, and Chinese", () => {
    expect(() =>
      writeXlsx({
        sheets: [sheetPlan({ name: "O'Brien district" }), sheetPlan({ name: "和平区 (2)" })],
      }),
    ).not.toThrow();
  });

  it("refuses duplicate sheet names regardless of case", () => {
    expect(write({ sheets: [sheetPlan({ name: "Sheet" }), sheetPlan({ name: "SHEET" })] })).toThrow(
      /Two sheets are named "SHEET"/,
    );
  });

  it("refuses a workbook without a visible sheet", () => {
    expect(write({ sheets: [] })).toThrow(/at least one sheet/);
    expect(write({ sheets: [sheetPlan({ name: "H", visibility: "hidden" })] })).toThrow(/visible/);
  });

  it("refuses a drop-down list longer than Excel's 255 characters, naming the sheet", () => {
    const list = Array.from({ length: 60 }, (_, i) => `label ${i}`);
    expect(
      one({
        name: "和平区",
        validations: [
          { range: range("E7:E9"), list, allowBlank: true, errorTitle: "x", error: "y" },
        ],
      }),
    ).toThrow(
      /Sheet "和平区", validation on E7:E9: the drop-down list .* is \d+ characters long; Excel allows at most 255/,
    );
  });

  it("refuses list entries with commas or quotes, and over-long messages", () => {
    const validation = { range: range("A1"), allowBlank: true, errorTitle: "t", error: "e" };
    expect(one({ name: "S", validations: [{ ...validation, list: ["a,b"] }] })).toThrow(/comma/);
    expect(
      one({ name: "S", validations: [{ ...validation, list: ["a"], errorTitle: "x".repeat(33) }] }),
    ).toThrow(/errorTitle is 33 characters; Excel allows 32/);
  });

  it("refuses a cell given twice, outside the grid, or a number Excel cannot hold", () => {
    expect(one({ name: "S", cells: [cell("B2", { value: 1 }), cell("B2", { value: 2 })] })).toThrow(
      /Sheet "S": cell B2 is planned twice/,
    );
    expect(one({ name: "S", cells: [{ row: -1, column: 0, value: 1 }] })).toThrow(/row -1/);
    expect(one({ name: "S", cells: [{ row: 0, column: 16_384, value: 1 }] })).toThrow(/column/);
    expect(one({ name: "S", cells: [cell("C3", { value: NaN })] })).toThrow(/cell C3: NaN/);
    expect(one({ name: "S", cells: [cell("C3", { value: "x".repeat(32_768) })] })).toThrow(/32767/);
  });

  it("refuses overlapping or single-cell merges, bad colours and bad names", () => {
    expect(one({ name: "S", merges: [range("A1:B2"), range("B2:C3")] })).toThrow(/overlap/);
    expect(one({ name: "S", merges: [range("A1")] })).toThrow(/single cell/);
    expect(one({ name: "S", tabColor: "#123456" })).toThrow(/6 hex digits/);
    expect(one({ name: "S", cells: [cell("A1", { value: 1, style: { fill: "red" } })] })).toThrow(
      /cell A1: colour "red"/,
    );
    expect(one({ name: "S", names: [{ name: "A1", range: range("A1") }] })).toThrow(
      /not a valid defined name/,
    );
    expect(
      one({
        name: "S",
        names: [
          { name: "CTMM_X", range: range("A1") },
          { name: "ctmm_x", range: range("A2") },
        ],
      }),
    ).toThrow(/defined twice/);
  });
});
