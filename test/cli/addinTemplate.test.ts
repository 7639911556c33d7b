import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/main";
import { cellKey } from "../../src/sheet/grid";
import { findName, readAssessments } from "../../src/sheet/readAssessment";
import { readXlsx } from "../../src/xlsx";
import { builtinPackJson } from "../helpers/packs";

/** Runs `ctmm` in-process and captures what it prints. */
async function ctmm(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(
    argv,
    { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) },
    { LANG: "en_US.UTF-8" },
  );
  return { code, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
}

const folder = () => mkdtempSync(join(tmpdir(), "ctmm-addin-"));

describe("ctmm template --formulas addin", () => {
  it("writes a workbook whose results are CTMM.* formulas, and says so in its metadata", async () => {
    const out = join(folder(), "addin.xlsx");
    const result = await ctmm(
      "template",
      "--formulas",
      "addin",
      "--mode",
      "quick",
      "--lang",
      "en-US",
      "--district",
      "Heping",
      "--out",
      out,
    );
    expect(result).toMatchObject({ code: 0, stderr: "", stdout: out });
    const grid = readXlsx(readFileSync(out));
    const [sheet] = readAssessments(grid);
    expect(sheet).toMatchObject({
      district: "Heping",
      mode: "quick",
      metadata: { language: "en-US", mode: "quick", formulaStyle: "addin" },
    });
    const overall = findName(grid, sheet!.sheet, "CTMM_OverallLevel")!.target!;
    const cell = grid.sheets[0]!.cells.get(cellKey(overall.top, overall.left))!;
    expect(cell.formula).toBe(
      'IF(ISNA(CTMM.LEVEL(CTMM_Ratings,CTMM_Weights,$H$2)),"N/A",CTMM.LEVEL(CTMM_Ratings,CTMM_Weights,$H$2))',
    );
    const formulas = [...grid.sheets[0]!.cells.values()].flatMap((c) => c.formula ?? []);
    expect(formulas.filter((f) => f.includes("SUMPRODUCT"))).toEqual([]);

    // The workbook checks out against its own template: warnings for the blank ratings only.
    const validated = await ctmm("validate", out, "--json");
    expect(validated.code).toBe(0);
    const findings = JSON.parse(validated.stdout) as { severity: string; code: string }[];
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(new Set(findings.map((f) => f.code))).toEqual(new Set(["RATING_MISSING"]));
  });

  it("accepts the built-in model given as a file, and refuses another model", async () => {
    const dir = folder();
    writeFileSync(join(dir, "builtin.json"), JSON.stringify(builtinPackJson()));
    const same = await ctmm(
      "template",
      "--formulas",
      "addin",
      "--model",
      join(dir, "builtin.json"),
      "--out",
      join(dir, "a.xlsx"),
    );
    expect(same).toMatchObject({ code: 0, stderr: "" });

    // The add-in reads labels, the scale and level names from its own model only.
    const other = builtinPackJson();
    other.version = `${other.version}-local`;
    writeFileSync(join(dir, "other.json"), JSON.stringify(other));
    const refused = await ctmm(
      "template",
      "--formulas",
      "addin",
      "--model",
      join(dir, "other.json"),
      "--out",
      join(dir, "b.xlsx"),
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--formulas addin computes with the add-in's own model/);
    expect(refused.stderr).toMatch(/use --formulas portable/);
    const portable = await ctmm(
      "template",
      "--model",
      join(dir, "other.json"),
      "--out",
      join(dir, "c.xlsx"),
    );
    expect(portable.code).toBe(0);
  });

  it("is in the usage text, and other styles are still refused", async () => {
    expect((await ctmm("help")).stdout).toContain("[--formulas portable|addin]");
    const result = await ctmm("template", "--formulas", "vba");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--formulas must be one of portable, addin/);
  });
});
