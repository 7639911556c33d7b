import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";
import { BUILTIN_PACK, listItems } from "../../src/model";
import { cellKey } from "../../src/sheet/grid";
import { fillPlan } from "../../src/sheet/fillPlan";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { readXlsx, writeXlsx } from "../../src/xlsx";

async function ctmm(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(
    argv,
    { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) },
    {},
  );
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

const ITEM_IDS = listItems(BUILTIN_PACK).map((p) => p.item.id as string);

/** A return for `district`, every item rated `row`, with evidence. */
function writeReturn(file: string, district: string, row: unknown[], tamper = false): void {
  const { plan, sheets } = planWorkbook(BUILTIN_PACK, {
    language: "en-US",
    mode: "full",
    formulaStyle: "portable",
    districts: [district],
  });
  let filled = fillPlan(plan, sheets[0]!, {
    ratings: new Map(ITEM_IDS.map((id) => [id, row])),
    evidence: new Map(ITEM_IDS.map((id) => [id, "report"])),
    header: { district },
  });
  if (tamper) {
    filled = {
      ...filled,
      sheets: filled.sheets.map((s, i) =>
        i === 0 ? { ...s, names: s.names.filter((n) => n.name !== "CTMM_Weights") } : s,
      ),
    };
  }
  writeFileSync(file, writeXlsx(filled));
}

describe("ctmm consolidate", () => {
  it("summarises returns into a workbook and a CSV, reporting bad files, without touching the inputs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ctmm-consolidate-"));
    const good = join(dir, "heping.xlsx");
    const tampered = join(dir, "hexi.xlsx");
    const garbage = join(dir, "notes.xlsx");
    writeReturn(good, "Heping", [1, 1, 0.8, 0.5, 0]);
    writeReturn(tampered, '=HYPERLINK("x")', [1, 0.8, 0.5, 0, 0], true);
    writeFileSync(garbage, "not a workbook");
    const before = [good, tampered, garbage].map((f) => readFileSync(f));

    const out = join(dir, "summary.xlsx");
    const csv = join(dir, "summary.csv");
    const result = await ctmm(
      "consolidate",
      good,
      tampered,
      garbage,
      "--out",
      out,
      "--csv",
      csv,
      "--lang",
      "en-US",
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/notes.xlsx: The file is not an .xlsx workbook/);
    expect([good, tampered, garbage].map((f) => readFileSync(f))).toEqual(before);

    const grid = readXlsx(readFileSync(out));
    const summary = grid.sheets.find((s) => s.name === "Returns summary")!;
    const value = (row: number, column: number) => summary.cells.get(cellKey(row, column))?.value;
    expect([value(0, 0), value(0, 7), value(0, 9)]).toEqual([
      "File",
      "Overall level",
      "1 Data-ready reform level",
    ]);
    expect([value(1, 0), value(1, 2), value(1, 3), value(1, 4), value(1, 7)]).toEqual([
      good,
      "Heping",
      "OK",
      1,
      3,
    ]);
    expect(value(1, 8)).toBeCloseTo(3.625, 12);
    expect([value(2, 2), value(2, 3), value(2, 7)]).toEqual(['=HYPERLINK("x")', "Errors", 2]);
    expect(summary.cells.get(cellKey(2, 2))!.formula).toBeUndefined();
    expect([value(3, 0), value(3, 3)]).toEqual([garbage, "Unreadable"]);
    const findings = grid.sheets.find((s) => s.name === "Findings")!;
    expect([...findings.cells.values()].some((c) => c.value === "NAME_MISSING")).toBe(true);

    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(readFileSync(csv));
    expect(text.startsWith("\uFEFFFile,Sheet,District,")).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text.split("\r\n")).toHaveLength(5);
  });

  it("gives the numbers of ctmm score in --json", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ctmm-consolidate-"));
    const file = join(dir, "a.xlsx");
    writeReturn(file, "A", [1, 1, 1, 0.8, 0.5]);
    const consolidated = JSON.parse(
      (await ctmm("consolidate", file, "--out", join(dir, "s.xlsx"), "--json")).stdout,
    );
    const scored = JSON.parse((await ctmm("score", file, "--json")).stdout);
    expect(consolidated[0].overall).toEqual({
      level: scored[0].overall.level,
      score: scored[0].overall.score,
    });
    expect(consolidated[0].domains.map((d: { level: number }) => d.level)).toEqual(
      scored[0].domains.map((d: { level: number }) => d.level),
    );
  });

  it("refuses to write over an input", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ctmm-consolidate-"));
    const file = join(dir, "a.xlsx");
    writeReturn(file, "A", [1, 1, 1, 0.8, 0.5]);
    const result = await ctmm("consolidate", file, "--out", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is an input; --out and --csv must be new files/);
  });

  it("spreads a large batch over worker threads in the built CLI, keeping the order", () => {
    const dir = mkdtempSync(join(tmpdir(), "ctmm-consolidate-"));
    const files: string[] = [];
    writeReturn(join(dir, "source.xlsx"), "A", [1, 1, 0.8, 0.5, 0]);
    for (let i = 0; i < 120; i++) {
      const file = join(dir, `r${String(i).padStart(3, "0")}.xlsx`);
      copyFileSync(join(dir, "source.xlsx"), file);
      files.push(file);
    }
    const output = execFileSync(
      process.execPath,
      [
        join(__dirname, "..", "..", "lib", "ctmm.cjs"),
        "consolidate",
        ...files,
        "--out",
        join(dir, "s.xlsx"),
        "--json",
      ],
      { encoding: "utf8" },
    );
    const rows = JSON.parse(output) as { file: string; overall: { level: number } }[];
    expect(rows.map((r) => r.file)).toEqual(files);
    expect(rows.every((r) => r.overall.level === 3)).toBe(true);
  }, 60_000);
});
