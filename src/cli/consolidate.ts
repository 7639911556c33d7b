import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { ModelPack } from "../model";
import type { ConsolidatedFile } from "../sheet/consolidate";
import { consolidateGrid, unreadableFile } from "../sheet/consolidate";
import type { WorkbookGrid } from "../sheet/grid";
import { readXlsx } from "../xlsx";

/**
 * Reads one returned file and consolidates it (`consolidateGrid`). Never throws: a file that
 * cannot be read becomes a row that says why. The file is only read, never written.
 */
export function consolidateFile(file: string, pack: ModelPack): ConsolidatedFile {
  let grid: WorkbookGrid;
  try {
    grid = readXlsx(readFileSync(file));
  } catch (error) {
    // Not a workbook (XlsxError), or not readable at all (missing, a folder, no permission).
    return unreadableFile(file, pack, (error as Error).message);
  }
  return consolidateGrid(file, grid, pack);
}

/** Work for one worker thread: its files, and how to load the model. */
export interface ConsolidateWork {
  readonly kind: "ctmm-consolidate";
  readonly files: readonly string[];
  readonly modelFile: string | null;
}

/**
 * Consolidates many files, in worker threads when a worker script is given (the bundled CLI
 * passes itself) and the batch is large enough to be worth it; results keep the input order.
 */
export async function consolidateFiles(
  files: readonly string[],
  pack: ModelPack,
  parallel: {
    readonly workerScript?: string;
    readonly workers: number;
    readonly modelFile: string | null;
  },
): Promise<ConsolidatedFile[]> {
  const workers = Math.min(parallel.workers, Math.ceil(files.length / 50));
  if (!parallel.workerScript || workers < 2)
    return files.map((file) => consolidateFile(file, pack));
  const chunks = Array.from({ length: workers }, (_, w) =>
    files.filter((_, i) => i % workers === w),
  );
  const results = await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<ConsolidatedFile[]>((resolve, reject) => {
          const work: ConsolidateWork = {
            kind: "ctmm-consolidate",
            files: chunk,
            modelFile: parallel.modelFile,
          };
          const worker = new Worker(parallel.workerScript!, { workerData: work });
          worker.once("message", (message: ConsolidatedFile[]) => resolve(message));
          worker.once("error", reject);
          worker.once(
            "exit",
            (code) => code !== 0 && reject(new Error(`a worker stopped with code ${code}`)),
          );
        }),
    ),
  );
  // Put the interleaved chunks back in input order.
  return files.map((_, i) => results[i % workers]![Math.floor(i / workers)]!);
}
