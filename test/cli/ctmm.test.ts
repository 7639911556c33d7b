import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUILTIN_PACK, listItems } from "../../src/model";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { readAssessments } from "../../src/sheet/readAssessment";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { builtinPackJson } from "../helpers/packs";
import { fillPlan } from "../../src/sheet/fillPlan";
import { ctmm } from "../helpers/cli";

const folder = () => mkdtempSync(join(tmpdir(), "ctmm-cli-"));
const ITEM_IDS = listItems(BUILTIN_PACK).map((p) => p.item.id as string);

/** A filled return: every item rated (1, 1, 0.8, 0.5, 0), i.e. level 3, with evidence. */
function filledReturn(dir: string, name = "return.xlsx"): string {
  const { plan, sheets } = planWorkbook(BUILTIN_PACK, {
    language: "zh-CN",
    mode: "full",
    formulaStyle: "portable",
    districts: ["和平区"],
  });
  const filled = fillPlan(plan, sheets[0]!, {
    ratings: new Map(ITEM_IDS.map((id) => [id, [1, 1, 0.8, 0.5, 0]])),
    evidence: new Map(ITEM_IDS.map((id) => [id, `=证明材料 ${id}`])),
    header: { district: "和平区", date: "2026-11-25", assessor: "张三" },
  });
  const file = join(dir, name);
  writeFileSync(file, writeXlsx(filled));
  return file;
}

describe("ctmm template", () => {
  it("writes one workbook, zh-CN full portable by default", async () => {
    const dir = folder();
    const out = join(dir, "a.xlsx");
    const result = await ctmm("template", "--district", "和平区", "--out", out);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const [sheet] = readAssessments(readXlsx(readFileSync(out)));
    expect(sheet).toMatchObject({
      district: "和平区",
      mode: "full",
      metadata: { language: "zh-CN", formulaStyle: "portable" },
    });
  });

  it("writes one workbook per district into a folder", async () => {
    const dir = folder();
    writeFileSync(join(dir, "districts.txt"), "\uFEFF和平区\r\n河西区\n\n=SUM(1)\n");
    const result = await ctmm(
      "template",
      "--districts",
      join(dir, "districts.txt"),
      "--district",
      "南开区",
      "--mode",
      "quick",
      "--lang",
      "en-US",
      "--out",
      join(dir, "out"),
    );
    expect(result.code).toBe(0);
    const files = result.stdout.split("\n");
    expect(files.map((f) => f.slice(dir.length + 5))).toEqual([
      "南开区.xlsx",
      "和平区.xlsx",
      "河西区.xlsx",
      "=SUM(1).xlsx",
    ]);
    const last = readAssessments(readXlsx(readFileSync(files[3]!)))[0]!;
    expect(last).toMatchObject({ district: "=SUM(1)", mode: "quick" });
  });

  it.each([
    [["template", "--mode", "medium"], /--mode must be one of full, quick/],
    [["template", "--lang", "fr-FR"], /--lang must be one of zh-CN, en-US/],
    [["template", "--bogus"], /Unknown option '--bogus'/],
    [["template", "--districts", "/nonexistent/list.txt"], /\/nonexistent\/list.txt: no such file/],
    [["frobnicate"], /unknown command "frobnicate"/],
  ])("refuses %j with exit 2 and one clear line", async (argv, message) => {
    const result = await ctmm(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a bad model pack, naming the node", async () => {
    const dir = folder();
    const pack = builtinPackJson();
    delete pack.domains[2]!.name["en-US"];
    writeFileSync(join(dir, "pack.json"), JSON.stringify(pack));
    const result = await ctmm(
      "template",
      "--model",
      join(dir, "pack.json"),
      "--out",
      join(dir, "x.xlsx"),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /pack.json: Model pack refused: domain "3": name has no en-US text/,
    );
    writeFileSync(join(dir, "broken.json"), "{ not json");
    expect((await ctmm("template", "--model", join(dir, "broken.json"))).stderr).toMatch(
      /broken.json: not valid JSON/,
    );
  });
});

describe("ctmm score", () => {
  it("scores from the input cells and prints SPEC §7's JSON", async () => {
    const dir = folder();
    const file = filledReturn(dir);
    const before = readFileSync(file);
    const result = await ctmm("score", file, "--json");
    expect(result.code).toBe(0);
    const [sheet] = JSON.parse(result.stdout);
    expect(sheet).toMatchObject({
      file,
      sheet: "和平区",
      district: "和平区",
      model: { id: BUILTIN_PACK.id, version: BUILTIN_PACK.version },
      mode: "full",
      overall: { level: 3, levelScores: [1, 1, 0.8, 0.5, 0] },
    });
    expect(sheet.overall.score).toBeCloseTo(3.625, 12);
    expect(sheet.domains).toHaveLength(6);
    expect(sheet.domains[0]).toMatchObject({ id: "1", name: "适数化改革", level: 3 });
    expect(sheet.subdomains).toHaveLength(17);
    expect(sheet.items).toHaveLength(37);
    expect(sheet.items[0]).toEqual({ id: "1.1.1", level: 3, applicable: true });
    expect(readFileSync(file)).toEqual(before);
  });

  it("names the file, sheet and cell of a rating it cannot score, with exit 1", async () => {
    const dir = folder();
    const { plan, sheets } = planWorkbook(BUILTIN_PACK, {
      language: "en-US",
      mode: "full",
      formulaStyle: "portable",
      districts: ["X"],
    });
    const file = join(dir, "bad.xlsx");
    writeFileSync(
      file,
      writeXlsx(
        fillPlan(plan, sheets[0]!, { ratings: new Map([["2.2.1", [1, "great", 0, 0, 0]]]) }),
      ),
    );
    const result = await ctmm("score", file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /bad.xlsx: sheet "X": F\d+: item 2.2.1: the sheet cannot read the rating "great"; counted as 0/,
    );
  });

  it("reports every file that is not a workbook, one line each, and exits 1", async () => {
    const dir = folder();
    writeFileSync(join(dir, "notes.xlsx"), "hello");
    writeFileSync(
      join(dir, "half.xlsx"),
      writeXlsx(
        planWorkbook(BUILTIN_PACK, {
          language: "zh-CN",
          mode: "full",
          formulaStyle: "portable",
          districts: [],
        }).plan,
      ).slice(0, 2000),
    );
    for (const name of ["notes.xlsx", "half.xlsx", "missing.xlsx"]) {
      const result = await ctmm("score", join(dir, name));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(name);
      expect(result.stderr.split("\n")).toHaveLength(1);
    }
    // Given together, with a good return in the middle: every file is reported, in order.
    const good = filledReturn(dir);
    const names = ["notes.xlsx", "half.xlsx", "return.xlsx", "missing.xlsx"];
    const result = await ctmm("score", ...names.map((n) => join(dir, n)), "--json");
    expect(result.code).toBe(1);
    const rows = JSON.parse(result.stdout) as { file: string; status: string }[];
    expect(rows.map((r) => [r.file, r.status])).toEqual([
      [join(dir, "notes.xlsx"), "unreadable"],
      [join(dir, "half.xlsx"), "unreadable"],
      [good, "ok"],
      [join(dir, "missing.xlsx"), "unreadable"],
    ]);
    expect(result.stderr.split("\n")).toEqual([
      expect.stringMatching(/notes\.xlsx: .*not an \.xlsx workbook/),
      expect.stringMatching(/half\.xlsx: /),
      expect.stringMatching(/missing\.xlsx: no such file/),
    ]);
  });
});

describe("ctmm validate", () => {
  it("exits 0 with warnings only, 1 with errors", async () => {
    const dir = folder();
    const file = filledReturn(dir);
    const clean = await ctmm("validate", file, "--lang", "en-US");
    expect(clean).toMatchObject({ code: 0 });
    expect(clean.stdout).toMatch(/0 error\(s\), 0 warning\(s\)/);

    const { plan, sheets } = planWorkbook(BUILTIN_PACK, {
      language: "zh-CN",
      mode: "full",
      formulaStyle: "portable",
      districts: ["Y"],
    });
    const tampered = {
      ...plan,
      sheets: plan.sheets.map((s) =>
        s.name === "Y" ? { ...s, names: s.names.filter((n) => n.name !== "CTMM_OverallScore") } : s,
      ),
    };
    const bad = join(dir, "tampered.xlsx");
    writeFileSync(bad, writeXlsx(fillPlan(tampered, sheets[0]!, { ratings: new Map() })));
    const result = await ctmm("validate", bad, "--json", "--lang", "zh-CN");
    expect(result.code).toBe(1);
    const findings = JSON.parse(result.stdout);
    expect(findings[0]).toMatchObject({
      file: bad,
      code: "NAME_MISSING",
      severity: "error",
      sheet: "Y",
      cell: "D14",
    });
    expect(findings[0].message).toMatch(/缺少名称 CTMM_OverallScore/);
  });
});

describe("ctmm upgrade", () => {
  it("carries every rating, evidence note and header field into a fresh template", async () => {
    const dir = folder();
    const file = filledReturn(dir);
    const before = readFileSync(file);
    const out = join(dir, "new.xlsx");
    const result = await ctmm("upgrade", file, "--out", out);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const [old] = readAssessments(readXlsx(before));
    const [upgraded] = readAssessments(readXlsx(readFileSync(out)));
    expect(upgraded!.input.ratings).toEqual(old!.input.ratings);
    expect(upgraded!.evidence).toEqual(old!.evidence);
    expect(upgraded!.evidence.get("1.1.1")).toBe("=证明材料 1.1.1");
    expect([upgraded!.district, upgraded!.date, upgraded!.assessor]).toEqual([
      "和平区",
      "2026-11-25",
      "张三",
    ]);
    expect(readFileSync(file)).toEqual(before);
  });

  it("maps items by id into another pack and reports the ones that no longer exist", async () => {
    const dir = folder();
    const file = filledReturn(dir);
    const pack = builtinPackJson();
    pack.version = "2.0.0";
    pack.domains[5]!.subdomains[1]!.items.pop(); // 6.2.2 is gone
    writeFileSync(join(dir, "pack.json"), JSON.stringify(pack));
    const out = join(dir, "v2.xlsx");
    const result = await ctmm("upgrade", file, "--out", out, "--model", join(dir, "pack.json"));
    expect(result.code).toBe(0);
    // In the workbook's language (zh-CN here); --lang en-US gives the English line.
    expect(result.stderr).toMatch(
      /和平区：能力项 6\.2\.2 在 ctmm-gb-20213294-T-469 2\.0\.0 中已不存在，其评分和说明未带入/,
    );
    const english = await ctmm(
      "upgrade",
      file,
      "--out",
      out,
      "--force",
      "--model",
      join(dir, "pack.json"),
      "--lang",
      "en-US",
    );
    expect(english.stderr).toMatch(
      /和平区: 6.2.2 no longer exists in ctmm-gb-20213294-T-469 2.0.0/,
    );
    const [upgraded] = readAssessments(readXlsx(readFileSync(out)));
    expect(upgraded!.metadata).toMatchObject({ packVersion: "2.0.0" });
    expect(upgraded!.items).toHaveLength(36);
    expect(upgraded!.input.ratings.get("6.2.1")).toEqual([1, 1, 0.8, 0.5, 0]);
  });

  it("never overwrites its input", async () => {
    const dir = folder();
    const file = filledReturn(dir);
    const result = await ctmm("upgrade", file, "--out", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--out must be a new file; the input is never modified/);
  });
});

describe("ctmm upgrade of an add-in-style workbook", () => {
  it("converts it to portable formulas, carrying the entries, and says so on stderr", async () => {
    const dir = folder();
    // The task pane writes this style through Office JS; the planner and writer stand in here.
    const { plan, sheets } = planWorkbook(BUILTIN_PACK, {
      language: "zh-CN",
      mode: "full",
      formulaStyle: "addin",
      districts: ["X"],
    });
    const source = join(dir, "addin.xlsx");
    writeFileSync(
      source,
      writeXlsx(
        fillPlan(plan, sheets[0]!, {
          ratings: new Map(ITEM_IDS.map((id) => [id, [1, 0.8, 0.5, 0, 0]])),
          header: { assessor: "李四" },
        }),
      ),
    );
    const out = join(dir, "upgraded.xlsx");
    const result = await ctmm("upgrade", source, "--out", out, "--lang", "en-US");
    expect(result).toMatchObject({ code: 0, stdout: out });
    // One line: what happened and why.
    expect(result.stderr.split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(
      /addin\.xlsx: its add-in formulas \(CTMM\.\*\) were converted to portable formulas: Excel recognises CTMM\.\* formulas only when it writes them itself/,
    );
    const grid = readXlsx(readFileSync(out));
    const [sheet] = readAssessments(grid);
    expect(sheet!.metadata).toMatchObject({ formulaStyle: "portable" });
    expect(sheet!.assessor).toBe("李四");
    expect(sheet!.input.ratings.get("3.2.1")).toEqual([1, 0.8, 0.5, 0, 0]);
    const formulas = grid.sheets.flatMap((s) =>
      [...s.cells.values()].flatMap((c) => c.formula ?? []),
    );
    expect(formulas.filter((f) => /CTMM\./.test(f))).toEqual([]);
    expect(formulas.some((f) => f.includes("SUMPRODUCT"))).toBe(true);
    // The converted workbook checks out against the portable template.
    const validated = await ctmm("validate", out, "--json");
    expect(validated.code).toBe(0);
  });

  it("says nothing about formulas when the input was portable already", async () => {
    const dir = folder();
    const result = await ctmm("upgrade", filledReturn(dir), "--out", join(dir, "new.xlsx"));
    expect(result).toMatchObject({ code: 0, stderr: "" });
  });
});
