/**
 * The batch commands over a corpus of bad returns mixed with good ones, run as the built CLI:
 * every file is reported in order with its reason, every good return is scored, nothing hangs,
 * memory stays under 1 GiB, no stack trace, and the inputs are not modified.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanText } from "../../src/cli/messages";
import { cellKey } from "../../src/sheet/grid";
import { readXlsx } from "../../src/xlsx";
import type { CorpusCase, CorpusStatus } from "./makeCorpus";
import { makeCorpus } from "./makeCorpus";

const ROOT = join(__dirname, "..", "..");
const CLI = join(ROOT, "lib", "ctmm.cjs");
const TIME = "/usr/bin/time";
const GiB = 1024 * 1024 * 1024;

let work: string;
let corpus: string;
let scratch: string;
let cases: CorpusCase[];
let hashes: Map<string, string>;

/** SHA-256 of every regular file in the corpus (links and special files are not followed). */
function hashAll(folder: string): Map<string, string> {
  const result = new Map<string, string>();
  const walk = (path: Buffer) => {
    for (const entry of readdirSync(path, { encoding: "buffer" })) {
      const child = Buffer.concat([path, Buffer.from("/"), entry]);
      const stats = lstatSync(child);
      if (stats.isDirectory()) walk(child);
      else if (stats.isFile())
        result.set(
          child.toString("hex"),
          createHash("sha256").update(readFileSync(child)).digest("hex"),
        );
    }
  };
  walk(Buffer.from(folder));
  return result;
}

/**
 * Runs the built CLI in the corpus folder with the cases' arguments and the non-UTF-8 name (only
 * a shell glob can pass its bytes), under /usr/bin/time -v when there is one, to read its peak
 * resident memory (all threads of the process).
 */
function run(command: string, ...extra: string[]) {
  const timed = existsSync(TIME);
  const started = Date.now();
  const result = spawnSync(
    "sh",
    [
      "-c",
      `exec ${timed ? `${TIME} -v ` : ""}"$@" weird/*`,
      "sh",
      process.execPath,
      CLI,
      command,
      ...cases.map((c) => c.arg),
      ...extra,
    ],
    {
      cwd: corpus,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      timeout: 120_000,
      // Its own temporary folder, to see that the command leaves nothing behind in it.
      env: { ...process.env, TMPDIR: scratch },
    },
  );
  const seconds = (Date.now() - started) / 1000;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)?.[1];
  const stderr = timed
    ? result.stderr.replace(/\n?\tCommand being timed:[\s\S]*$/, "")
    : result.stderr;
  return {
    code: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr,
    seconds,
    peakBytes: rss === undefined ? null : Number(rss) * 1024,
  };
}

const allowed = (c: CorpusCase): readonly CorpusStatus[] =>
  typeof c.status === "string" ? [c.status] : (c.status as readonly CorpusStatus[]);

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync("npm", ["run", "build:cli"], { cwd: ROOT, stdio: "ignore" });
  work = mkdtempSync(join(tmpdir(), "ctmm-corpus-"));
  corpus = join(work, "corpus");
  scratch = join(work, "tmp");
  mkdirSync(scratch);
  cases = makeCorpus(corpus);
  hashes = hashAll(corpus);
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the bad-return corpus", () => {
  it("has at least 100 bad files of every kind the issue lists, and good returns", () => {
    const bad = cases.filter((c) => c.kind !== "good return");
    expect(bad.length).toBeGreaterThanOrEqual(100);
    expect(cases.filter((c) => c.kind === "good return")).toHaveLength(4);
    const kinds = new Set(cases.map((c) => c.kind));
    for (const kind of [
      "not a zip",
      "truncated zip",
      "zip without workbook",
      "foreign xlsx",
      "formula changed",
      "name removed",
      "name moved",
      "rows inserted",
      "rating off the scale",
      "formula in a rating cell",
      "huge blank sheet part",
      "huge shared string",
      "zip bomb (lying header size)",
      "deep nesting",
      "billion laughs (shared strings)",
      "130,000 cells outside the input area",
      "empty file",
      "directory",
      "FIFO",
      "symlink to /dev/zero",
      "same file twice (path)",
    ])
      expect(kinds).toContain(kind);
  });

  it("consolidate reports every file in order, scores every good return, and stays within bounds", () => {
    const out = join(work, "summary.xlsx");
    const result = run("consolidate", "--out", out, "--csv", join(work, "summary.csv"), "--json");
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toMatch(/unexpected problem|FATAL|Error:/);
    if (result.peakBytes !== null) expect(result.peakBytes).toBeLessThan(GiB);
    // The findings waited in a temporary folder, and it is gone.
    expect(readdirSync(scratch)).toEqual([]);
    console.log(
      `consolidate: ${cases.length + 1} arguments in ${result.seconds.toFixed(1)} s, peak RSS ${
        result.peakBytes === null
          ? "not measured"
          : `${Math.round(result.peakBytes / 1024 / 1024)} MB`
      }`,
    );

    const rows = JSON.parse(result.stdout) as {
      file: string;
      status: string;
      problem?: string;
      overall: { level: number } | null;
      domains: { id: string; name: string }[];
    }[];
    // One row per file that is not a repeat, in the order given, the non-UTF-8 name last.
    const expected = cases
      .filter((c) => !allowed(c).includes("duplicate"))
      .map((c) => cleanText(c.arg));
    expect(rows.map((r) => r.file).slice(0, -1)).toEqual(expected);
    expect(rows.at(-1)).toMatchObject({
      status: "unreadable",
      problem: expect.stringMatching(/no such file/),
    });

    const summary = readXlsx(readFileSync(out));
    const findingSheet = summary.sheets.find(
      (s) => s.name === "Findings" || s.name === "问题清单",
    )!;
    const codes = new Map<string, Set<string>>();
    for (const [key, cell] of findingSheet.cells) {
      const [row, column] = key.split(",").map(Number) as [number, number];
      if (column !== 4 || row === 0) continue;
      const file = String(findingSheet.cells.get(cellKey(row, 0))?.value);
      if (!codes.has(file)) codes.set(file, new Set());
      codes.get(file)!.add(String(cell.value));
    }

    // CTMM_CORPUS_REPORT=1 prints what became of each file.
    if (process.env.CTMM_CORPUS_REPORT)
      console.log(rows.map((r) => `${r.file}\t${r.status}\t${r.problem ?? ""}`).join("\n"));
    const mismatches: string[] = [];
    for (const c of cases) {
      const name = cleanText(c.arg);
      if (allowed(c).includes("duplicate")) {
        if (!result.stderr.includes(`${name}: the same file as`))
          mismatches.push(`${c.kind}: no duplicate note`);
        continue;
      }
      const row = rows.find((r) => r.file === name)!;
      if (!allowed(c).includes(row.status as CorpusStatus))
        mismatches.push(`${c.arg} (${c.kind}): status ${row.status} (${row.problem ?? ""})`);
      if (row.status === "unreadable") {
        if (c.reason && !c.reason.test(row.problem ?? ""))
          mismatches.push(
            `${c.arg} (${c.kind}): problem "${row.problem}" does not match ${c.reason}`,
          );
        // Every unreadable file is also named on stderr with its reason.
        if (!result.stderr.includes(name)) mismatches.push(`${c.arg}: not named on stderr`);
      }
      if (row.status === "findings" && c.reason) {
        const found = [...(codes.get(name) ?? [])].join(" ");
        if (!c.reason.test(found))
          mismatches.push(`${c.arg} (${c.kind}): findings ${found} do not match ${c.reason}`);
      }
      if (row.status !== "unreadable" && row.overall === null)
        mismatches.push(`${c.arg}: not scored`);
      if (c.level !== undefined && row.overall?.level !== c.level)
        mismatches.push(`${c.arg}: level ${row.overall?.level} instead of ${c.level}`);
      if (row.domains.length !== 6 || row.domains.some((d) => d.name === ""))
        mismatches.push(`${c.arg}: domains without names`);
    }
    expect(mismatches).toEqual([]);
  }, 120_000);

  it("validate names every file, in order, with its findings or the reason it was not read", () => {
    const result = run("validate", "--lang", "en-US");
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    if (result.peakBytes !== null) expect(result.peakBytes).toBeLessThan(GiB);
    const lines = result.stdout.trimEnd().split("\n");
    // The last line of each file: its totals, its reason, or the note that it was given before.
    const last = cases.map((c) => {
      const prefix = `${cleanText(c.arg)}: `;
      return lines.filter((l) => l.startsWith(prefix)).at(-1) ?? "";
    });
    const missing = cases.filter((_, i) => last[i] === "").map((c) => c.arg);
    expect(missing).toEqual([]);
    cases.forEach((c, i) => {
      const line = last[i]!;
      if (allowed(c).length > 1) return;
      if (c.status === "duplicate") expect(line).toMatch(/the same file as/);
      else if (c.status === "unreadable" && !/^(other-model|name-ratings-removed)/.test(c.arg))
        expect(line).toMatch(/FILE_UNREADABLE/);
    });
    const order = cases
      .map((c) => lines.findIndex((l) => l.startsWith(`${cleanText(c.arg)}: `)))
      .filter((i) => i >= 0);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(lines.at(-1)).toMatch(/^\d+ error\(s\), \d+ warning\(s\)$/);
  }, 120_000);

  it("score reports every file and scores the good returns", () => {
    const result = run("score", "--json");
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    if (result.peakBytes !== null) expect(result.peakBytes).toBeLessThan(GiB);
    const rows = JSON.parse(result.stdout) as {
      file: string;
      status: string;
      overall?: { level: number };
    }[];
    for (const c of cases.filter((c) => c.kind === "good return"))
      expect(rows.find((r) => r.file === c.arg)).toMatchObject({
        status: "ok",
        overall: { level: c.level },
      });
    for (const c of cases.filter(
      (c) => c.status === "unreadable" && !/^(other-model|name-ratings)/.test(c.arg),
    ))
      expect(rows.find((r) => r.file === cleanText(c.arg))).toMatchObject({ status: "unreadable" });
  }, 120_000);

  it("leaves every input file as it was", () => {
    expect(hashAll(corpus)).toEqual(hashes);
  }, 60_000);
});
