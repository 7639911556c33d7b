import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUILTIN_PACK } from "../../src/model";
import { cellKey } from "../../src/sheet/grid";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { findName, readAssessments } from "../../src/sheet/readAssessment";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { builtinPackJson } from "../helpers/packs";
import { ctmm } from "../helpers/cli";

const folder = () => mkdtempSync(join(tmpdir(), "ctmm-addin-"));

/** A refusal: exit 2, one line that says why and where add-in formulas come from, no file. */
function expectAddinRefused(result: { code: number; stdout: string; stderr: string }, out: string) {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr.split("\n")).toHaveLength(1);
  expect(result.stderr).toMatch(/^ctmm: --formulas addin is not available here/);
  expect(result.stderr).toMatch(/#NAME\?/);
  expect(result.stderr).toMatch(/Generate in the add-in's task pane/);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(out)).toBe(false);
}

describe("ctmm template --formulas addin", () => {
  // Excel stores add-in calls as _xldudf_CTMM_… with a web-extension part; CTMM.LEVEL(…) text
  // written outside Excel stays #NAME? (office-js issues 6611, 6395). Only the pane writes them.
  it("is refused with exit 2 and one line that says why and points to the task pane", async () => {
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
    expectAddinRefused(result, out);
  });

  it("is refused whatever the model, while --formulas portable still works with any model", async () => {
    const dir = folder();
    writeFileSync(join(dir, "builtin.json"), JSON.stringify(builtinPackJson()));
    const other = builtinPackJson();
    other.version = `${other.version}-local`;
    writeFileSync(join(dir, "other.json"), JSON.stringify(other));
    for (const model of ["builtin.json", "other.json"]) {
      const out = join(dir, `${model}.xlsx`);
      expectAddinRefused(
        await ctmm("template", "--formulas", "addin", "--model", join(dir, model), "--out", out),
        out,
      );
    }
    const portable = join(dir, "portable.xlsx");
    const result = await ctmm(
      "template",
      "--formulas",
      "portable",
      "--model",
      join(dir, "other.json"),
      "--out",
      portable,
    );
    expect(result).toMatchObject({ code: 0, stderr: "", stdout: portable });
    const [sheet] = readAssessments(readXlsx(readFileSync(portable)));
    expect(sheet!.metadata).toMatchObject({ formulaStyle: "portable", packVersion: other.version });
  });

  it("is no longer offered in the usage text, and other styles are still refused", async () => {
    const usage = (await ctmm("help")).stdout;
    expect(usage).not.toContain("--formulas");
    expect(usage).not.toContain("addin");
    const result = await ctmm("template", "--formulas", "vba");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--formulas must be one of portable, not "vba"/);
  });
});

describe("ctmm on an add-in-style workbook written by the task pane", () => {
  // The pane writes this style through Office JS; here the planner and the .xlsx writer stand in.
  const addinWorkbook = (file: string) => {
    const { plan } = planWorkbook(BUILTIN_PACK, {
      language: "en-US",
      mode: "quick",
      formulaStyle: "addin",
      districts: ["Heping"],
    });
    writeFileSync(file, writeXlsx(plan));
  };

  it("reads it: results are CTMM.* formulas, and it checks out against its own template", async () => {
    const file = join(folder(), "addin.xlsx");
    addinWorkbook(file);
    const grid = readXlsx(readFileSync(file));
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

    // Warnings for the blank ratings only.
    const validated = await ctmm("validate", file, "--json");
    expect(validated.code).toBe(0);
    const findings = JSON.parse(validated.stdout) as { severity: string; code: string }[];
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(new Set(findings.map((f) => f.code))).toEqual(new Set(["RATING_MISSING"]));
  });
});
