import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUILTIN_PACK, listItems } from "../../src/model";
import { fillPlan } from "../../src/sheet/fillPlan";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { ctmm } from "../helpers/cli";

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "ctmm-review-cli-"));
  for (const district of ["Heping", "Hexi"]) {
    const planned = planWorkbook(BUILTIN_PACK, {
      language: "en-US",
      mode: "quick",
      formulaStyle: "portable",
      districts: [district],
    });
    const ratings = new Map(listItems(BUILTIN_PACK).map((p, i) => [p.item.id as string, [i % 3]]));
    writeFileSync(
      file(`${district}.xlsx`),
      writeXlsx(fillPlan(planned.plan, planned.sheets[0]!, { ratings })),
    );
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("writes the review workbook and exits 0 when every return is taken", async () => {
  const out = file("review.xlsx");
  const result = await ctmm("review", file("Heping.xlsx"), file("Hexi.xlsx"), "--out", out);
  expect([result.code, result.stdout, result.stderr]).toEqual([0, out, ""]);
  const names = readXlsx(readFileSync(out)).sheets.map((s) => s.name);
  expect(names).toEqual([
    "Review summary",
    "Item spread",
    "Review changes",
    "Heping",
    "Hexi",
    "CTMM_Meta",
  ]);
});

it("refuses an input as the output, and an existing output without --force", async () => {
  const same = await ctmm("review", file("Heping.xlsx"), "--out", file("Heping.xlsx"));
  expect([same.code, same.stderr]).toEqual([2, expect.stringContaining("is an input")]);
  writeFileSync(file("taken.xlsx"), "keep me");
  const taken = await ctmm("review", file("Heping.xlsx"), "--out", file("taken.xlsx"));
  expect(taken.code).toBe(2);
  expect(readFileSync(file("taken.xlsx"), "utf8")).toBe("keep me");
  const forced = await ctmm("review", file("Heping.xlsx"), "--out", file("taken.xlsx"), "--force");
  expect(forced.code).toBe(0);
  expect(existsSync(file("taken.xlsx"))).toBe(true);
});

it("lists a file it cannot read and leaves it out, exit 1", async () => {
  writeFileSync(file("notes.xlsx"), "not a workbook");
  const out = file("review-2.xlsx");
  const result = await ctmm("review", file("Heping.xlsx"), file("notes.xlsx"), "--out", out);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain("notes.xlsx");
  const summary = readXlsx(readFileSync(out)).sheets[0]!;
  expect([...summary.cells.values()].some((c) => String(c.value).endsWith("notes.xlsx"))).toBe(
    true,
  );
});
