/**
 * `npm run bench`: reading and consolidating returned workbooks, side by side with SheetJS reading
 * the same files whole, in the same run (SPEC §9: at most half of SheetJS's CPU per return, and
 * memory flat as the batch grows). Each contender runs in a fresh Node process over the same
 * files, so that its CPU time (process.cpuUsage) and peak RSS (resourceUsage().maxRSS) are its own:
 *
 * - project: `readXlsx` + `consolidateGrid` per file, keeping the summary rows, dropping the grid,
 *   inflating with Node's zlib as the CLI does;
 * - project, pure-JS inflate: the same with the built-in inflater the task pane uses in a browser;
 * - read only: `readXlsx` alone (zlib);
 * - SheetJS: `XLSX.read(bytes)` (the `xlsx` package, defaults: every sheet, formulas);
 * - CLI: `ctmm consolidate FILE… --out SUMMARY.xlsx`, the built lib/ctmm.cjs as a user runs it.
 *
 * at 1,000 and 3,000 returns. Prints the figures and the bars; exits 1 if a bar is missed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as XLSX from "xlsx";
import { BUILTIN_PACK, listItems } from "../src/model";
import type { SummaryRow } from "../src/sheet/planSummary";
import { consolidateGrid } from "../src/sheet/consolidate";
import { fillPlan } from "../src/sheet/fillPlan";
import { planWorkbook } from "../src/sheet/planWorkbook";
import { nodeInflateRaw } from "../src/cli/nodeInflate";
import { readXlsx, writeXlsx } from "../src/xlsx";

const SIZES = [1000, 3000];
const VARIANTS = 200; // distinct returns; the batch cycles through copies of them
const SCALE = [1, 0.8, 0.5, 0];
const CPU_BAR = 0.5; // project CPU per return ≤ half of SheetJS's
const RSS_BAR_MB = 300;
const RSS_GROWTH_BAR = 1.2;
const cli = resolve(__dirname, "..", "..", "lib", "ctmm.cjs");

type Contender = "project" | "project-js" | "read" | "sheetjs";

interface Measure {
  readonly files: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly peakRssMb: number;
  readonly rows?: number;
}

/** Runs one contender over the listed files, in this process, and prints its figures as JSON. */
function runWorker(contender: Contender, listFile: string): void {
  const files = readFileSync(listFile, "utf8").split("\n").filter(Boolean);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const rows: SummaryRow[] = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    if (contender === "sheetjs") {
      XLSX.read(bytes, { type: "buffer" });
    } else {
      const grid = readXlsx(
        bytes,
        contender === "project-js" ? {} : { inflateRaw: nodeInflateRaw },
      );
      if (contender !== "read") rows.push(...consolidateGrid(file, grid, BUILTIN_PACK).rows);
    }
  }
  const used = process.cpuUsage(cpu);
  const measure: Measure = {
    files: files.length,
    cpuMs: (used.user + used.system) / 1000,
    wallMs: performance.now() - start,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    rows: rows.length,
  };
  process.stdout.write(JSON.stringify(measure));
}

function spawnWorker(contender: Contender, listFile: string): Measure {
  const run = spawnSync(process.execPath, [process.argv[1]!, "--worker", contender, listFile], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (run.status !== 0) throw new Error(`${contender} failed: ${run.stderr || run.error}`);
  return JSON.parse(run.stdout) as Measure;
}

/** `ctmm consolidate` as a process; CPU and peak RSS from a preloaded hook, for all its threads. */
function spawnCli(dir: string, files: readonly string[]): Measure | string {
  const hook = join(dir, "rusage.cjs");
  const report = join(dir, "rusage.json");
  writeFileSync(
    hook,
    `const start = performance.now();
process.on("exit", () => {
  const u = process.resourceUsage();
  require("node:fs").writeFileSync(${JSON.stringify(report)}, JSON.stringify({
    cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, wallMs: performance.now() - start, peakRssMb: u.maxRSS / 1024 }));
});
`,
  );
  rmSync(report, { force: true });
  const out = join(dir, `summary-${files.length}.xlsx`);
  const run = spawnSync(
    process.execPath,
    ["-r", hook, cli, "consolidate", ...files, "--out", out],
    { encoding: "utf8", maxBuffer: 64 << 20 },
  );
  if (run.error || run.status === 2) return `failed: ${(run.stderr || String(run.error)).trim()}`;
  const m = JSON.parse(readFileSync(report, "utf8")) as Omit<Measure, "files">;
  return { files: files.length, ...m };
}

/** Writes `VARIANTS` distinct filled returns, then copies of them up to the largest batch. */
function makeReturns(dir: string): string[] {
  const ids = listItems(BUILTIN_PACK).map((p) => p.item.id as string);
  let state = 7;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const variants: Uint8Array[] = [];
  for (let i = 0; i < VARIANTS; i++) {
    const district = `District ${i + 1}`;
    const { plan, sheets } = planWorkbook(BUILTIN_PACK, {
      language: "zh-CN",
      mode: "full",
      formulaStyle: "portable",
      districts: [district],
    });
    const target = i % 6;
    const filled = fillPlan(plan, sheets[0]!, {
      ratings: new Map(
        ids.map((id) => [
          id,
          [0, 1, 2, 3, 4].map((l) => (l < target ? 1 : SCALE[Math.floor(random() * 4)]!)),
        ]),
      ),
      evidence: new Map(ids.map((id) => [id, `证明材料 ${id}`])),
      header: { district, date: "2026-11-25", assessor: "bench" },
    });
    variants.push(writeXlsx(filled));
  }
  const files: string[] = [];
  const largest = Math.max(...SIZES);
  for (let i = 0; i < largest; i++) {
    const file = join(dir, `return-${String(i).padStart(4, "0")}.xlsx`);
    writeFileSync(file, variants[i % VARIANTS]!);
    files.push(file);
  }
  return files;
}

const perReturn = (m: Measure) => m.cpuMs / m.files;
const fmt = (n: number, digits = 2) => n.toFixed(digits);

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), "ctmm-bench-"));
  try {
    const files = makeReturns(dir);
    const bytes = files.slice(0, VARIANTS).reduce((sum, f) => sum + readFileSync(f).length, 0);
    console.log(
      `Reading and consolidating returns (${VARIANTS} distinct returns, ${fmt(bytes / VARIANTS / 1024, 1)} KB each on average), one fresh process per contender`,
    );
    console.log(
      "returns  contender               CPU ms/return   wall s   peak RSS MB   vs SheetJS CPU",
    );
    const results = new Map<string, Measure>();
    let failed = false;
    for (const size of SIZES) {
      const listFile = join(dir, `list-${size}.txt`);
      writeFileSync(listFile, files.slice(0, size).join("\n"));
      const sheetjs = spawnWorker("sheetjs", listFile);
      const rows: [string, Measure | string][] = [
        ["project: read+consolidate", spawnWorker("project", listFile)],
        ["project, pure-JS inflate", spawnWorker("project-js", listFile)],
        ["project: read only", spawnWorker("read", listFile)],
        ["SheetJS: read whole", sheetjs],
        ["ctmm consolidate (CLI)", spawnCli(dir, files.slice(0, size))],
      ];
      for (const [label, m] of rows) {
        if (typeof m === "string") {
          console.log(`${String(size).padStart(7)}  ${label.padEnd(24)} ${m}`);
          continue;
        }
        results.set(`${label}@${size}`, m);
        console.log(
          [
            String(size).padStart(7),
            label.padEnd(24),
            fmt(perReturn(m)).padStart(13),
            fmt(m.wallMs / 1000).padStart(8),
            fmt(m.peakRssMb, 0).padStart(13),
            `${fmt(perReturn(m) / perReturn(sheetjs))}×`.padStart(16),
          ].join(" "),
        );
      }
    }

    console.log("\nBars (SPEC §9)");
    for (const size of SIZES) {
      const project = results.get(`project: read+consolidate@${size}`)!;
      const sheetjs = results.get(`SheetJS: read whole@${size}`)!;
      const ratio = perReturn(project) / perReturn(sheetjs);
      const ok = ratio <= CPU_BAR;
      failed ||= !ok;
      console.log(
        `  ${size} returns: read+consolidate CPU ${fmt(perReturn(project))} ms/return = ${fmt(ratio)}× SheetJS's ${fmt(perReturn(sheetjs))} (bar ≤ ${CPU_BAR}×): ${ok ? "met" : "MISSED"}`,
      );
    }
    for (const label of ["project: read+consolidate", "ctmm consolidate (CLI)"]) {
      const small = results.get(`${label}@${SIZES[0]}`);
      const large = results.get(`${label}@${SIZES[1]}`);
      if (!small || !large) {
        console.log(`  ${label}: no figures`);
        continue;
      }
      const growth = large.peakRssMb / small.peakRssMb;
      const ok = large.peakRssMb < RSS_BAR_MB && growth <= RSS_GROWTH_BAR;
      failed ||= !ok;
      console.log(
        `  ${label}: peak RSS ${fmt(small.peakRssMb, 0)} MB at ${SIZES[0]}, ${fmt(large.peakRssMb, 0)} MB at ${SIZES[1]} (${fmt(growth)}×; bar < ${RSS_BAR_MB} MB and ≤ ${RSS_GROWTH_BAR}×): ${ok ? "met" : "MISSED"}`,
      );
    }
    if (failed) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `--worker CONTENDER LIST` runs one contender; `--generate DIR` only writes the returns (to profile).
if (process.argv[2] === "--worker") runWorker(process.argv[3] as Contender, process.argv[4]!);
else if (process.argv[2] === "--generate") {
  const files = makeReturns(process.argv[3]!);
  writeFileSync(join(process.argv[3]!, "list.txt"), files.join("\n"));
} else main();
