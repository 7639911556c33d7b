import { cellKey } from "../../src/sheet/grid";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { exportWorkbookPlan } from "./export";
import {
  CHART_TYPES,
  definedNameError,
  FakeExcel,
  FakeExcelError,
  formulaSyntaxError,
  OPERATION_BYTES,
  PropertyNotLoadedError,
  REQUEST_PAYLOAD_LIMIT,
} from "./fakeExcel";
import type { FakeSheet } from "./fakeExcel";

/** The workbook and one worksheet proxy of a fresh fake. */
function open(sheets: string[] = ["Sheet1"]) {
  const fake = new FakeExcel(sheets);
  const workbook = fake.context.workbook;
  const sheet = workbook.worksheets.getItem(sheets[0]!);
  return { fake, context: fake.context, workbook, sheet };
}

/** Expects the next sync to be refused with this Excel error code. */
async function expectRefused(context: Excel.RequestContext, code: string): Promise<FakeExcelError> {
  const error = await context.sync().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FakeExcelError);
  expect((error as FakeExcelError).code).toBe(code);
  return error as FakeExcelError;
}

const cellAt = (sheet: FakeSheet, row: number, column: number) =>
  sheet.cells.get(cellKey(row, column));

/** UTF-8 bytes of the JSON of a value, as the fake counts them. */
const jsonBytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

describe("request size accounting", () => {
  it("counts each operation's serialised value, address and overhead, per sync", async () => {
    const { fake, context, sheet } = open();
    const before = fake.requests.length;
    const formulas = [
      [1, "和平区"],
      ["=A1*2", "'+1"],
    ];
    const range = sheet.getRange("A1:B2");
    range.formulas = formulas;
    await context.sync();
    // getItem("Sheet1"), getRange("A1:B2"), the formulas write.
    const expected =
      OPERATION_BYTES +
      jsonBytes("Sheet1") +
      OPERATION_BYTES +
      jsonBytes("A1:B2") +
      OPERATION_BYTES +
      jsonBytes(formulas);
    expect(fake.requests.slice(before)).toEqual([
      { bytes: expected, operations: 3, responseBytes: 0, applied: 1 },
    ]);
    expect(fake.lastRequestBytes).toBe(expected);
    // "和平区" is 9 bytes in UTF-8, not 3.
    expect(jsonBytes(formulas)).toBe(JSON.stringify(formulas).length + 6);

    range.load("values");
    await context.sync();
    expect(fake.requests).toHaveLength(before + 2);
    expect(fake.requests[before + 1]).toMatchObject({ operations: 1, applied: 1 });
    expect(fake.requests[before + 1]!.responseBytes).toBe(
      jsonBytes([
        [1, "和平区"],
        ["", "+1"],
      ]),
    );
    expect(fake.largestRequestBytes).toBe(expected);
    expect(fake.syncCount).toBe(2);
  });

  it("refuses a request over 5 MB whole, applying nothing of it, and goes on afterwards", async () => {
    const { fake, context, sheet } = open();
    expect(REQUEST_PAYLOAD_LIMIT).toBe(5_000_000);
    sheet.getRange("A1").values = [["first"]];
    // 1,000 rows of 10 cells of ~500 bytes: about 5 MB on its own.
    const big = Array.from({ length: 1000 }, () => new Array<string>(10).fill("x".repeat(500)));
    sheet.getRange("A2:J1001").values = big;
    sheet.getRange("A1002").values = [["last"]];
    const error = await expectRefused(context, "RequestPayloadSizeLimitExceeded");
    expect(error.message).toMatch(/5000000/);
    const target = fake.sheet("Sheet1");
    expect(target.cells.size).toBe(0);
    expect(fake.lastRequestBytes).toBeGreaterThan(REQUEST_PAYLOAD_LIMIT);
    expect(fake.requests.at(-1)).toMatchObject({
      error: "RequestPayloadSizeLimitExceeded",
      applied: 0,
    });

    // The refused batch is gone; the next request carries only what was queued since.
    sheet.getRange("A1").values = [["again"]];
    await context.sync();
    expect(cellAt(target, 0, 0)?.value).toBe("again");
    expect(fake.lastRequestBytes).toBeLessThan(1000);
    expect(fake.largestRequestBytes).toBeGreaterThan(REQUEST_PAYLOAD_LIMIT);
  });

  it("accepts a request just under the limit, and takes a lower limit for tests", async () => {
    const { context, sheet } = open();
    const rows = Array.from({ length: 900 }, () => new Array<string>(10).fill("y".repeat(500)));
    sheet.getRange("A1:J900").values = rows;
    await context.sync();

    const small = new FakeExcel(["Sheet1"], { requestLimitBytes: 1_000 });
    small.context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["z".repeat(900)]];
    await expectRefused(small.context, "RequestPayloadSizeLimitExceeded");
  });
});

describe("a refusal in the middle of a batch", () => {
  it("keeps the operations before it, drops the ones after it, and rejects the sync", async () => {
    const { fake, context, sheet } = open();
    sheet.getRange("A1").values = [["before"]];
    sheet.getRange("A2").formulas = [["=SUM(A1"]];
    sheet.getRange("A3").values = [["after"]];
    await expectRefused(context, "InvalidArgument");
    const target = fake.sheet("Sheet1");
    expect(cellAt(target, 0, 0)?.value).toBe("before");
    expect(cellAt(target, 1, 0)).toBeUndefined();
    expect(cellAt(target, 2, 0)).toBeUndefined();
    expect(fake.requests.at(-1)).toMatchObject({ error: "InvalidArgument", applied: 1 });
    // Nothing of the failed batch is left in the queue.
    await context.sync();
    expect(cellAt(target, 2, 0)).toBeUndefined();
  });

  it("writes a 2-D array all or nothing", async () => {
    const { fake, context, sheet } = open();
    sheet.getRange("A1:C1").formulas = [["ok", "=1+1", "=1+"]];
    await expectRefused(context, "InvalidArgument");
    expect(fake.sheet("Sheet1").cells.size).toBe(0);
  });
});

describe("malformed formulas", () => {
  const refused = [
    "=SUM(A1:A3",
    "=SUM(A1))",
    '="abc',
    "=A1+",
    "=A1 *",
    "=*A1",
    "=",
    "='Sheet 1!A1",
    "='Sheet 1'A1",
    "=SUM(A1,+)",
    "=(1+2",
    "={1,2",
    "={1,}",
    "=A1,B1",
    "=()",
    '=A1"x"',
    "=IF(A1>0;1;2)",
    "=A1+#WHAT",
    "=SUM(A1，B1)",
  ];
  const accepted = [
    "='No such sheet'!A1",
    "=NoSuchSheet!A1:B2",
    "=NOSUCHFUNCTION(1)",
    "=SUM(A1:A3)",
    "=IF(A1,,)",
    "=SUM()",
    "=-A1",
    "=+A1",
    "=--A1",
    "=A1%",
    "=@A1:A3",
    "=A1#",
    '="a""b"&"c"',
    "='It''s'!A1",
    "=A1:B2 B1:B3",
    "=SUM((A1,B1))",
    "={1,2;3,4}",
    "=#N/A",
    "=IFERROR(1/0,#N/A)",
    "=Sheet1!#REF!",
    "=1E+3*2.5",
    '=A1<>""',
    "=和平区!$E$9:$I$45",
    "=SUMPRODUCT((B1:B3>=0.8)*1)",
    "=Table1[[#This Row],[Col]]",
    "=TRUE",
  ];

  it.each(refused)("are refused: %s", (formula) => {
    expect(formulaSyntaxError(formula)).not.toBeNull();
  });

  it.each(accepted)("parse: %s", (formula) => {
    expect(formulaSyntaxError(formula)).toBeNull();
  });

  it("are refused in Range.formulas and Range.values with InvalidArgument", async () => {
    for (const formula of refused) {
      const { context, sheet } = open();
      sheet.getRange("B2").formulas = [[formula]];
      await expectRefused(context, "InvalidArgument");
      sheet.getRange("B2").values = [[formula]];
      await expectRefused(context, "InvalidArgument");
    }
    const { fake, context, sheet } = open();
    sheet.getRange(`A1:A${accepted.length}`).formulas = accepted.map((f) => [f]);
    await context.sync();
    expect(cellAt(fake.sheet("Sheet1"), 0, 0)?.formula).toBe("='No such sheet'!A1");
  });

  it("are refused as formula-like typed text (+…, -…), while a lone sign stays text", async () => {
    const { fake, context, sheet } = open();
    sheet.getRange("A1:C1").values = [["-", "+", "-x"]];
    await context.sync();
    const target = fake.sheet("Sheet1");
    expect(
      [0, 1, 2].map((c) => cellAt(target, 0, c)?.value ?? cellAt(target, 0, c)?.formula),
    ).toEqual(["-", "+", "=-x"]);
    sheet.getRange("A2").values = [["+*2"]];
    await expectRefused(context, "InvalidArgument");
  });

  it("are refused in conditional format rules and name references", async () => {
    const { context, sheet, workbook } = open();
    const format = sheet.getRange("A1:A3").conditionalFormats.add("Custom");
    format.custom.rule.formula = "=AND(A1>1,";
    await expectRefused(context, "InvalidArgument");
    const cellValue = sheet.getRange("A1:A3").conditionalFormats.add("CellValue");
    cellValue.cellValue.rule = { formula1: "=(1", operator: "GreaterThan" };
    await expectRefused(context, "InvalidArgument");
    workbook.names.add("Broken", "=Sheet1!$A$1:");
    await expectRefused(context, "InvalidArgument");
    workbook.names.add("Elsewhere", "='Not yet'!$A$1");
    workbook.names.add("Fine", "=Sheet1!$A$1:$B$2");
    await context.sync();
  });

  it("are refused when typed, and so are locked cells of a protected sheet", () => {
    const fake = new FakeExcel();
    expect(() => fake.type("Sheet1", "A1", "=1+")).toThrow(FakeExcelError);
    fake.type("Sheet1", "A1", "=1+1");
    fake.sheet("Sheet1").protected = true;
    expect(() => fake.type("Sheet1", "A2", 1)).toThrow(/locked/);
  });
});

describe("list data validations", () => {
  it("refuse a literal list longer than 255 characters, as Excel does", async () => {
    const { fake, context, sheet } = open();
    const entries = Array.from({ length: 64 }, (_, i) => `v${String(i).padStart(2, "0")}`);
    const source = entries.join(","); // 64 × 3 + 63 = 255
    expect(source).toHaveLength(255);
    sheet.getRange("A1:A5").dataValidation.rule = { list: { inCellDropDown: true, source } };
    await context.sync();
    sheet.getRange("B1:B5").dataValidation.rule = {
      list: { inCellDropDown: true, source: `${source},x` },
    };
    const error = await expectRefused(context, "InvalidArgument");
    expect(error.message).toMatch(/257 characters/);
    expect(fake.sheet("Sheet1").validations).toHaveLength(1);
    // A range source is not a literal list: its length does not matter, its syntax does.
    sheet.getRange("C1").dataValidation.rule = {
      list: { inCellDropDown: true, source: "=$A$1:$A$5" },
    };
    await context.sync();
    sheet.getRange("C2").dataValidation.rule = { list: { inCellDropDown: true, source: "=$A$1:" } };
    await expectRefused(context, "InvalidArgument");
  });
});

describe("worksheets", () => {
  it("refuse to delete a very hidden sheet until it is made visible or hidden", async () => {
    const { fake, context, workbook } = open(["Sheet1", "Meta"]);
    const meta = workbook.worksheets.getItem("Meta");
    meta.visibility = "VeryHidden";
    await context.sync();
    meta.delete();
    const error = await expectRefused(context, "InvalidOperation");
    expect(error.message).toMatch(/very hidden/);
    expect(fake.findSheet("Meta")).toBeDefined();
    meta.visibility = "Hidden";
    meta.delete();
    await context.sync();
    expect(fake.findSheet("Meta")).toBeUndefined();
  });

  it("refuse to delete or hide the last visible sheet", async () => {
    const { context, workbook } = open(["Only", "Hidden"]);
    workbook.worksheets.getItem("Hidden").visibility = "Hidden";
    await context.sync();
    workbook.worksheets.getItem("Only").delete();
    await expectRefused(context, "InvalidOperation");
    workbook.worksheets.getItem("Only").visibility = "Hidden";
    await expectRefused(context, "InvalidOperation");
  });

  it("refuse to protect a sheet that is already protected", async () => {
    const { fake, context, sheet } = open();
    sheet.protection.protect();
    await context.sync();
    sheet.protection.protect();
    await expectRefused(context, "InvalidOperation");
    // Twice in one batch: the second fails too.
    sheet.protection.unprotect();
    sheet.protection.protect();
    sheet.protection.protect();
    await expectRefused(context, "InvalidOperation");
    expect(fake.sheet("Sheet1").protected).toBe(true);
    // Unprotect, write, protect again in one batch is fine.
    sheet.protection.unprotect();
    sheet.getRange("A1").values = [[1]];
    sheet.protection.protect();
    await context.sync();
    sheet.protection.load("protected");
    await context.sync();
    expect(sheet.protection.protected).toBe(true);
  });

  it("carry references along when a sheet is renamed, and turn them to #REF! when it goes", async () => {
    const { fake, context, workbook } = open(["Data", "Other"]);
    const data = workbook.worksheets.getItem("Data");
    data.names.add("Local", data.getRange("A1:B2"));
    workbook.names.add("Global", "=Data!$A$1");
    workbook.worksheets.getItem("Other").getRange("A1").formulas = [
      ["=SUM(Data!A1:B2)+'Data'!C1&\"Data!A1\""],
    ];
    data.name = "New name";
    await context.sync();
    expect(fake.sheet("New name").names[0]!.formula).toBe("='New name'!$A$1:$B$2");
    expect(fake.names[0]!.formula).toBe("='New name'!$A$1");
    expect(cellAt(fake.sheet("Other"), 0, 0)?.formula).toBe(
      "=SUM('New name'!A1:B2)+'New name'!C1&\"Data!A1\"",
    );
    data.delete();
    await context.sync();
    expect(fake.names[0]!.formula).toBe("=#REF!$A$1");
    expect(cellAt(fake.sheet("Other"), 0, 0)?.formula).toBe('=SUM(#REF!A1:B2)+#REF!C1&"Data!A1"');
  });

  it("answer isNullObject of …OrNullObject lookups after the sync, without a load", async () => {
    const { context, workbook, sheet } = open(["One"]);
    const missing = workbook.worksheets.getItemOrNullObject("Two");
    const present = workbook.worksheets.getItemOrNullObject("one");
    const used = sheet.getUsedRangeOrNullObject();
    const name = sheet.names.getItemOrNullObject("Nope");
    expect(() => missing.isNullObject).toThrow(PropertyNotLoadedError);
    // Looked up where they stand in the queue: the sheet added after the lookup is not seen.
    workbook.worksheets.add("Two");
    await context.sync();
    expect([missing.isNullObject, present.isNullObject]).toEqual([true, false]);
    expect([used.isNullObject, name.isNullObject]).toEqual([true, true]);
    expect(() => present.name).toThrow(PropertyNotLoadedError);
  });

  it("select a range, activating its sheet", async () => {
    const { fake, context, workbook } = open(["One", "Two"]);
    workbook.worksheets.getItem("Two").getRange("B3").select();
    await context.sync();
    expect(fake.active?.name).toBe("Two");
    expect(fake.active?.selection).toBe("B3");
  });
});

describe("defined names", () => {
  const invalid = [
    "A1",
    "a1",
    "XFD1048576",
    "ctm1",
    "R1C1",
    "r2c3",
    "R1",
    "C3",
    "RC",
    "R",
    "c",
    "1abc",
    "has space",
    "a-b",
    "TRUE",
    "",
    "x".repeat(256),
  ];
  const valid = [
    "CTMM_Ratings",
    "ctmm1", // CTMM is past XFD, the last column: not a cell
    "XFE1",
    "A1048577", // past the last row
    "A1B",
    "RC_1",
    "_x",
    "\\path",
    "和平区_评级",
    "Name.With.Dots",
  ];

  it.each(invalid)("refuse %j with InvalidArgument", async (name) => {
    expect(definedNameError(name)).not.toBeNull();
    const { context, sheet } = open();
    sheet.names.add(name, sheet.getRange("A1"));
    await expectRefused(context, "InvalidArgument");
  });

  it.each(valid)("accept %j", async (name) => {
    expect(definedNameError(name)).toBeNull();
    const { fake, context, sheet } = open();
    sheet.names.add(name, sheet.getRange("A1"));
    await context.sync();
    expect(fake.sheet("Sheet1").names.map((n) => n.name)).toEqual([name]);
  });

  it("refuse a duplicate in the same scope, case-insensitively", async () => {
    const { context, sheet, workbook } = open();
    sheet.names.add("Total", sheet.getRange("A1"));
    workbook.names.add("Total", "=Sheet1!$A$1");
    await context.sync();
    sheet.names.add("TOTAL", sheet.getRange("A2"));
    await expectRefused(context, "ItemAlreadyExists");
  });
});

describe("conditional formats", () => {
  it("put each new format at priority 0 and move the others down, as documented", async () => {
    const { fake, context, sheet } = open();
    const range = sheet.getRange("A1:A10");
    const first = range.conditionalFormats.add("Custom");
    first.custom.rule.formula = "=A1=1";
    const second = range.conditionalFormats.add("Custom");
    second.custom.rule.formula = "=A1=2";
    const third = range.conditionalFormats.add("Custom");
    third.custom.rule.formula = "=A1=3";
    expect(() => first.priority).toThrow(PropertyNotLoadedError);
    for (const f of [first, second, third]) f.load("priority,type");
    await context.sync();
    expect([first.priority, second.priority, third.priority]).toEqual([2, 1, 0]);
    expect(first.type).toBe("Custom");
    const order = () =>
      fake.sheet("Sheet1").conditionalFormats.map((f) => f.settings["custom.rule.formula"]);
    expect(order()).toEqual(["=A1=3", "=A1=2", "=A1=1"]);

    first.priority = 0;
    await context.sync();
    expect(order()).toEqual(["=A1=1", "=A1=3", "=A1=2"]);
    first.priority = -1; // from the back
    await context.sync();
    expect(order()).toEqual(["=A1=3", "=A1=2", "=A1=1"]);
    third.priority = 99; // past the end: the last
    await context.sync();
    expect(order()).toEqual(["=A1=2", "=A1=1", "=A1=3"]);

    const collection = sheet.getRange("A5").conditionalFormats;
    collection.load("items/priority,items/type");
    const count = collection.getCount();
    await context.sync();
    expect(collection.items.map((f) => f.priority)).toEqual([0, 1, 2]);
    expect(count.value).toBe(3);
    collection.getItemAt(0).delete();
    await context.sync();
    expect(order()).toEqual(["=A1=1", "=A1=3"]);
  });

  it("apply to every area of a RangeAreas, and load their rule formulas", async () => {
    const { fake, context, sheet } = open();
    const format = sheet.getRanges("A1,C3:D4").conditionalFormats.add("Custom");
    format.custom.rule.formula = '=ISTEXT("mark")';
    format.custom.format.fill.color = "#FFC7CE";
    await context.sync();
    expect(fake.sheet("Sheet1").conditionalFormats[0]!.ranges).toEqual([
      { top: 0, left: 0, bottom: 0, right: 0 },
      { top: 2, left: 2, bottom: 3, right: 3 },
    ]);
    const formats = sheet.getRange("D4:E9").conditionalFormats;
    formats.load("items/type");
    await context.sync();
    const [item] = formats.items;
    expect(() => item!.custom.rule.formula).toThrow(PropertyNotLoadedError);
    item!.custom.rule.load("formula");
    await context.sync();
    expect([item!.type, item!.custom.rule.formula]).toEqual(["Custom", '=ISTEXT("mark")']);
    expect(exportWorkbookPlan(fake).sheets[0]!.conditionalFormats.map((f) => f.range)).toEqual([
      { top: 0, left: 0, bottom: 0, right: 0 },
      { top: 2, left: 2, bottom: 3, right: 3 },
    ]);
  });

  it("refuse an unknown type and changes on a protected sheet", async () => {
    const { context, sheet } = open();
    sheet.getRange("A1").conditionalFormats.add("Sparkle" as Excel.ConditionalFormatType);
    await expectRefused(context, "InvalidArgument");
    sheet.protection.protect();
    sheet.getRange("A1").conditionalFormats.add("Custom");
    await expectRefused(context, "AccessDenied");
  });
});

describe("charts", () => {
  async function withData() {
    const opened = open(["Results"]);
    opened.sheet.getRange("B2:C8").values = [
      ["Domain", "Level"],
      ["1", 3],
      ["2", 2],
      ["3", 4],
      ["4", 1],
      ["5", 0],
      ["6", 5],
    ];
    // The ids are typed as text: a first column of text holds the categories.
    opened.sheet.getRange("B3:B8").values = [["'1"], ["'2"], ["'3"], ["'4"], ["'5"], ["'6"]];
    await opened.context.sync();
    return opened;
  }

  it("add a radar chart with a title, legend, axes, position and series name", async () => {
    const { fake, context, sheet } = await withData();
    const chart = sheet.charts.add("RadarMarkers", sheet.getRange("B2:C8"), "Columns");
    chart.name = "CTMM_DomainRadar";
    chart.title.text = "Domain levels";
    chart.legend.visible = false;
    chart.legend.position = "Bottom";
    chart.axes.valueAxis.minimum = 0;
    chart.axes.valueAxis.maximum = 5;
    chart.setPosition("E2", sheet.getRange("K20"));
    chart.series.getItemAt(0).name = "Self-assessed";
    await context.sync();
    expect(fake.sheet("Results").charts).toEqual([
      {
        name: "CTMM_DomainRadar",
        type: "RadarMarkers",
        source: "Results!B2:C8",
        seriesBy: "Columns",
        title: "Domain levels",
        position: { start: "E2", end: "K20" },
        legend: { visible: false, position: "Bottom" },
        series: [{ name: "Self-assessed", settings: {} }],
        settings: { "axes.valueAxis.minimum": 0, "axes.valueAxis.maximum": 5 },
      },
    ]);

    sheet.charts.load("items/name,items/chartType");
    const missing = sheet.charts.getItemOrNullObject("Nope");
    missing.load("name");
    const found = sheet.charts.getItem("ctmm_domainradar");
    found.title.load("text");
    found.series.load("items/name");
    await context.sync();
    expect(sheet.charts.items.map((c) => [c.name, c.chartType])).toEqual([
      ["CTMM_DomainRadar", "RadarMarkers"],
    ]);
    expect(missing.isNullObject).toBe(true);
    expect(found.title.text).toBe("Domain levels");
    expect(found.series.items.map((s) => s.name)).toEqual(["Self-assessed"]);

    found.delete();
    await context.sync();
    expect(fake.sheet("Results").charts).toEqual([]);
    found.title.text = "gone";
    await expectRefused(context, "ItemNotFound");
  });

  it.each(["Radar", "RadarMarkers", "RadarFilled", "ColumnClustered", "BarClustered"])(
    "accept the chart type %s",
    async (type) => {
      expect(CHART_TYPES).toContain(type);
      const { fake, context, sheet } = await withData();
      sheet.charts.add(type as Excel.ChartType, sheet.getRange("B2:C8"));
      await context.sync();
      expect(fake.sheet("Results").charts.map((c) => [c.name, c.type])).toEqual([
        ["Chart 1", type],
      ]);
    },
  );

  it.each(["Invalid", "Spider", "radar"])("refuse the chart type %s", async (type) => {
    const { context, sheet } = await withData();
    sheet.charts.add(type as Excel.ChartType, sheet.getRange("B2:C8"));
    await expectRefused(context, "InvalidArgument");
  });

  it("make series as Excel does: by the longer side, labels from text rows and columns", async () => {
    const { fake, context, sheet } = await withData();
    sheet.charts.add("ColumnClustered", sheet.getRange("C3:C8")); // numbers only: one series
    sheet.charts.add("ColumnClustered", sheet.getRange("B2:C8"), "Rows"); // six series
    sheet.charts.add("ColumnClustered", sheet.getRange("B2:C8")); // auto: columns
    await context.sync();
    expect(fake.sheet("Results").charts.map((c) => c.series.map((s) => s.name))).toEqual([
      ["Series1"],
      ["1", "2", "3", "4", "5", "6"],
      ["Level"],
    ]);
    sheet.charts.getItem("Chart 1").series.getItemAt(1).name = "none";
    await expectRefused(context, "ItemNotFound");
  });

  it("set series values, categories, markers and colours, refusing what Excel refuses", async () => {
    const { fake, context, sheet } = await withData();
    const chart = sheet.charts.add("RadarMarkers", sheet.getRange("C3:C8"), "Columns");
    const first = chart.series.getItemAt(0);
    first.setValues(sheet.getRange("C3:C8"));
    first.setXAxisValues(sheet.getRange("B3:B8"));
    first.markerStyle = "Circle";
    first.markerSize = 6;
    first.markerBackgroundColor = "#1F4E79";
    first.markerForegroundColor = "navy";
    first.format.line.color = "#1F4E79";
    const second = chart.series.add("Target");
    second.setValues(sheet.getRange("C3:C8"));
    second.format.fill.setSolidColor("#2E75B6");
    await context.sync();
    expect(fake.sheet("Results").charts[0]!.series).toEqual([
      {
        name: "Series1",
        settings: {
          values: "Results!C3:C8",
          xAxisValues: "Results!B3:B8",
          markerStyle: "Circle",
          markerSize: 6,
          markerBackgroundColor: "#1F4E79",
          markerForegroundColor: "navy",
          "format.line.color": "#1F4E79",
        },
      },
      {
        name: "Target",
        settings: { values: "Results!C3:C8", "format.fill.solidColor": "#2E75B6" },
      },
    ]);

    second.format.fill.clear();
    await context.sync();
    expect(fake.sheet("Results").charts[0]!.series[1]!.settings).toEqual({
      values: "Results!C3:C8",
    });
    // ChartFill has only methods: a property set on it would do nothing in Excel.
    expect(() => ((second.format.fill as { color?: string }).color = "#2E75B6")).toThrow(
      /setSolidColor/,
    );
    first.setValues(sheet.getRanges("C3:C4,C6:C8") as unknown as Excel.Range);
    await expectRefused(context, "InvalidArgument");
    first.markerSize = 80;
    await expectRefused(context, "InvalidArgument");
    first.markerStyle = "Hexagon" as Excel.ChartMarkerStyle;
    await expectRefused(context, "InvalidArgument");
    first.format.line.color = "#12";
    await expectRefused(context, "InvalidArgument");
    second.format.fill.setSolidColor("rgb(1,2,3)");
    await expectRefused(context, "InvalidArgument");
  });

  it("refuse a bad legend position, a bad seriesBy and changes on a protected sheet", async () => {
    const { context, sheet } = await withData();
    const chart = sheet.charts.add("Radar", sheet.getRange("B2:C8"));
    await context.sync();
    chart.legend.position = "Middle" as Excel.ChartLegendPosition;
    await expectRefused(context, "InvalidArgument");
    sheet.charts.add("Radar", sheet.getRange("B2:C8"), "Diagonal" as Excel.ChartSeriesBy);
    await expectRefused(context, "InvalidArgument");
    sheet.protection.protect();
    await context.sync();
    sheet.charts.add("Radar", sheet.getRange("B2:C8"));
    await expectRefused(context, "AccessDenied");
    chart.title.text = "x";
    await expectRefused(context, "AccessDenied");
  });
});

describe("exportWorkbookPlan", () => {
  it("gives a plan that writeXlsx saves and readXlsx reads back with the same content", async () => {
    const { fake, context, sheet, workbook } = open(["和平区", "Sheet 2"]);
    sheet.getRange("A1:D3").formulas = [
      ["District", "'=not a formula", "'0012", 0.8],
      ["=SUM(D1:D2)", "#N/A", "2024-05-01", true],
      ["text", "", "=D1*2", '=IF(D1>0.5,"hi","lo")'],
    ];
    sheet.getRange("A1:D1").format.font.bold = true;
    sheet.getRange("B2:C3").format.protection.locked = false;
    sheet.getRange("D1:D2").numberFormat = [["0.00"], ["General"]];
    sheet.getRange("B:B").format.columnWidth = 75;
    sheet.getRange("C:C").columnHidden = true;
    sheet.getRange("2:2").format.rowHeight = 30;
    sheet.getRange("A3:B3").merge(false);
    sheet.getRange("B2:C2").dataValidation.rule = {
      list: { inCellDropDown: true, source: "1,0.8,0.5,0,N/A" },
    };
    const rule = sheet.getRange("D1:D2").conditionalFormats.add("Custom");
    rule.custom.rule.formula = "=D1>0.5";
    rule.custom.format.fill.color = "#C6EFCE";
    sheet.names.add("CTMM_Ratings", sheet.getRange("B2:C2"));
    sheet.names.add("CTMM_Total", sheet.getRange("A2"));
    sheet.freezePanes.freezeRows(1);
    sheet.tabColor = "#1F4E79";
    sheet.protection.protect();
    const second = workbook.worksheets.getItem("Sheet 2");
    second.getRange("A1").formulas = [["='和平区'!D1+1"]];
    second.visibility = "VeryHidden";
    await context.sync();

    const plan = exportWorkbookPlan(fake);
    const [first, hidden] = plan.sheets;
    expect(first).toMatchObject({
      name: "和平区",
      visibility: "visible",
      protect: true,
      tabColor: "1F4E79",
      freeze: { rows: 1, columns: 0 },
      merges: [{ top: 2, left: 0, bottom: 2, right: 1 }],
      columns: [
        { index: 1, width: 13.57 },
        { index: 2, hidden: true },
      ],
      rows: [{ index: 1, height: 30 }],
      validations: [
        {
          range: { top: 1, left: 1, bottom: 1, right: 2 },
          list: ["1", "0.8", "0.5", "0", "N/A"],
          allowBlank: true,
        },
      ],
      conditionalFormats: [
        {
          range: { top: 0, left: 3, bottom: 1, right: 3 },
          formula: "D1>0.5",
          style: { fill: "C6EFCE" },
          priority: 1,
        },
      ],
    });
    expect(hidden).toMatchObject({ name: "Sheet 2", visibility: "veryHidden", protect: false });
    const cell = (row: number, column: number) =>
      first!.cells.find((c) => c.row === row && c.column === column);
    expect(cell(0, 1)).toMatchObject({ value: "=not a formula" }); // quote-prefixed: text
    expect(cell(0, 2)).toMatchObject({ value: "0012" });
    expect(cell(0, 3)).toMatchObject({ value: 0.8, style: { bold: true, numberFormat: "0.00" } });
    expect(cell(1, 1)).toMatchObject({ formula: "#N/A", style: { locked: false } });
    expect(cell(1, 2)).toMatchObject({ value: 45413, style: { locked: false } });

    const grid = readXlsx(writeXlsx(plan));
    expect(grid.sheets.map((s) => [s.name, s.visibility, s.protected])).toEqual([
      ["和平区", "visible", true],
      ["Sheet 2", "veryHidden", false],
    ]);
    // Every value, formula and locked flag of the fake is in the file.
    for (const fakeSheet of fake.sheets) {
      const read = grid.sheets.find((s) => s.name === fakeSheet.name)!;
      for (const [key, fakeCell] of fakeSheet.cells) {
        const got = read.cells.get(key);
        const formula = fakeCell.formula?.slice(1) ?? fakeCell.error;
        const locked = fakeCell.format["protection.locked"] !== false;
        if (formula !== undefined) expect([key, got?.formula]).toEqual([key, formula]);
        else if (fakeCell.value !== null) expect([key, got?.value]).toEqual([key, fakeCell.value]);
        if (got) expect([key, got.locked]).toEqual([key, locked]);
      }
    }
    expect(grid.names.map((n) => [n.name, n.scope, n.target])).toEqual([
      ["CTMM_Ratings", "和平区", { sheet: "和平区", top: 1, left: 1, bottom: 1, right: 2 }],
      ["CTMM_Total", "和平区", { sheet: "和平区", top: 1, left: 0, bottom: 1, right: 0 }],
    ]);
  });
});
