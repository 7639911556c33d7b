import fc from "fast-check";
import { readXlsx, writeXlsx, XlsxError } from "../../src/xlsx";
import type { XlsxErrorCode } from "../../src/xlsx";
import { at, cell, range, sheetNamed, sheetPlan, zipText } from "./helpers";

const NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

/**
 * A workbook as Excel (and WPS) write them: shared formulas, rich text with phonetic runs, inline
 * strings, formula strings, errors, cells and rows without `r`, absolute relationship targets,
 * a chart sheet, an x14 validation, names in every form.
 */
function excelStyleWorkbook(): Record<string, string> {
  return {
    "[Content_Types].xml": CONTENT_TYPES,
    "_rels/.rels": ROOT_RELS,
    "xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="${NS}" xmlns:r="${R_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
  <workbookPr defaultThemeVersion="166925"/>
  <sheets>
    <sheet name="Chart" sheetId="3" r:id="rId3"/>
    <sheet name="Data &amp; more" sheetId="1" r:id="rId1"/>
    <sheet name="评估" sheetId="2" state="hidden" r:id="rId2"/>
  </sheets>
  <definedNames>
    <definedName name="_xlnm.Print_Area" localSheetId="1">'Data &amp; more'!$A$1:$D$20</definedName>
    <definedName name="CTMM_Ratings" localSheetId="2">评估!$E$7:$I$43</definedName>
    <definedName name="CTMM_OverallLevel" localSheetId="2">'评估'!$K$5</definedName>
    <definedName name="Threshold">0.8</definedName>
    <definedName name="Broken">#REF!</definedName>
    <definedName name="TwoAreas">'Data &amp; more'!$A$1,'Data &amp; more'!$B$2</definedName>
    <definedName name="Elsewhere">[1]Sheet1!$A$1</definedName>
    <definedName name="Lowercase">'data &amp; MORE'!$B$2:$B$3</definedName>
  </definedNames>
  <calcPr calcId="191029"/>
</workbook>`,
    "xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="${REL}/worksheet" Target="/xl/worksheets/sheet1.xml"/>
  <Relationship Id="rId2" Type="${REL}/worksheet" Target="worksheets/sheet2.xml"/>
  <Relationship Id="rId3" Type="${REL}/chartsheet" Target="chartsheets/sheet1.xml"/>
  <Relationship Id="rId4" Type="${REL}/styles" Target="styles.xml"/>
  <Relationship Id="rId5" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>
  <Relationship Id="rId6" Type="${REL}/hyperlink" Target="http://example.invalid/" TargetMode="External"/>
</Relationships>`,
    "xl/styles.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="${NS}"><cellXfs count="4">
  <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
  <xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyProtection="1"><protection locked="0"/></xf>
  <xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
  <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"><protection locked="false" hidden="true"/></xf>
</cellXfs></styleSheet>`,
    "xl/sharedStrings.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="${NS}" count="4" uniqueCount="4">
  <si><t>plain</t></si>
  <si><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space="preserve"> and plain</t></r></si>
  <si><t>东京</t><rPh sb="0" eb="2"><t>とうきょう</t></rPh></si>
  <si><t>line_x000D_
break &amp; &#x4E2D;</t></si>
</sst>`,
    "xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="${NS}" xmlns:r="${R_NS}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">
  <sheetData>
    <row r="1" spans="1:4">
      <c r="A1" t="s"><v>0</v></c>
      <c r="B1" t="s"><v>1</v></c>
      <c r="C1" t="s"><v>2</v></c>
      <c r="D1" t="s"><v>3</v></c>
    </row>
    <row r="2">
      <c r="A2"><v>1</v></c>
      <c r="B2"><f t="shared" ref="B2:B4" si="0">A2*2+$A$2+SUM(A$2:A2)</f><v>4</v></c>
      <c r="C2" t="str"><f>IF(A2&gt;0,"yes","no")</f><v>yes</v></c>
      <c r="D2" t="e"><f>NA()</f><v>#N/A</v></c>
      <c r="E2" t="b"><v>1</v></c>
      <c r="F2" s="2"><v>45292</v></c>
      <c r="G2" t="inlineStr"><is><t>inline</t></is></c>
      <c r="H2" t="inlineStr"><is><r><t>rich </t></r><r><t>inline</t></r></is></c>
      <c r="I2" t="d"><v>2024-01-01T00:00:00</v></c>
      <c r="J2" s="1"/>
      <c r="K2" s="3"><v>7</v></c>
    </row>
    <row r="3">
      <c r="A3"><v>2</v></c>
      <c r="B3"><f t="shared" si="0"/><v>7</v></c>
    </row>
    <row>
      <c><v>3</v></c>
      <c><f t="shared" si="0"/><v>10</v></c>
      <c t="s"><v>0</v></c>
    </row>
  </sheetData>
  <sheetProtection algorithmName="SHA-512" hashValue="abc" saltValue="def" spinCount="100000" sheet="1" objects="1" scenarios="1"/>
  <mergeCells count="1"><mergeCell ref="A6:C6"/></mergeCells>
  <dataValidations count="1">
    <dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="E7:I9 E12:I12 K1"><formula1>"1,0.8,0.5,0,N/A"</formula1></dataValidation>
  </dataValidations>
  <extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"><x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>Lists!$A$1:$A$5</xm:f></x14:formula1><xm:sqref>L1:L9</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>
</worksheet>`,
    "xl/worksheets/sheet2.xml": `<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="${NS}"><x:sheetData><x:row r="7"><x:c r="E7" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData><x:sheetProtection/></x:worksheet>`,
    "xl/chartsheets/sheet1.xml": `<?xml version="1.0"?><chartsheet xmlns="${NS}"/>`,
  };
}

describe("readXlsx: workbooks from Excel, WPS and other writers", () => {
  const grid = readXlsx(zipText(excelStyleWorkbook()));
  const data = sheetNamed(grid, "Data & more");

  it("reads worksheets in order, skipping chart sheets, with their visibility", () => {
    expect(grid.sheets.map((s) => [s.name, s.visibility])).toEqual([
      ["Data & more", "visible"],
      ["评估", "hidden"],
    ]);
  });

  it("reads shared strings, rich text runs (without phonetics), entities and _xHHHH_", () => {
    expect(at(data, "A1")!.value).toBe("plain");
    expect(at(data, "B1")!.value).toBe("Bold and plain");
    expect(at(data, "C1")!.value).toBe("东京");
    expect(at(data, "D1")!.value).toBe("line\r\nbreak & 中");
  });

  it("expands shared formulas into each cell's own formula", () => {
    expect(at(data, "B2")).toEqual({ value: 4, formula: "A2*2+$A$2+SUM(A$2:A2)", locked: true });
    expect(at(data, "B3")!.formula).toBe("A3*2+$A$2+SUM(A$2:A3)");
    expect(at(data, "B4")!.formula).toBe("A4*2+$A$2+SUM(A$2:A4)");
  });

  it("reads formula strings, errors, booleans, dates, inline strings", () => {
    expect(at(data, "C2")).toEqual({ value: "yes", formula: 'IF(A2>0,"yes","no")', locked: true });
    expect(at(data, "D2")).toEqual({ value: null, error: "#N/A", formula: "NA()", locked: true });
    expect(at(data, "E2")!.value).toBe(true);
    expect(at(data, "F2")!.value).toBe(45292);
    expect(at(data, "G2")!.value).toBe("inline");
    expect(at(data, "H2")!.value).toBe("rich inline");
    expect(at(data, "I2")!.value).toBe(45292);
  });

  it("places cells and rows that carry no reference", () => {
    expect(at(data, "A4")!.value).toBe(3);
    expect(at(data, "C4")!.value).toBe("plain");
  });

  it("reads locked flags from the cell formats (locked unless unlocked)", () => {
    expect(at(data, "J2")).toEqual({ value: null, locked: false });
    expect(at(data, "K2")).toEqual({ value: 7, locked: false });
    expect(at(data, "F2")!.locked).toBe(true);
    expect(at(data, "A2")!.locked).toBe(true);
  });

  it("reads protection, merges and validations with several ranges", () => {
    expect(data.protected).toBe(true);
    expect(data.merges).toEqual([range("A6:C6")]);
    expect(data.validations).toEqual([
      {
        ranges: [range("E7:I9"), range("E12:I12"), range("K1")],
        type: "list",
        formula: '"1,0.8,0.5,0,N/A"',
      },
      { ranges: [range("L1:L9")], type: "list", formula: "Lists!$A$1:$A$5" },
    ]);
  });

  it("reads namespace-prefixed parts; <sheetProtection/> without sheet='1' is no protection", () => {
    const sheet = sheetNamed(grid, "评估");
    expect(at(sheet, "E7")!.value).toBe("plain");
    expect(sheet.protected).toBe(false);
  });

  it("maps localSheetId to the sheet name and parses single-range targets", () => {
    const byName = new Map(grid.names.map((n) => [n.name, n]));
    expect(byName.get("_xlnm.Print_Area")).toEqual({
      name: "_xlnm.Print_Area",
      scope: "Data & more",
      reference: "'Data & more'!$A$1:$D$20",
      target: { sheet: "Data & more", ...range("A1:D20") },
    });
    expect(byName.get("CTMM_Ratings")).toEqual({
      name: "CTMM_Ratings",
      scope: "评估",
      reference: "评估!$E$7:$I$43",
      target: { sheet: "评估", ...range("E7:I43") },
    });
    expect(byName.get("CTMM_OverallLevel")!.target).toEqual({ sheet: "评估", ...range("K5") });
    expect(byName.get("Lowercase")!.target).toEqual({ sheet: "Data & more", ...range("B2:B3") });
    for (const name of ["Threshold", "Broken", "TwoAreas", "Elsewhere"]) {
      expect(byName.get(name)).toMatchObject({ scope: null, target: null });
    }
  });
});

/** Runs `read` and returns the XlsxError it throws. */
function errorOf(read: () => unknown): XlsxError {
  try {
    read();
  } catch (error) {
    if (error instanceof XlsxError) return error;
    throw new Error(`expected an XlsxError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected an XlsxError, got none");
}

function expectError(bytes: Uint8Array, code: XlsxErrorCode, message: RegExp): void {
  const error = errorOf(() => readXlsx(bytes));
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
}

const small = () =>
  writeXlsx({
    sheets: [
      sheetPlan({
        name: "Sheet 1",
        cells: [cell("A1", { value: "hello" }), cell("B2", { value: 2 })],
      }),
    ],
  });

describe("readXlsx: bad input gives an XlsxError with a clear message", () => {
  it("refuses bytes that are not a zip", () => {
    expectError(new Uint8Array(), "NOT_ZIP", /not an \.xlsx workbook \(it is not a zip archive\)/);
    expectError(new TextEncoder().encode("district,level\n和平区,3\n"), "NOT_ZIP", /not a zip/);
  });

  it("recognises encrypted workbooks and legacy .xls files", () => {
    const cfb = new Uint8Array(512);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expectError(cfb, "NOT_ZIP", /password-protected workbook or a legacy \.xls/);
  });

  it("refuses a truncated file", () => {
    const bytes = small();
    for (const length of [30, Math.floor(bytes.length / 2), bytes.length - 10]) {
      expectError(bytes.slice(0, length), "DAMAGED", /truncated or damaged/);
    }
  });

  it("refuses a zip that is not a workbook, saying what it is", () => {
    expectError(
      zipText({ "notes.txt": "hi" }),
      "NOT_WORKBOOK",
      /not an \.xlsx workbook \(no xl\/workbook\.xml\)/,
    );
    expectError(
      zipText({ "[Content_Types].xml": CONTENT_TYPES, "word/document.xml": "<w:document/>" }),
      "NOT_WORKBOOK",
      /Word or PowerPoint/,
    );
    expectError(
      zipText({
        mimetype: "application/vnd.oasis.opendocument.spreadsheet",
        "content.xml": "<a/>",
        "meta.xml": "<a/>",
      }),
      "NOT_WORKBOOK",
      /OpenDocument/,
    );
    expectError(zipText({ "xl/workbook.bin": "" }), "NOT_WORKBOOK", /\.xlsb/);
  });

  it("names a missing worksheet part", () => {
    const parts = excelStyleWorkbook();
    delete parts["xl/worksheets/sheet2.xml"];
    expectError(
      zipText(parts),
      "DAMAGED",
      /xl\/worksheets\/sheet2\.xml of sheet "评估" is missing/,
    );
  });

  it("names a part that is not well-formed XML", () => {
    const parts = excelStyleWorkbook();
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"]!.slice(0, 400);
    expectError(zipText(parts), "DAMAGED", /xl\/worksheets\/sheet1\.xml is truncated or damaged/);
  });

  it("refuses a DTD (no entity expansion) and a reference to a missing shared string", () => {
    const withDtd = excelStyleWorkbook();
    withDtd["xl/workbook.xml"] = withDtd["xl/workbook.xml"]!.replace(
      "<workbook",
      '<!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa">]><workbook',
    );
    expectError(zipText(withDtd), "DAMAGED", /DTD/);
    const badIndex = excelStyleWorkbook();
    badIndex["xl/worksheets/sheet2.xml"] = badIndex["xl/worksheets/sheet2.xml"]!.replace(
      "<x:v>0</x:v>",
      "<x:v>99</x:v>",
    );
    expectError(
      zipText(badIndex),
      "DAMAGED",
      /sheet "评估", cell E7, shared string 99 does not exist/,
    );
  });

  it("refuses an entry that would inflate past the limit (zip bomb guard)", () => {
    const bytes = zipText({
      ...excelStyleWorkbook(),
      "xl/big.xml": `<a>${" ".repeat(2_000_000)}</a>`,
    });
    const error = errorOf(() => readXlsx(bytes, { maxEntryBytes: 1024 * 1024 }));
    expect(error.code).toBe("TOO_LARGE");
    expect(error.message).toMatch(/xl\/big\.xml would inflate to 2 MB; the limit is 1 MB/);
  });

  it("checks the declared size before inflating anything (default limit 200 MB)", () => {
    const bytes = small();
    // Make the central directory claim that a part inflates to 300 MB.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = bytes.length - 22; i >= 0; i--) {
      if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 300 * 1024 * 1024, true);
    }
    expectError(bytes, "TOO_LARGE", /would inflate to 300 MB; the limit is 200 MB/);
  });

  it("never throws anything but an XlsxError on mangled files", () => {
    const bytes = small();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.nat(bytes.length),
        (edits, cut) => {
          const mangled = bytes.slice(0, Math.max(cut, bytes.length - 200));
          for (const [index, value] of edits) if (index < mangled.length) mangled[index] = value;
          try {
            readXlsx(mangled);
          } catch (error) {
            if (!(error instanceof XlsxError)) throw error;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("readXlsx ∘ writeXlsx keeps any text and number", () => {
  const roundTrip = (value: string | number) => {
    const bytes = writeXlsx({ sheets: [sheetPlan({ name: "S", cells: [cell("A1", { value })] })] });
    return readXlsx(bytes).sheets[0]!.cells.get("0,0")!.value;
  };

  it("for any string, including control characters and lone surrogates", () => {
    const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: anyCodeUnit }), fc.string({ unit: "binary" })),
        (text) => {
          expect(roundTrip(text)).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("for any finite number (-0 reads as 0)", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(roundTrip(n)).toBe(Object.is(n, -0) ? 0 : n);
      }),
      { numRuns: 300 },
    );
  });
});
