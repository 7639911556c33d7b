/**
 * `npm run bench`: `ctmm consolidate` on 1,000 returned workbooks (SPEC §9: under 20 s on a
 * 2-core machine), timed as the user runs it — the built CLI in its own process — next to a
 * baseline in the same run: reading the same 1,000 files' bytes.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BUILTIN_PACK, listItems } from "../src/model";
import { fillPlan } from "../src/sheet/fillPlan";
import { planWorkbook } from "../src/sheet/planWorkbook";
import { writeXlsx } from "../src/xlsx";

const FILES = 1000;
const BAR_SECONDS = 20;
const SCALE = [1, 0.8, 0.5, 0];
const cli = resolve(__dirname, "..", "..", "lib", "ctmm.cjs");
const dir = mkdtempSync(join(tmpdir(), "ctmm-bench-"));
const ids = listItems(BUILTIN_PACK).map((p) => p.item.id as string);

let state = 7;
const random = () => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 4294967296;
};
const files: string[] = [];
for (let i = 0; i < FILES; i++) {
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
  const file = join(dir, `return-${String(i).padStart(4, "0")}.xlsx`);
  writeFileSync(file, writeXlsx(filled));
  files.push(file);
}

let start = performance.now();
let bytes = 0;
for (const file of files) bytes += readFileSync(file).length;
const baseline = (performance.now() - start) / 1000;

start = performance.now();
const run = spawnSync(
  process.execPath,
  [cli, "consolidate", ...files, "--out", join(dir, "summary.xlsx")],
  { encoding: "utf8" },
);
const seconds = (performance.now() - start) / 1000;
if (run.error || run.status === 2)
  throw new Error(`ctmm consolidate failed: ${run.stderr || run.error}`);
rmSync(dir, { recursive: true, force: true });

console.log(
  `read ${FILES} files' bytes (baseline)   ${baseline.toFixed(2)} s  (${(bytes / 1e6).toFixed(1)} MB)`,
);
console.log(
  `ctmm consolidate ${FILES} returns       ${seconds.toFixed(2)} s  (${((seconds * 1000) / FILES).toFixed(1)} ms per file, ${(seconds / baseline).toFixed(0)}× the bytes-only baseline)`,
);
console.log(`bar: under ${BAR_SECONDS} s — ${seconds < BAR_SECONDS ? "met" : "MISSED"}`);
if (seconds >= BAR_SECONDS) process.exitCode = 1;
