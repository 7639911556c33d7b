/**
 * The streaming writer: a workbook whose long sheet's rows are produced as the file is written
 * reads back as the same workbook planned cell by cell, is valid, and refuses rows that do not
 * match what was announced.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { CellPlan, WorkbookPlan } from "../../src/sheet/plan";
import { readXlsx, writeXlsx, writeXlsxStream, XlsxError } from "../../src/xlsx";
import type { AppendedRows } from "../../src/xlsx";
import { at, cell, sheetPlan } from "./helpers";

const VALIDATOR =
  process.env["CTMM_OOXML_VALIDATOR"] ??
  resolve(__dirname, "../../../shared/ooxml/validate-xlsx.sh");

const ROWS: (string | number)[][] = [
  ["a.xlsx", "和平区", "E7", "错误", "RATING_INVALID", "=SUM(A1) is text, not a formula"],
  ["b.xlsx", "  leading and trailing  ", "", "警告", 42, "line\nbreak & <tag> _x0041_ \u0001"],
  ["c.xlsx", "+1", "-2", "@3", -0, "x".repeat(32_767)],
];

function plan(extraCells: CellPlan[] = []): WorkbookPlan {
  return {
    title: "stream",
    sheets: [
      sheetPlan({
        name: "Summary",
        cells: [cell("A1", { value: "total" }), cell("B1", { value: 3 })],
      }),
      sheetPlan({
        name: "Findings",
        cells: [cell("A1", { value: "File", style: { bold: true } }), ...extraCells],
        freeze: { rows: 1, columns: 0 },
      }),
    ],
  };
}

function streamed(workbook: WorkbookPlan, appended: AppendedRows): Uint8Array {
  const chunks: Uint8Array[] = [];
  writeXlsxStream(workbook, (chunk) => chunks.push(chunk.slice()), appended);
  return Buffer.concat(chunks);
}

const appended = (rows = ROWS, count = rows.length): AppendedRows => ({
  sheet: "Findings",
  firstRow: 1,
  count,
  columns: 6,
  rows,
});

it("reads back as the same workbook with the rows planned as cells", () => {
  const bytes = streamed(plan(), appended());
  const asCells = ROWS.flatMap((values, r) =>
    values.map((value, column): CellPlan => ({ row: r + 1, column, value })),
  );
  const planned = readXlsx(writeXlsx(plan(asCells)));
  const read = readXlsx(bytes);
  const values = (grid: typeof read) =>
    grid.sheets.map((s) => [
      s.name,
      [...s.cells]
        .filter(([, c]) => c.value !== null && c.value !== "")
        .map(([k, c]) => [k, c.value, c.formula]),
    ]);
  expect(values(read)).toEqual(values(planned));
  const findings = read.sheets[1]!;
  expect(at(findings, "A2")?.value).toBe("a.xlsx");
  expect(at(findings, "F2")).toMatchObject({ value: "=SUM(A1) is text, not a formula" });
  expect(at(findings, "F2")?.formula).toBeUndefined();
  expect(at(findings, "B3")?.value).toBe("  leading and trailing  ");
  expect(at(findings, "F3")?.value).toBe("line\nbreak & <tag> _x0041_ \u0001");
  expect(at(findings, "E3")?.value).toBe(42);
  expect(at(findings, "C3")).toBeUndefined(); // an empty text is no cell
  expect(at(findings, "E4")?.value).toBe(0);
});

it("streams an empty batch as the heading row alone", () => {
  const read = readXlsx(streamed(plan(), appended([], 0)));
  expect([...read.sheets[1]!.cells.keys()]).toEqual(["0,0"]);
});

it("writes a workbook the ECMA-376 validator accepts", () => {
  const dir = mkdtempSync(join(tmpdir(), "ctmm-stream-"));
  try {
    const file = join(dir, "streamed.xlsx");
    writeFileSync(file, streamed(plan(), appended()));
    const result = spawnSync(VALIDATOR, ["--checks", file], { encoding: "utf8" });
    expect([result.status, result.stdout + result.stderr]).toEqual([
      0,
      expect.stringContaining("0 error(s), 0 warning(s)"),
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

describe("refuses rows that do not match the announcement", () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      "more rows than announced",
      () => streamed(plan(), appended(ROWS, 2)),
      /more rows are appended than the 2/,
    ],
    ["fewer rows", () => streamed(plan(), appended(ROWS, 4)), /4 rows were announced, 3 given/],
    [
      "a row too wide",
      () => streamed(plan(), { ...appended(), columns: 5 }),
      /row 2 has 6 values; 5 announced/,
    ],
    [
      "an unknown sheet",
      () => streamed(plan(), { ...appended(), sheet: "Nope" }),
      /a sheet "Nope" the plan does not have/,
    ],
    [
      "planned cells in the way",
      () => streamed(plan([cell("A2", { value: "x" })]), appended()),
      /planned rows reach the appended rows/,
    ],
    [
      "a number Excel cannot hold",
      () => streamed(plan(), appended([[Infinity]], 1)),
      /Infinity is not a number/,
    ],
    [
      "text too long",
      () => streamed(plan(), appended([["x".repeat(32_768)]], 1)),
      /32768 characters/,
    ],
  ];
  it.each(cases)("%s", (_label, write, message) => {
    let thrown: unknown;
    try {
      write();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(XlsxError);
    expect((thrown as XlsxError).code).toBe("INVALID_PLAN");
    expect((thrown as Error).message).toMatch(message);
  });
});
