// The `ctmm` command: wires the CLI to the process. Everything else lives in main.ts.
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { BUILTIN_PACK, loadPack } from "../model";
import type { ConsolidateWork } from "./consolidate";
import { consolidateFile } from "./consolidate";
import { runCli } from "./main";
import { readFileSync } from "node:fs";

const work = workerData as ConsolidateWork | undefined;
if (!isMainThread && work?.kind === "ctmm-consolidate") {
  // A worker of `ctmm consolidate`: the same bundle, given a share of the files.
  const pack = work.modelFile
    ? loadPack(JSON.parse(readFileSync(work.modelFile, "utf8").replace(/^\uFEFF/, "")))
    : BUILTIN_PACK;
  parentPort!.postMessage(work.files.map((file) => consolidateFile(file, pack)));
} else {
  void runCli(
    process.argv.slice(2),
    {
      stdout: (text) => process.stdout.write(`${text}\n`),
      stderr: (text) => process.stderr.write(`${text}\n`),
    },
    process.env,
    { workerScript: __filename },
  ).then((code) => {
    process.exitCode = code;
  });
}
