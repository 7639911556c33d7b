/**
 * Reading and checking one returned workbook's bytes: the part of Consolidate that may take a
 * while, kept free of the DOM and of React so that it runs in a Web Worker
 * (checkReturn.worker.ts, its own webpack entry) and, where there is none, on the page itself.
 */
import type { ModelPack } from "../model";
import type { ConsolidatedFile } from "../sheet/consolidate";
import { capFindings, consolidateGrid } from "../sheet/consolidate";
import type { ReviewCandidates } from "../sheet/planReview";
import { reviewCandidates } from "../sheet/planReview";
import { readXlsx, XlsxError } from "../xlsx";

/** What checking a file's bytes gave: its consolidation and review candidates, or why not. */
export type CheckOutcome =
  | {
      readonly ok: true;
      readonly consolidated: ConsolidatedFile;
      readonly review: ReviewCandidates;
    }
  | {
      readonly ok: false;
      /** The reader's refusal (damaged, not a zip, over a limit, too slow), or null. */
      readonly xlsx: {
        readonly code: string;
        readonly message: string;
        readonly params?: Readonly<Record<string, string | number>>;
      } | null;
      readonly message: string;
    };

/** What the worker is sent. */
export interface CheckRequest {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly pack: ModelPack;
  readonly seconds: number;
}

/** The worker's script, beside the pane's page in dist/ (webpack.config.js builds it). */
export const CHECK_WORKER_SCRIPT = "check-return.js";

/**
 * Reads the bytes (within `seconds`) and consolidates them with the core's `consolidateGrid`, the
 * findings capped; never throws.
 *
 * @example
 * const outcome = checkBytes({ name: "和平区.xlsx", bytes, pack: BUILTIN_PACK, seconds: 30 });
 */
export function checkBytes({ name, bytes, pack, seconds }: CheckRequest): CheckOutcome {
  try {
    const grid = readXlsx(bytes, { deadline: Date.now() + seconds * 1000 });
    const consolidated = consolidateGrid(name, grid, pack);
    return {
      ok: true,
      // What the review takes from this file, decided on the same consolidation.
      review: reviewCandidates(name, grid, pack, consolidated),
      consolidated: { ...consolidated, findings: capFindings(consolidated.findings) },
    };
  } catch (error) {
    // Whatever a strange file trips over, the batch goes on.
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof XlsxError)) return { ok: false, xlsx: null, message };
    const params = (error as { params?: Readonly<Record<string, string | number>> }).params;
    return {
      ok: false,
      xlsx: { code: error.code, message: error.message, ...(params ? { params } : {}) },
      message,
    };
  }
}

/**
 * `checkBytes` in a Web Worker, so that a large file never holds up the pane, stopped if it runs
 * past its time budget (the reader stops itself at the deadline; this covers anything it cannot
 * see); on the page where a worker cannot be started.
 */
export function checkInWorker(request: CheckRequest): Promise<CheckOutcome> {
  let worker: Worker;
  try {
    worker = new Worker(CHECK_WORKER_SCRIPT);
  } catch {
    return Promise.resolve(checkBytes(request));
  }
  return new Promise((resolve) => {
    const stop = (outcome: CheckOutcome) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(outcome);
    };
    const timer = setTimeout(
      () => stop({ ok: false, xlsx: null, message: `more than ${request.seconds} s to read` }),
      (request.seconds + 5) * 1000,
    );
    worker.onmessage = (event: MessageEvent<CheckOutcome>) => stop(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      // checkBytes never throws: the worker itself failed (out of memory on a hostile file).
      stop({ ok: false, xlsx: null, message: event.message || "the reader stopped" });
    };
    worker.postMessage(request);
  });
}
