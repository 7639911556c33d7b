/**
 * Writes a `WorkbookPlan` into a live workbook through Office JS: in batches under Excel on the
 * web's 5 MB request limit, one `context.sync()` per batch whatever the number of cells, and all
 * or nothing — a failed write removes what it added and leaves the existing sheets as they were.
 */
import type { SheetPlan, WorkbookPlan } from "../sheet/plan";
import { ExcelAdapterError } from "./errors";
import type { SheetLookup, SheetRequest } from "./sheetRequests";
import { sheetRequests } from "./sheetRequests";

export { columnWidthPoints, formulaInput, needsTextPrefix } from "./sheetRequests";

/**
 * Bytes per request the writer aims at. Excel on the web refuses requests over 5 MB; the estimate
 * leaves room for what it does not see (ids, paths, escaping).
 */
export const REQUEST_BUDGET_BYTES = 2_500_000;

export interface ApplyWorkbookPlanOptions {
  /**
   * The names of the workbook's sheets, when the caller has just loaded them in this context;
   * saves a sync.
   */
  readonly existing?: readonly string[];
  /**
   * Sheets whose formulas refer to other planned sheets by name (a summary): written after the
   * others have their final names, so that the references bind to the new sheets.
   */
  readonly late?: readonly string[];
  /** The request size to aim at, in estimated bytes; tests lower it. */
  readonly budgetBytes?: number;
  /** Called before each batch is sent: batches sent so far, and how many there are. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ApplyWorkbookPlanResult {
  /** Planned sheets that replaced an existing sheet of the same name. */
  readonly replaced: readonly string[];
  /** How many `context.sync()` calls the write took. */
  readonly syncs: number;
  /** How many batches the sheets were written in. */
  readonly batches: number;
}

/** Work queued for one batch: requests, and whether a sheet must be added first. */
interface Step {
  readonly bytes: number;
  readonly queue: () => void;
}

/**
 * Writes every sheet of `plan` into the workbook; a sheet of the same name is replaced (carry its
 * entries into the plan first: see `generateAssessments`). New sheets are written under
 * temporary names and take their real names only in the last batch, after every write has
 * succeeded; on any failure the sheets added so far are removed and the old ones keep their
 * names, and the error is rethrown as an `ExcelAdapterError`.
 *
 * Syncs: one to list the sheets (none with `existing`), then one per batch — one batch unless the
 * plan is larger than a request may be — plus one to undo a failure.
 *
 * @example
 * const { plan } = planWorkbook(BUILTIN_PACK, { language: "zh-CN", mode: "full",
 *   formulaStyle: "portable", districts: ["和平区"] });
 * await Excel.run((context) => applyWorkbookPlan(context, plan));
 */
export async function applyWorkbookPlan(
  context: Excel.RequestContext,
  plan: WorkbookPlan,
  options: ApplyWorkbookPlanOptions = {},
): Promise<ApplyWorkbookPlanResult> {
  const budget = options.budgetBytes ?? REQUEST_BUDGET_BYTES;
  const worksheets = context.workbook.worksheets;
  let syncs = 0;
  let names = options.existing;
  if (names === undefined) {
    worksheets.load("items/name");
    await context.sync();
    syncs++;
    names = worksheets.items.map((ws) => ws.name);
  }
  const existing = new Map(names.map((name) => [name.toLowerCase(), name]));
  const replaced = plan.sheets.filter((s) => existing.has(s.name.toLowerCase())).map((s) => s.name);
  const late = new Set(options.late ?? []);
  const early = plan.sheets.filter((s) => !late.has(s.name));
  const token = Math.random().toString(36).slice(2, 8);
  const temporary = (index: number) => `~ctmm${token}-${index}`;
  const retired = (index: number) => `~ctmm${token}-old-${index}`;

  const added: Excel.Worksheet[] = [];
  // Sheets are added at their first use, and in plan order: a chart may draw from a later sheet.
  const sheetAt = (index: number): Excel.Worksheet => {
    for (let i = added.length; i <= index; i++) added[i] = worksheets.add(temporary(i));
    return added[index]!;
  };
  const earlyIndex = new Map(early.map((sheet, index) => [sheet.name.toLowerCase(), index]));
  const lateNames = new Set([...late].map((name) => name.toLowerCase()));
  let committing = false;
  // A chart's other sheets: a planned one is the sheet being written, whatever its name by then.
  const sheetNamed: SheetLookup = (name) => {
    const index = earlyIndex.get(name.toLowerCase());
    if (index !== undefined) return sheetAt(index);
    // Before the commit a late sheet does not exist yet, or its name is still the old sheet's.
    if (!committing && lateNames.has(name.toLowerCase()))
      throw new ExcelAdapterError(
        "writeFailed",
        null,
        `A chart draws from "${name}", which is written after it`,
      );
    return worksheets.getItem(name);
  };
  const steps: Step[] = [];
  const deferred: Step[] = [];
  early.forEach((sheet, index) => {
    const requests = sheetRequests(sheet);
    // A chart drawn from a later sheet waits, with the rest of its sheet (protection), until
    // every sheet's cells are written: Excel makes the chart's first series from what is there.
    const later = (request: SheetRequest) =>
      (request.reads ?? []).some((name) => (earlyIndex.get(name.toLowerCase()) ?? -1) > index);
    const wait = requests.findIndex(later);
    requests.forEach((request: SheetRequest, r) => {
      (wait >= 0 && r >= wait ? deferred : steps).push({
        bytes: request.bytes + (r === 0 ? 200 : 0),
        queue: () => request.queue(sheetAt(index), sheetNamed),
      });
    });
    if (requests.length === 0) steps.push({ bytes: 200, queue: () => void sheetAt(index) });
  });
  steps.push(...deferred);

  const commit = () => {
    committing = true;
    // Old sheets step aside, new ones take their names, late sheets are written, old ones go.
    // Excel refuses to delete the last visible sheet, so the old ones go only at the end.
    const old = replaced.map((name, index) => {
      const worksheet = worksheets.getItem(existing.get(name.toLowerCase())!);
      worksheet.name = retired(index);
      return worksheet;
    });
    early.forEach((sheet, index) => void (added[index]!.name = sheet.name));
    for (const sheet of plan.sheets.filter((s) => late.has(s.name))) {
      const worksheet = worksheets.add(sheet.name);
      for (const request of sheetRequests(sheet)) request.queue(worksheet, sheetNamed);
      added.push(worksheet);
      setVisibility(worksheet, sheet);
    }
    for (const worksheet of old) {
      worksheet.visibility = "Visible"; // Excel will not delete a very hidden sheet
      worksheet.delete();
    }
    early.forEach((sheet, index) => setVisibility(added[index]!, sheet));
    const first = plan.sheets.find((s) => (s.visibility ?? "visible") === "visible");
    if (first) worksheets.getItem(first.name).activate();
  };

  // Pack the steps into batches first, so that progress can say "2 of 5".
  const starts: number[] = [0];
  let bytes = 0;
  steps.forEach((step, i) => {
    if (bytes > 0 && bytes + step.bytes > budget) {
      starts.push(i);
      bytes = 0;
    }
    bytes += step.bytes;
  });
  const batches = starts.length;
  try {
    for (let b = 0; b < batches; b++) {
      options.onProgress?.(b, batches);
      for (const step of steps.slice(starts[b], starts[b + 1] ?? steps.length)) step.queue();
      if (b === batches - 1) commit();
      await context.sync();
      syncs++;
    }
    options.onProgress?.(batches, batches);
  } catch (error) {
    await rollBack(context, {
      token,
      replaced: replaced.map((name) => existing.get(name.toLowerCase())!),
      planned: plan.sheets.map((s) => s.name),
      existing: new Set(existing.keys()),
    });
    throw ExcelAdapterError.wrap(error, "writeFailed");
  }
  return { replaced, syncs, batches };
}

function setVisibility(worksheet: Excel.Worksheet, sheet: SheetPlan): void {
  if (sheet.visibility === "hidden") worksheet.visibility = "Hidden";
  if (sheet.visibility === "veryHidden") worksheet.visibility = "VeryHidden";
}

/**
 * Undoes a failed write: deletes every sheet the write added (under a temporary name, or already
 * under its planned name) and gives the old sheets their names back.
 */
async function rollBack(
  context: Excel.RequestContext,
  write: {
    readonly token: string;
    /** The replaced sheets' names as they were, in order (index = retired name's index). */
    readonly replaced: readonly string[];
    readonly planned: readonly string[];
    /** Lower-cased names of the sheets that existed before the write. */
    readonly existing: ReadonlySet<string>;
  },
): Promise<void> {
  try {
    const worksheets = context.workbook.worksheets;
    worksheets.load("items/name,items/visibility");
    await context.sync();
    const prefix = `~ctmm${write.token}-`;
    const retiredPrefix = `${prefix}old-`;
    const names = new Set(worksheets.items.map((ws) => ws.name));
    const planned = new Set(write.planned.map((n) => n.toLowerCase()));
    const stillRetired = (name: string) =>
      write.replaced.some(
        (original, i) =>
          original.toLowerCase() === name.toLowerCase() && names.has(`${retiredPrefix}${i}`),
      );
    const restore: [Excel.Worksheet, string][] = [];
    for (const worksheet of worksheets.items) {
      const name = worksheet.name;
      const lower = name.toLowerCase();
      let remove = false;
      if (name.startsWith(retiredPrefix)) {
        const original = write.replaced[Number(name.slice(retiredPrefix.length))];
        if (original !== undefined) restore.push([worksheet, original]);
      } else if (name.startsWith(prefix)) remove = true;
      else if (planned.has(lower) && (!write.existing.has(lower) || stillRetired(name)))
        remove = true;
      if (remove) {
        if (worksheet.visibility !== "Visible") worksheet.visibility = "Visible";
        worksheet.delete();
      }
    }
    for (const [worksheet, original] of restore) worksheet.name = original;
    await context.sync();
  } catch {
    // The workbook is beyond what we can repair from here; the original error says why.
  }
}
