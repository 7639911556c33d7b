/**
 * An in-memory stand-in for Excel that honours Office JS's proxy rules and refuses what Excel
 * refuses, for testing adapters without Office. No Node APIs: it is bundled for Chromium too.
 *
 * - A property read before `load()` and `context.sync()` throws `PropertyNotLoadedError`, as
 *   Office's PropertyNotLoaded does (and so does a read of anything the fake does not model).
 * - Every write and method call is queued and applied in order at `sync()`; loads snapshot the
 *   state at their place in the queue; `sync()` is counted (`syncCount`).
 * - Each sync is one request: its estimated size is recorded (`requests`, `lastRequestBytes`,
 *   `largestRequestBytes`), and a request over Excel on the web's 5 MB is refused whole with
 *   `RequestPayloadSizeLimitExceeded`, nothing of it applied.
 * - Otherwise a refusal stops the batch where it happens, as in Excel: the operations before it
 *   have taken effect, the ones after it are dropped, and `sync()` rejects with a
 *   `FakeExcelError` whose `code` is Excel's. Refused: writes to a protected sheet; protecting a
 *   protected sheet; duplicate or invalid sheet names; deleting or hiding the last visible sheet;
 *   deleting a very hidden sheet; formulas that do not parse (in cells, conditional formats, name
 *   references, validations); literal drop-down lists over 255 characters; names that are not
 *   valid (cell or R1C1 references, bad characters) or exist; unknown chart types, marker styles
 *   and sizes, colours that are not HTML colours, series values from several areas; using a null
 *   object. A property set on a ChartFill (which has only methods) throws at once.
 *
 * Text written to `values`/`formulas` is parsed as Excel parses typed input: "=…", "+…", "-…"
 * and "@…" become formulas, numbers, booleans and ISO dates become values, and only a leading
 * "'" keeps text as text. Formulas are stored, never computed: their `values` read back as "".
 * `exportWorkbookPlan` (./export) turns the workbook into a plan for `writeXlsx`, to be
 * recalculated elsewhere.
 *
 * Only what the adapters use is implemented.
 */
import { FakeExcelError } from "./errors";
import { parseInput, storeInput } from "./input";
import type { FakeRequest } from "./requests";
import { OPERATION_BYTES, REQUEST_PAYLOAD_LIMIT } from "./requests";
import type { FakeName, FakeSheet } from "./workbook";
import { cellKey, newSheet, parseAddress } from "./workbook";
import { FakeNamedItemCollection, FakeWorksheetCollection } from "./worksheet";

export { FakeExcelError, PropertyNotLoadedError } from "./errors";
export { formulaSyntaxError } from "./formulaSyntax";
export { checkedFormula } from "./input";
export { definedNameError } from "./definedNames";
export { OPERATION_BYTES, REQUEST_PAYLOAD_LIMIT } from "./requests";
export type { FakeRequest } from "./requests";
export { CHART_TYPES } from "./charts";
export { parseAddress } from "./workbook";
export type {
  FakeCell,
  FakeChart,
  FakeChartSeries,
  FakeConditionalFormat,
  FakeName,
  FakeSheet,
  FakeValidation,
} from "./workbook";

export interface FakeExcelOptions {
  /** The request size refused with `RequestPayloadSizeLimitExceeded`; default 5,000,000 bytes. */
  readonly requestLimitBytes?: number;
}

interface Batch {
  actions: (() => void)[];
  bytes: number;
  operations: number;
}

const emptyBatch = (): Batch => ({ actions: [], bytes: 0, operations: 0 });

/** The fake host: `context` goes where an `Excel.RequestContext` is expected. */
export class FakeExcel {
  syncCount = 0;
  readonly sheets: FakeSheet[] = [];
  /** Workbook-scoped names. */
  readonly names: FakeName[] = [];
  active: FakeSheet | null = null;
  /** One entry per `sync()`, in order, refused ones included. */
  readonly requests: FakeRequest[] = [];
  readonly requestLimitBytes: number;
  readonly context: Excel.RequestContext;
  private pending: Batch = emptyBatch();
  private running: FakeRequest | null = null;

  constructor(sheetNames: readonly string[] = ["Sheet1"], options: FakeExcelOptions = {}) {
    this.requestLimitBytes = options.requestLimitBytes ?? REQUEST_PAYLOAD_LIMIT;
    for (const name of sheetNames) this.sheets.push(newSheet(name));
    this.active = this.sheets[0] ?? null;
    const worksheets = new FakeWorksheetCollection(this);
    const workbook = {
      worksheets,
      names: new FakeNamedItemCollection(this, null),
      getActiveWorksheet: () => worksheets.getActiveWorksheet(),
    };
    this.context = {
      workbook,
      sync: () => this.sync(),
    } as unknown as Excel.RequestContext;
  }

  /** The estimated size of the last sync's request (0 before any). */
  get lastRequestBytes(): number {
    return this.requests[this.requests.length - 1]?.bytes ?? 0;
  }

  /** The largest request so far, refused ones included. */
  get largestRequestBytes(): number {
    return this.requests.reduce((max, r) => Math.max(max, r.bytes), 0);
  }

  /** The live sheet of that name (case-insensitive); throws if there is none. */
  sheet(name: string): FakeSheet {
    const found = this.findSheet(name);
    if (!found) throw new Error(`no sheet ${name}`);
    return found;
  }

  findSheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  /**
   * Writes a value as a user typing it would (Excel's parsing), bypassing the queue. Refused, as
   * Excel refuses it, for a locked cell of a protected sheet and for a formula that does not parse.
   */
  type(sheet: string, address: string, input: unknown): void {
    const target = this.sheet(sheet);
    const area = parseAddress(address);
    const cell = target.cells.get(cellKey(area.top, area.left));
    if (target.protected && cell?.format["protection.locked"] !== false)
      throw new FakeExcelError("AccessDenied", `${sheet}!${address} is locked`);
    storeInput(target, area.top, area.left, parseInput(input, cell?.numberFormat));
  }

  /** Queues an operation of about `bytes` bytes for the next sync. */
  enqueue(action: () => void, bytes: number = OPERATION_BYTES): void {
    this.pending.actions.push(action);
    this.pending.bytes += bytes;
    this.pending.operations++;
  }

  /** Counts an operation that only names an object (getRange, getItem, …) in the next request. */
  track(bytes: number): void {
    this.pending.bytes += bytes;
    this.pending.operations++;
  }

  /** Adds loaded data to the response of the sync being run. */
  respond(bytes: number): void {
    if (this.running) this.running.responseBytes += bytes;
  }

  async sync(): Promise<void> {
    this.syncCount++;
    const batch = this.pending;
    this.pending = emptyBatch();
    const request: FakeRequest = {
      bytes: batch.bytes,
      operations: batch.operations,
      responseBytes: 0,
      applied: 0,
    };
    this.requests.push(request);
    await Promise.resolve();
    if (batch.bytes > this.requestLimitBytes) {
      request.error = "RequestPayloadSizeLimitExceeded";
      throw new FakeExcelError(
        "RequestPayloadSizeLimitExceeded",
        `the request is about ${batch.bytes} bytes; Excel on the web accepts ${this.requestLimitBytes}`,
      );
    }
    this.running = request;
    try {
      for (const action of batch.actions) {
        action();
        request.applied++;
      }
    } catch (error) {
      request.error = (error as { code?: string }).code ?? "GeneralException";
      throw error;
    } finally {
      this.running = null;
    }
  }
}
