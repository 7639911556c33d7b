import { applyWorkbookPlan } from "../../src/excel/applyPlan";
import { sheetRequests } from "../../src/excel/sheetRequests";
import { BUILTIN_PACK } from "../../src/model";
import type { AssessmentMode, Language } from "../../src/model";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { writeXlsx } from "../../src/xlsx";
import { exportWorkbookPlan } from "../host/export";
import { FakeExcel, FakeExcelError, PropertyNotLoadedError } from "../host/fakeExcel";
import { unzipText } from "../xlsx/helpers";

const TEMPLATES: [Language, AssessmentMode][] = [
  ["zh-CN", "full"],
  ["en-US", "quick"],
];

describe.each(TEMPLATES)("the %s %s print setup through Office JS", (language, mode) => {
  const planned = planWorkbook(BUILTIN_PACK, {
    language,
    mode,
    formulaStyle: "portable",
    districts: ["和平区"],
  });
  const sheet = planned.sheets[0]!.plan;
  const print = sheet.print!;

  it("sets paper, orientation, fit to one page wide, margins, print area and title rows", async () => {
    const fake = new FakeExcel();
    await applyWorkbookPlan(fake.context, planned.plan);
    expect(fake.sheet(sheet.name).pageLayout).toEqual({
      orientation: "Landscape",
      paperSize: "A4",
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      // Narrow margins, in points.
      margins: { left: 18, right: 18, top: 54, bottom: 54, header: 21.6, footer: 21.6 },
      centerHorizontally: true,
      printArea: print.area,
      printTitleRows: print.titleRows,
    });
  });

  it("leaves fitted rows to Excel's autofit and sets fixed heights", async () => {
    const fake = new FakeExcel();
    await applyWorkbookPlan(fake.context, planned.plan);
    const heights = fake.sheet(sheet.name).rowHeights;
    expect(sheet.rows.some((r) => r.fitted)).toBe(true);
    for (const row of sheet.rows)
      expect([row.index, heights.get(row.index)]).toEqual([
        row.index,
        row.fitted ? undefined : row.height,
      ]);
  });

  it("writes the same page setup into the exported file as the .xlsx adapter does", async () => {
    const fake = new FakeExcel();
    await applyWorkbookPlan(fake.context, planned.plan);
    const exported = exportWorkbookPlan(fake).sheets.find((s) => s.name === sheet.name)!;
    expect(exported.print).toEqual(print);
    const part = (bytes: Uint8Array) => unzipText(bytes)["xl/worksheets/sheet1.xml"]!;
    const setup = (xml: string) => /<printOptions.*<\/worksheet>/.exec(xml)![0];
    expect(setup(part(writeXlsx({ sheets: [exported] })))).toBe(
      setup(part(writeXlsx({ sheets: [sheet] }))),
    );
  });

  it("counts the page setup in the request-size estimate", () => {
    const withPrint = sheetRequests(sheet).reduce((sum, r) => sum + r.bytes, 0);
    const without = sheetRequests({ ...sheet, print: undefined }).reduce(
      (sum, r) => sum + r.bytes,
      0,
    );
    // Seven actions of about 120 bytes and the setup's own text.
    expect(withPrint - without).toBeGreaterThan(7 * 120);
  });
});

describe("the test host's page layout", () => {
  const open = () => {
    const fake = new FakeExcel(["Sheet1"]);
    const worksheet = fake.context.workbook.worksheets.getItem("Sheet1");
    return { fake, context: fake.context, layout: worksheet.pageLayout };
  };

  it("reads nothing before load and sync, and Excel's defaults after", async () => {
    const { context, layout } = open();
    expect(() => layout.orientation).toThrow(PropertyNotLoadedError);
    layout.load("orientation,paperSize,zoom,leftMargin");
    expect(() => layout.orientation).toThrow(PropertyNotLoadedError);
    await context.sync();
    expect([layout.orientation, layout.paperSize, layout.zoom, layout.leftMargin]).toEqual([
      "Portrait",
      "Letter",
      { scale: 100 },
      50.4,
    ]);
  });

  it("applies writes at sync, in order", async () => {
    const { fake, context, layout } = open();
    layout.orientation = "Landscape";
    layout.setPrintTitleRows("$3:$4");
    expect(fake.sheet("Sheet1").pageLayout.orientation).toBe("Portrait");
    layout.load("orientation");
    await context.sync();
    expect(layout.orientation).toBe("Landscape");
    expect(fake.sheet("Sheet1").pageLayout.printTitleRows).toEqual({ top: 2, bottom: 3 });
  });

  it.each([
    ["a scale beside pages to fit", { scale: 80, horizontalFitToPages: 1 }],
    ["a fraction of a page", { horizontalFitToPages: 0.5 }],
  ])("refuses %s", async (_, zoom) => {
    const { context, layout } = open();
    layout.zoom = zoom;
    await expect(context.sync()).rejects.toBeInstanceOf(FakeExcelError);
  });

  it("refuses title rows that are not whole rows", async () => {
    const { context, layout } = open();
    layout.setPrintTitleRows("A3:D4");
    await expect(context.sync()).rejects.toThrow(/whole rows/);
  });
});
