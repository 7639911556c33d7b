import { Worker } from "node:worker_threads";
import type { Language, Localized, ModelPack } from "../model";
import type { ConsolidatedFile } from "../sheet/consolidate";
import { capFindings, consolidateGrid, unreadableFile } from "../sheet/consolidate";
import type { SummaryRow } from "../sheet/planSummary";
import { listAssessmentSheets, readMetadata } from "../sheet/readAssessment";
import { describeProblem, words } from "./messages";
import type { SpillSegment } from "./findingSpill";
import { SpillWriter } from "./findingSpill";
import { openReturn } from "./readReturn";

/** How a summary row reads for tools (`--json`): scored cleanly, scored with errors, or not read. */
export type RowStatus = "ok" | "findings" | "unreadable";

export function rowStatus(row: SummaryRow): RowStatus {
  return row.problem !== undefined ? "unreadable" : row.errors > 0 ? "findings" : "ok";
}

/**
 * What one file contributes to a consolidation: its summary rows and (capped) findings, the
 * problem of each row in both languages (null where there is none: the summary's language is
 * chosen once every file is read), and the workbook's own language, if it has one.
 */
export interface FileSummary extends ConsolidatedFile {
  readonly problems: readonly (Localized | null)[];
  readonly language: Language | null;
  /** Where a worker thread wrote the findings instead (then `findings` is empty). */
  readonly spilled?: SpillSegment;
}

const both = (text: (language: Language) => string): Localized => ({
  "zh-CN": text("zh-CN"),
  "en-US": text("en-US"),
});

function unreadable(file: string, pack: ModelPack, problem: Localized): FileSummary {
  return { ...unreadableFile(file, pack, problem), language: null };
}

/**
 * Reads one returned file and consolidates it (`consolidateGrid`), keeping only the summary rows
 * and findings, never the grid. Never throws: a file that cannot be read becomes a row that says
 * why. A return that can be read is scored even with findings: a rating off the scale counts as
 * blank (see `scoreSheet`). The file is only read, never written.
 */
export function consolidateFile(file: string, pack: ModelPack): FileSummary {
  try {
    return summariseFile(file, pack);
  } catch (error) {
    // Whatever a strange file trips over, the batch goes on.
    const detail = (error as Error).message;
    return unreadable(
      file,
      pack,
      both((l) => words(l).unscored(detail)),
    );
  }
}

function summariseFile(file: string, pack: ModelPack): FileSummary {
  const opened = openReturn(file);
  if (!opened.ok)
    return unreadable(
      file,
      pack,
      both((l) => describeProblem(opened.problem, l)),
    );
  const grid = opened.grid;
  if (listAssessmentSheets(grid).length === 0)
    return unreadable(
      file,
      pack,
      both((l) => describeProblem({ code: "NOT_ASSESSMENT" }, l)),
    );
  let language: Language | null = null;
  for (const metadata of readMetadata(grid).values()) {
    language = metadata.language;
    break;
  }
  let consolidated: ConsolidatedFile;
  try {
    consolidated = consolidateGrid(file, grid, pack);
  } catch (error) {
    return unreadable(
      file,
      pack,
      both((l) => words(l).unscored((error as Error).message)),
    );
  }
  return {
    rows: consolidated.rows,
    findings: capFindings(consolidated.findings),
    problems: consolidated.problems.map((problem) =>
      problem === null ? null : both((l) => words(l).unscored(problem[l])),
    ),
    language,
  };
}

/** Work for one worker thread: its files, and how to load the model. */
export interface ConsolidateWork {
  readonly kind: "ctmm-consolidate";
  readonly files: readonly string[];
  readonly modelFile: string | null;
  /** A directory for the findings (`FindingSpill`), or null to post them with the rows. */
  readonly spillDir: string | null;
}

/** What a worker posts: one message per file, as soon as it is done. */
export interface ConsolidateMessage {
  readonly index: number;
  readonly result: FileSummary;
}

/** Runs a worker's share: posts each file's result as it is done, keeping nothing. */
export function runConsolidateWork(
  work: ConsolidateWork,
  pack: ModelPack,
  post: (message: ConsolidateMessage) => void,
): void {
  const spill = work.spillDir === null ? null : SpillWriter.inDirectory(work.spillDir);
  try {
    work.files.forEach((file, index) => {
      const result = consolidateFile(file, pack);
      post({
        index,
        result: spill
          ? { ...result, findings: [], spilled: spill.append(result.findings) }
          : result,
      });
    });
  } finally {
    spill?.close();
  }
}

/** A worker's heap limit: a file that would need more stops its worker, not the command. */
const WORKER_HEAP_MB = 192;

/**
 * Consolidates many files and hands each result to `onResult` in input order as soon as it and
 * every earlier one are done, so the caller keeps only what it needs (summary rows, not grids).
 * With a worker script (the bundled CLI passes itself) files are read in worker threads, up to
 * `workers` of them; a worker that dies (out of memory on a hostile file) costs that one file,
 * which is reported unreadable, and the rest of its share goes on in a fresh worker.
 */
export async function consolidateFiles(
  files: readonly string[],
  pack: ModelPack,
  parallel: {
    readonly workerScript?: string;
    readonly workers: number;
    readonly modelFile: string | null;
    /** Where workers write the findings (`FindingSpill.dir`); without it they post them. */
    readonly spillDir?: string;
  },
  onResult: (result: FileSummary, index: number) => void | Promise<void>,
): Promise<void> {
  const workers = Math.max(1, Math.min(parallel.workers, 4, Math.ceil(files.length / 50)));
  if (!parallel.workerScript) {
    for (const [index, file] of files.entries()) {
      await onResult(consolidateFile(file, pack), index);
      // Let the event loop run (a closed stdout is noticed between files).
      await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }
  const pending = new Map<number, FileSummary>();
  let next = 0;
  let delivering = Promise.resolve();
  const deliver = (index: number, result: FileSummary) => {
    pending.set(index, result);
    delivering = delivering.then(async () => {
      while (pending.has(next)) {
        const ready = pending.get(next)!;
        pending.delete(next);
        await onResult(ready, next++);
      }
    });
  };
  const runShare = (indices: readonly number[]): Promise<void> =>
    new Promise((resolve) => {
      if (indices.length === 0) return resolve();
      const work: ConsolidateWork = {
        kind: "ctmm-consolidate",
        files: indices.map((i) => files[i]!),
        modelFile: parallel.modelFile,
        spillDir: parallel.spillDir ?? null,
      };
      const worker = new Worker(parallel.workerScript!, {
        workerData: work,
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      });
      let done = 0;
      let failure: string | null = null;
      worker.on("message", (message: ConsolidateMessage) => {
        done = Math.max(done, message.index + 1);
        deliver(indices[message.index]!, message.result);
      });
      worker.on("error", (error) => {
        failure = error.message;
      });
      worker.once("exit", (code) => {
        if (done >= indices.length) return resolve();
        // The file in hand stopped the worker: report it, and go on with the rest of the share.
        const index = indices[done]!;
        const why = failure ?? `the reader stopped (exit code ${code})`;
        deliver(
          index,
          unreadable(
            files[index]!,
            pack,
            both((l) => words(l).unscored(why)),
          ),
        );
        void runShare(indices.slice(done + 1)).then(resolve);
      });
    });
  const shares = Array.from({ length: workers }, (_, w) =>
    files.map((_, i) => i).filter((i) => i % workers === w),
  );
  await Promise.all(shares.map(runShare));
  await delivering;
}
