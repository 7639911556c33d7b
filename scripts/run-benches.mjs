/**
 * Runs every benchmark bundled in .tmp/bench/, each in its own process, one after the other, so
 * that one missed bar does not hide the others' figures; exits 1 if any missed its bar.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const BENCHES = ["level", "generate", "consolidate"];
const failed = [];
for (const name of BENCHES) {
  console.log(`\n=== ${name} ===`);
  const run = spawnSync(process.execPath, [join(".tmp", "bench", `${name}.cjs`)], {
    stdio: "inherit",
  });
  if (run.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.log(`\nMissed a bar: ${failed.join(", ")}`);
  process.exitCode = 1;
}
