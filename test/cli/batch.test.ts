import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { consolidateFiles } from "../../src/cli/consolidate";
import { runCli, safeFileName } from "../../src/cli/main";
import { describeProblem } from "../../src/cli/messages";
import type { FileProblem } from "../../src/cli/readReturn";
import { openReturn } from "../../src/cli/readReturn";
import type { Language, AssessmentMode } from "../../src/model";
import { BUILTIN_PACK, listItems } from "../../src/model";
import { fillPlan } from "../../src/sheet/fillPlan";
import { cellKey } from "../../src/sheet/grid";
import type { SheetPlan } from "../../src/sheet/plan";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { writeXlsx } from "../../src/xlsx";
import { randomRow, seededRandom } from "../helpers/fill";
import { ctmm } from "../helpers/cli";

const CLI = join(__dirname, "..", "..", "lib", "ctmm.cjs");
const ITEM_IDS = listItems(BUILTIN_PACK).map((p) => p.item.id as string);
const folder = () => mkdtempSync(join(tmpdir(), "ctmm-batch-"));

interface ReturnOptions {
  language?: Language;
  mode?: AssessmentMode;
  district?: string;
  rows?: (id: string, index: number) => readonly unknown[];
  change?: (sheet: SheetPlan) => SheetPlan;
}

/** A filled return (every item (1, 1, 0.8, 0.5, 0) by default: level 3), written to `file`. */
function writeReturn(file: string, options: ReturnOptions = {}): string {
  const district = options.district ?? "Heping";
  const { plan, sheets } = planWorkbook(BUILTIN_PACK, {
    language: options.language ?? "en-US",
    mode: options.mode ?? "full",
    formulaStyle: "portable",
    districts: [district],
  });
  const filled = fillPlan(plan, sheets[0]!, {
    ratings: new Map(ITEM_IDS.map((id, i) => [id, options.rows?.(id, i) ?? [1, 1, 0.8, 0.5, 0]])),
    evidence: new Map(ITEM_IDS.map((id) => [id, "report"])),
    header: { district },
  });
  const change = options.change;
  writeFileSync(
    file,
    writeXlsx(
      change
        ? { ...filled, sheets: filled.sheets.map((s, i) => (i === 0 ? change(s) : s)) }
        : filled,
    ),
  );
  return file;
}

/** The sheet with a formula in its first rating cell. */
function formulaInRating(sheet: SheetPlan): SheetPlan {
  const r = sheet.names.find((n) => n.name === "CTMM_Ratings")!.range;
  return {
    ...sheet,
    cells: [
      ...sheet.cells.filter((c) => cellKey(c.row, c.column) !== cellKey(r.top, r.left)),
      { row: r.top, column: r.left, formula: "0.5+0.5" },
    ],
  };
}

describe("batch commands report on every file", () => {
  it("validate goes on past unreadable files and names each one, in order", async () => {
    const dir = folder();
    const good = writeReturn(join(dir, "good.xlsx"));
    writeFileSync(join(dir, "notes.xlsx"), "hello");
    mkdirSync(join(dir, "folder.xlsx"));
    execFileSync("mkfifo", [join(dir, "pipe.xlsx")]);
    symlinkSync("/dev/zero", join(dir, "zero.xlsx"));
    const files = ["notes.xlsx", "folder.xlsx", "pipe.xlsx", "zero.xlsx", "good.xlsx", "gone.xlsx"];
    const result = await ctmm("validate", ...files.map((f) => join(dir, f)), "--lang", "en-US");
    expect(result.code).toBe(1);
    const lines = result.stdout.split("\n");
    expect(lines).toEqual([
      `${join(dir, "notes.xlsx")}: error FILE_UNREADABLE: The file is not an .xlsx workbook (it is not a zip archive)`,
      `${join(dir, "folder.xlsx")}: error FILE_UNREADABLE: is a folder, not a file`,
      `${join(dir, "pipe.xlsx")}: error FILE_UNREADABLE: is a FIFO (named pipe), not a regular file; not read`,
      `${join(dir, "zero.xlsx")}: error FILE_UNREADABLE: is a device, not a regular file; not read`,
      `${good}: 0 error(s), 0 warning(s)`,
      `${join(dir, "gone.xlsx")}: error FILE_UNREADABLE: no such file`,
      "5 error(s), 0 warning(s)",
    ]);
    const json = JSON.parse(
      (await ctmm("validate", join(dir, "pipe.xlsx"), good, "--json")).stdout,
    ) as { file: string; code: string }[];
    expect(json).toEqual([
      expect.objectContaining({ file: join(dir, "pipe.xlsx"), code: "FILE_UNREADABLE" }),
    ]);
  });

  it("reads a file given twice (by another path, a hard or a symbolic link) once, and says so", async () => {
    const dir = folder();
    const file = writeReturn(join(dir, "a.xlsx"));
    linkSync(file, join(dir, "hard.xlsx"));
    symlinkSync(file, join(dir, "soft.xlsx"));
    const again = join(dir, ".", "sub", "..", "a.xlsx");
    mkdirSync(join(dir, "sub"));
    const result = await ctmm(
      "validate",
      file,
      again,
      join(dir, "hard.xlsx"),
      join(dir, "soft.xlsx"),
    );
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")).toEqual([
      `${file}: 0 error(s), 0 warning(s)`,
      `${again}: the same file as ${file}; read once (see above)`,
      `${join(dir, "hard.xlsx")}: the same file as ${file}; read once (see above)`,
      `${join(dir, "soft.xlsx")}: the same file as ${file}; read once (see above)`,
      "0 error(s), 0 warning(s)",
    ]);
    const consolidated = await ctmm(
      "consolidate",
      file,
      join(dir, "hard.xlsx"),
      "--out",
      join(dir, "s.xlsx"),
      "--json",
    );
    expect(JSON.parse(consolidated.stdout)).toHaveLength(1);
    expect(consolidated.stderr).toBe(
      `${join(dir, "hard.xlsx")}: the same file as ${file}; read once (see above)`,
    );
  });

  it("scores a return with findings instead of calling it unreadable", async () => {
    const dir = folder();
    const bad = writeReturn(join(dir, "bad.xlsx"), {
      rows: (id) => (id === "2.2.1" ? [1, "great", 0.8, 0.5, 0] : [1, 1, 0.8, 0.5, 0]),
    });
    const formula = writeReturn(join(dir, "formula.xlsx"), { change: formulaInRating });
    const good = writeReturn(join(dir, "good.xlsx"));
    const scored = await ctmm("score", bad, formula, good, "--json");
    expect(scored.code).toBe(1);
    const rows = JSON.parse(scored.stdout) as {
      status: string;
      errors: number;
      overall: { level: number };
    }[];
    expect(rows.map((r) => r.status)).toEqual(["findings", "findings", "ok"]);
    expect(rows[0]!.overall.level).toBe(3);
    expect(rows[1]!.overall.level).toBe(3);
    expect(scored.stderr).toMatch(
      /bad\.xlsx: sheet "Heping": F\d+: item 2\.2\.1: the sheet cannot read the rating "great"; counted as 0, as the sheet does/,
    );

    const consolidated = await ctmm(
      "consolidate",
      bad,
      formula,
      good,
      "--out",
      join(dir, "s.xlsx"),
      "--json",
    );
    expect(consolidated.code).toBe(1);
    const summary = JSON.parse(consolidated.stdout) as {
      status: string;
      overall: { level: number } | null;
      problem?: string;
    }[];
    expect(summary.map((r) => [r.status, r.overall?.level, r.problem])).toEqual([
      ["findings", 3, undefined],
      ["findings", 3, undefined],
      ["ok", 3, undefined],
    ]);
  });
});

describe("messages follow the workbook's language", () => {
  it("in zh-CN for a zh-CN workbook, totals included; --lang overrides", async () => {
    const dir = folder();
    const file = writeReturn(join(dir, "zh.xlsx"), {
      language: "zh-CN",
      district: "和平区",
      rows: (id) => (id === "1.1.1" ? [1, "很好", 0.8, 0.5, 0] : [1, 1, 0.8, 0.5, 0]),
    });
    const zh = await ctmm("validate", file);
    expect(zh.stdout.split("\n").slice(-2)).toEqual([
      `${file}: 1 个错误，0 个警告`,
      "1 个错误，0 个警告",
    ]);
    expect(zh.stdout).toMatch(/和平区!F\d+: 错误 RATING_INVALID: /);
    const en = await ctmm("validate", file, "--lang", "en-US");
    expect(en.stdout.split("\n").at(-1)).toBe("1 error(s), 0 warning(s)");
    expect(en.stdout).toMatch(/: error RATING_INVALID: /);
    expect(en.stdout).not.toMatch(/个错误|个警告|错误 RATING|能力项/);

    const score = await ctmm("score", file);
    expect(score.stdout).toMatch(/ {2}总体: 等级 3，得分 3\.63/);
    expect(score.stdout).toMatch(/ {2}1 适数化改革: 等级 3，得分 3\.63/);
    expect(score.stderr).toMatch(/工作表“和平区”：|工作表“和平区”: /);
    const scoreEn = await ctmm("score", file, "--lang", "en-US");
    expect(scoreEn.stdout).toMatch(/ {2}overall: level 3, score 3\.63/);
    expect(scoreEn.stdout).toMatch(/ {2}1 Data-ready reform: level 3, score 3\.63/);
  });

  it("words a file without a language of its own in the environment's language", async () => {
    const dir = folder();
    writeFileSync(join(dir, "x.xlsx"), "hello");
    const stdout: string[] = [];
    await runCli(
      ["validate", join(dir, "x.xlsx")],
      { stdout: (t) => stdout.push(t), stderr: () => undefined },
      { LANG: "zh_CN.UTF-8" },
    );
    expect(stdout).toEqual([
      `${join(dir, "x.xlsx")}: 错误 FILE_UNREADABLE: 不是 .xlsx 工作簿（不是 zip 压缩包，或是加密的或旧版 .xls 文件）`,
      "1 个错误，0 个警告",
    ]);
  });
});

describe("ctmm template and its files", () => {
  it("never overwrites an existing file without --force", async () => {
    const dir = folder();
    const out = join(dir, "a.xlsx");
    writeFileSync(out, "mine");
    const refused = await ctmm("template", "--district", "A", "--out", out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`ctmm: ${out}: already exists; use --force to overwrite it`);
    expect(readFileSync(out, "utf8")).toBe("mine");
    expect((await ctmm("template", "--district", "A", "--out", out, "--force")).code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe("PK");
  });

  it("refuses several districts into one .xlsx, and writes nothing when one target exists", async () => {
    const dir = folder();
    const two = await ctmm(
      "template",
      "--district",
      "A",
      "--district",
      "B",
      "--out",
      join(dir, "x.xlsx"),
    );
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/with 2 districts --out must be a folder/);
    expect(existsSync(join(dir, "x.xlsx"))).toBe(false);

    const out = join(dir, "out");
    mkdirSync(out);
    writeFileSync(join(out, "B.xlsx"), "mine");
    const clash = await ctmm("template", "--district", "A", "--district", "B", "--out", out);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(/B\.xlsx: already exists; use --force/);
    expect(readdirSync(out)).toEqual(["B.xlsx"]);
    expect(
      (await ctmm("template", "--district", "A", "--district", "B", "--out", out, "--force")).code,
    ).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["A.xlsx", "B.xlsx"]);
  });

  it.each([
    ["CON", "_CON"],
    ["nul", "_nul"],
    ["Com1", "_Com1"],
    ["LPT9", "_LPT9"],
    ["aux.txt", "_aux.txt"],
    ["con ", "_con"],
    ["CONSOLE", "CONSOLE"],
    ["和平区. . ", "和平区"],
    [" .hidden", "hidden"],
    ['a<b>:"c"/d\\e|f?g*h', "a_b___c__d_e_f_g_h"],
    ["tab\there\u0007\u001b[1m", "tab_here__[1m"],
    ["...", "district"],
    ["x".repeat(300), "x".repeat(100)],
  ])("names the workbook of %j %j on every system", (district, file) => {
    expect(safeFileName(district)).toBe(file);
  });
});

/** Any C0 control character. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;

describe("CSV and JSON for tools", () => {
  it("round scores to 6 places, strip control characters, carry status and domain names", async () => {
    const dir = folder();
    const random = seededRandom(42);
    const files = [0, 1, 2].map((i) =>
      writeReturn(join(dir, `r\u001b[2J${i}\u0007.xlsx`), {
        district: `D${i}`,
        rows: () => randomRow(random, "full", "en-US", 2),
      }),
    );
    const csv = join(dir, "s.csv");
    const result = await ctmm(
      "consolidate",
      ...files,
      "--out",
      join(dir, "s.xlsx"),
      "--csv",
      csv,
      "--json",
      "--lang",
      "en-US",
    );
    const rows = JSON.parse(result.stdout) as {
      file: string;
      status: string;
      completeness: number;
      overall: { score: number } | null;
      domains: { id: string; name: string; score: number | null }[];
    }[];
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.file).not.toMatch(CONTROL);
      expect(["ok", "findings"]).toContain(row.status);
      expect(row.domains.map((d) => d.name)).toEqual(
        BUILTIN_PACK.domains.map((d) => d.name["en-US"]),
      );
      for (const n of [row.completeness, row.overall?.score, ...row.domains.map((d) => d.score)])
        if (typeof n === "number") expect(Number(n.toFixed(6))).toBe(n);
    }
    const text = readFileSync(csv, "utf8");
    expect(text.replace(/\r\n/g, "")).not.toMatch(CONTROL);
    expect(text).not.toMatch(/\d\.\d{7,}/);
    expect(result.stdout).not.toMatch(/\d\.\d{7,}/);
    const scored = JSON.parse((await ctmm("score", ...files, "--json")).stdout) as {
      file: string;
      status: string;
      overall: { levelScores: number[] | null };
    }[];
    expect(scored.map((s) => s.file)).toEqual(rows.map((r) => r.file));
    expect(JSON.stringify(scored)).not.toMatch(/\d\.\d{7,}/);
  });
});

describe("ctmm upgrade", () => {
  it("reports a formula in a rating cell, still carrying the rest", async () => {
    const dir = folder();
    const file = writeReturn(join(dir, "f.xlsx"), { change: formulaInRating });
    const out = join(dir, "new.xlsx");
    const result = await ctmm("upgrade", file, "--out", out);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(out);
    expect(result.stderr).toMatch(
      /f\.xlsx: sheet "Heping": E\d+: a rating cell holds a formula \(=0\.5\+0\.5\)/,
    );
    expect(existsSync(out)).toBe(true);
    const again = await ctmm("upgrade", file, "--out", out);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; use --force/);
  });
});

describe("the built command", () => {
  beforeAll(() => {
    if (!existsSync(CLI))
      execFileSync("npm", ["run", "build:cli"], {
        cwd: join(__dirname, "..", ".."),
        stdio: "ignore",
      });
  }, 60_000);

  it("ends quietly when its reader stops reading (ctmm validate … | head -1)", () => {
    const dir = folder();
    const source = join(dir, "blank.xlsx");
    // A blank template: 37 warnings each, so the output outgrows the pipe.
    writeFileSync(
      source,
      writeXlsx(
        planWorkbook(BUILTIN_PACK, {
          language: "en-US",
          mode: "full",
          formulaStyle: "portable",
          districts: ["A"],
        }).plan,
      ),
    );
    const files = Array.from({ length: 60 }, (_, i) => {
      const file = join(dir, `r${i}.xlsx`);
      copyFileSync(source, file);
      return file;
    });
    const result = spawnSync(
      "sh",
      ["-c", '"$@" | head -1', "sh", process.execPath, CLI, "validate", ...files],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect(result.status).toBe(0);
    expect(result.stdout.split("\n")[0]).toMatch(/r0\.xlsx: A!E\d+: warning RATING_MISSING/);
    expect(result.stderr).toBe("");
  }, 60_000);
});

describe("consolidation in worker threads", () => {
  it("costs one file when a worker dies on it, and goes on with the rest in order", async () => {
    const dir = folder();
    // A stand-in worker: summarises each file by name, and dies on any file named "crash…".
    const script = join(dir, "worker.cjs");
    writeFileSync(
      script,
      `const { parentPort, workerData } = require("node:worker_threads");
workerData.files.forEach((file, index) => {
  if (file.includes("crash")) throw new Error("out of memory in " + file);
  parentPort.postMessage({ index, result: { rows: [{ file }], findings: [], problems: [null], language: null } });
});`,
    );
    const files = ["a", "crash-1", "b", "c", "crash-2", "d"];
    const seen: { file: string; problem?: string }[] = [];
    await consolidateFiles(
      files,
      BUILTIN_PACK,
      { workerScript: script, workers: 1, modelFile: null },
      (r) => {
        seen.push({
          file: r.rows[0]!.file,
          ...(r.problems[0] ? { problem: r.problems[0]["en-US"] } : {}),
        });
      },
    );
    expect(seen).toEqual([
      { file: "a" },
      { file: "crash-1", problem: "cannot be scored: out of memory in crash-1" },
      { file: "b" },
      { file: "c" },
      { file: "crash-2", problem: "cannot be scored: out of memory in crash-2" },
      { file: "d" },
    ]);
  });
});

describe("reasons a file was not read", () => {
  const problems: FileProblem[] = [
    { code: "MISSING" },
    { code: "DENIED" },
    { code: "FOLDER" },
    { code: "NOT_REGULAR", kind: "fifo" },
    { code: "NOT_REGULAR", kind: "device" },
    { code: "NOT_REGULAR", kind: "socket" },
    { code: "TOO_BIG", bytes: 60 * 1024 * 1024, limit: 50 * 1024 * 1024 },
    { code: "TIMEOUT", seconds: 30 },
    {
      code: "XLSX",
      xlsx: "LIMIT",
      detail: "The workbook has more than 100,000 cells",
      params: { limit: "cells", value: 130000, max: 100000 },
    },
    { code: "XLSX", xlsx: "DAMAGED", detail: "The workbook is damaged" },
    { code: "NOT_ASSESSMENT" },
  ];
  it.each(problems)("are worded in both languages: %j", (problem) => {
    const en = describeProblem(problem, "en-US");
    const zh = describeProblem(problem, "zh-CN");
    expect(en).toMatch(/^[\x20-\x7e]+$/);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    // Chinese text carries no English words, only numbers, units and names.
    expect(zh.replace(/CTMM(_Ratings)?|MB|\.xlsx|\.xls|zip|cells/g, "")).not.toMatch(
      /[A-Za-z]{2,}/,
    );
  });
  it("say how long and how large", () => {
    expect(describeProblem({ code: "TIMEOUT", seconds: 30 }, "en-US")).toBe(
      "took too long to read (the limit is 30 s per file)",
    );
    expect(describeProblem(problems[6]!, "zh-CN")).toBe("文件过大（60 MB，上限 50 MB），未读取");
  });
});

describe("openReturn", () => {
  it("holds each file to its time budget and size limit", () => {
    const dir = folder();
    const file = writeReturn(join(dir, "a.xlsx"));
    expect(openReturn(file)).toMatchObject({ ok: true });
    // A budget already spent: the reader stops at its first check.
    expect(openReturn(file, { maxFileBytes: 50 * 1024 * 1024, seconds: -1 })).toEqual({
      ok: false,
      problem: { code: "TIMEOUT", seconds: -1 },
    });
    expect(openReturn(file, { maxFileBytes: 1000, seconds: 30 })).toMatchObject({
      ok: false,
      problem: { code: "TOO_BIG", limit: 1000 },
    });
  });
});
