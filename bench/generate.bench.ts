/**
 * `npm run bench`: generating through Office JS, as the task pane does, in the test host that
 * stands in for Excel (test/host/): syncs, batches and the largest request per generation for the
 * built-in pack (37 items) and a 400-item pack, 1 and many districts, against Excel on the web's
 * 5 MB request limit (SPEC §9); and the task pane's JavaScript, gzipped, against its 300 KB bar.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { generateAssessments } from "../src/excel/generate";
import type { ModelPack } from "../src/model";
import { BUILTIN_PACK, listItems } from "../src/model";
import { planWorkbook } from "../src/sheet/planWorkbook";
import { packOfShape } from "../test/helpers/packs";
import { FakeExcel, REQUEST_PAYLOAD_LIMIT } from "../test/host/fakeExcel";

const PANE_BAR_BYTES = 300 * 1024;
const PACK_400 = packOfShape(Array.from({ length: 8 }, () => [10, 10, 10, 10, 10]));

async function measure(pack: ModelPack, districts: number, again: boolean) {
  const fake = new FakeExcel();
  const planned = () =>
    planWorkbook(pack, {
      language: "zh-CN",
      mode: "full",
      formulaStyle: "portable",
      districts: Array.from({ length: districts }, (_, i) => `区${i + 1}`),
    });
  if (again) await generateAssessments(fake.context, planned(), pack);
  const before = fake.requests.length;
  const started = process.hrtime.bigint();
  const result = await generateAssessments(fake.context, planned(), pack);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const requests = fake.requests.slice(before);
  return {
    syncs: result.syncs,
    batches: result.batches,
    largest: Math.max(...requests.map((r) => r.bytes)),
    response: Math.max(...requests.map((r) => r.responseBytes)),
    refused: requests.filter((r) => r.error !== undefined).length,
    ms,
  };
}

async function main(): Promise<void> {
  console.log("Generation through Office JS (test host; request sizes as the host estimates them)");
  console.log(
    "items  districts  kind          syncs  batches  largest request  largest response    limit  refused  ms (host, one run)",
  );
  let failed = false;
  for (const [pack, districts] of [
    [BUILTIN_PACK, 1],
    [PACK_400, 1],
    [BUILTIN_PACK, 60],
    [PACK_400, 10],
  ] as const) {
    for (const again of [false, true]) {
      const m = await measure(pack, districts, again);
      failed ||=
        m.largest >= REQUEST_PAYLOAD_LIMIT || m.response >= REQUEST_PAYLOAD_LIMIT || m.refused > 0;
      console.log(
        [
          String(listItems(pack).length).padStart(5),
          String(districts).padStart(10),
          (again ? "regenerate" : "new").padEnd(12),
          String(m.syncs).padStart(6),
          String(m.batches).padStart(8),
          `${(m.largest / 1e6).toFixed(2)} MB`.padStart(16),
          `${(m.response / 1e6).toFixed(2)} MB`.padStart(17),
          `${(REQUEST_PAYLOAD_LIMIT / 1e6).toFixed(2)} MB`.padStart(8),
          String(m.refused).padStart(8),
          m.ms.toFixed(0).padStart(8),
        ].join(" "),
      );
    }
  }

  const dist = resolve(__dirname, "..", "..", "dist");
  // The page's two bundles and the worker it starts to read returns (Consolidate).
  const files = readdirSync(dist).filter((file) => file.endsWith(".js"));
  const pane = files.map((file) => {
    const bytes = readFileSync(join(dist, file));
    return { file, raw: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
  });
  const total = pane.reduce((sum, p) => sum + p.gzipped, 0);
  console.log(
    "\nTask pane JavaScript (dist/, gzip -9): what the pane page loads, its worker included",
  );
  for (const p of pane)
    console.log(
      `  ${p.file.padEnd(14)} ${(p.raw / 1024).toFixed(0).padStart(6)} KB raw  ${(p.gzipped / 1024).toFixed(0).padStart(5)} KB gzipped`,
    );
  console.log(
    `  total gzipped  ${(total / 1024).toFixed(0)} KB (bar ${PANE_BAR_BYTES / 1024} KB): ${total <= PANE_BAR_BYTES ? "within" : "OVER"}`,
  );
  failed ||= total > PANE_BAR_BYTES;
  if (failed) process.exitCode = 1;
}

void main();
