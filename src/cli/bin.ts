// The `ctmm` command: wires the CLI to the process. Everything else lives in main.ts.
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { BUILTIN_PACK, loadPack } from "../model";
import type { ConsolidateWork } from "./consolidate";
import { runConsolidateWork } from "./consolidate";
import { runCli } from "./main";
import { readFileSync } from "node:fs";

const work = workerData as ConsolidateWork | undefined;
if (!isMainThread && work?.kind === "ctmm-consolidate") {
  // A worker of `ctmm consolidate`: the same bundle, given a share of the files.
  const pack = work.modelFile
    ? loadPack(JSON.parse(readFileSync(work.modelFile, "utf8").replace(/^\uFEFF/, "")))
    : BUILTIN_PACK;
  runConsolidateWork(work, pack, (message) => parentPort!.postMessage(message));
} else {
  // A reader that stops reading (`ctmm validate … | head -1`) ends the command quietly: nothing
  // more can be shown, and a stack trace about a closed pipe would only confuse.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  void runCli(
    process.argv.slice(2),
    {
      stdout: (text) => void process.stdout.write(`${text}\n`),
      stderr: (text) => void process.stderr.write(`${text}\n`),
    },
    process.env,
    { workerScript: __filename },
  ).then((code) => {
    process.exitCode = code;
  });
}
