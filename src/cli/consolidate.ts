import { readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { ModelPack } from "../model";
import { assess, CtmmError } from "../model";
import type { SummaryFinding, SummaryRow } from "../sheet/planSummary";
import { listAssessmentSheets, readSheetAssessment, SheetReadError } from "../sheet/readAssessment";
import { validateWorkbook } from "../sheet/validateWorkbook";
import { readXlsx, XlsxError } from "../xlsx";

/** What one returned file contributes to the consolidation. */
export interface ConsolidatedFile {
  readonly rows: SummaryRow[];
  readonly findings: SummaryFinding[];
}

/**
 * Checks and scores every assessment sheet of one returned file. Never throws: a file that
 * cannot be read becomes a row that says why. The file is only read, never written.
 */
export function consolidateFile(file: string, pack: ModelPack): ConsolidatedFile {
  const unreadable = (problem: string): ConsolidatedFile => ({
    rows: [
      {
        file,
        sheet: "",
        district: "",
        completeness: 0,
        errors: 1,
        warnings: 0,
        overall: null,
        domains: pack.domains.map(() => null),
        problem,
      },
    ],
    findings: [],
  });
  let grid;
  try {
    grid = readXlsx(readFileSync(file));
  } catch (error) {
    if (error instanceof XlsxError) return unreadable(error.message);
    return unreadable((error as Error).message);
  }
  const names = listAssessmentSheets(grid);
  if (names.length === 0)
    return unreadable("no CTMM assessment sheet (no sheet has the name CTMM_Ratings)");
  const findings = validateWorkbook(grid, pack).map((f) => ({ ...f, file }));
  const rows = names.map((name): SummaryRow => {
    const errors = findings.filter((f) => f.sheet === name && f.severity === "error").length;
    const warnings = findings.filter((f) => f.sheet === name && f.severity === "warning").length;
    try {
      const read = readSheetAssessment(grid, name);
      let filled = 0;
      let total = 0;
      for (const row of read.input.ratings.values()) {
        for (const cell of row) {
          total++;
          if (cell !== null && cell !== undefined && String(cell).trim() !== "") filled++;
        }
      }
      const sameModel =
        !read.metadata ||
        (read.metadata.packId === pack.id && read.metadata.packVersion === pack.version);
      if (!sameModel)
        throw new SheetReadError(
          name,
          `made for model ${read.metadata!.packId} ${read.metadata!.packVersion}`,
        );
      const result = assess(pack, read.input);
      return {
        file,
        sheet: name,
        district: read.district,
        completeness: total === 0 ? 0 : filled / total,
        errors,
        warnings,
        overall: result.overall.result,
        domains: result.domains.map((d) => d.result),
      };
    } catch (error) {
      if (!(error instanceof CtmmError || error instanceof SheetReadError)) throw error;
      return {
        file,
        sheet: name,
        district: "",
        completeness: 0,
        errors: Math.max(errors, 1),
        warnings,
        overall: null,
        domains: pack.domains.map(() => null),
        problem: error.message,
      };
    }
  });
  return { rows, findings };
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
