/**
 * A sheet generated with an overridden threshold (the task pane's setting) is read, validated and
 * scored at its own threshold, as its formulas compute, whatever the pack's threshold says.
 */
import { assess, BUILTIN_PACK, listItems } from "../../src/model";
import { consolidateGrid } from "../../src/sheet/consolidate";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { readAssessments, readMetadata, sheetThreshold } from "../../src/sheet/readAssessment";
import { validateWorkbook } from "../../src/sheet/validateWorkbook";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { fillSheet } from "../helpers/fill";
import { recalculate } from "../helpers/libreoffice";

const LOWER = { ...BUILTIN_PACK, threshold: 0.6 };

function generated() {
  const planned = planWorkbook(LOWER, {
    language: "en-US",
    mode: "full",
    formulaStyle: "portable",
    districts: ["Heping"],
  });
  // S3 = 0.75: level 2 at the pack's 0.8, level 3 at the sheet's 0.6.
  const rows = new Map(
    listItems(BUILTIN_PACK).map((p, i) => [
      p.item.id as string,
      i % 2 ? [1, 1, 1, 0.5, 0] : [1, 1, 0.5, 0.5, 0],
    ]),
  );
  return { plan: fillSheet(planned.plan, planned.sheets[0]!, rows) };
}

describe("a sheet's own threshold", () => {
  it("is recorded in the metadata, and older sheets without it fall back to the pack's", () => {
    const grid = readXlsx(writeXlsx(generated().plan));
    const metadata = readMetadata(grid).get("Heping")!;
    expect(metadata.threshold).toBe(0.6);
    expect(sheetThreshold(metadata, BUILTIN_PACK)).toBe(0.6);
    expect(sheetThreshold({}, BUILTIN_PACK)).toBe(0.8);
    expect(sheetThreshold(null, BUILTIN_PACK)).toBe(0.8);
  });

  it("is no changed cell when validated with the pack's threshold", () => {
    const grid = readXlsx(writeXlsx(generated().plan));
    expect(validateWorkbook(grid, BUILTIN_PACK).filter((f) => f.severity === "error")).toEqual([]);
  });

  it("scores as the sheet computes itself in LibreOffice", async () => {
    const grid = readXlsx(await recalculate(writeXlsx(generated().plan)));
    const [read] = readAssessments(grid);
    const expected = assess(BUILTIN_PACK, read!.input, { threshold: 0.6 });
    const [row] = consolidateGrid("x.xlsx", grid, BUILTIN_PACK).rows;
    expect(row!.overall).toEqual(expected.overall.result);
    const sheet = grid.sheets.find((s) => s.name === "Heping")!;
    const overallLevel = grid.names.find(
      (n) => n.scope === "Heping" && n.name === "CTMM_OverallLevel",
    )!.target!;
    expect(sheet.cells.get(`${overallLevel.top},${overallLevel.left}`)?.value).toBe(
      expected.overall.result!.level,
    );
    expect(expected.overall.result!.level).not.toBe(
      assess(BUILTIN_PACK, read!.input).overall.result!.level,
    );
  }, 60_000);
});
