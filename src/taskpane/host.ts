/**
 * Everything the pane asks of Excel, behind one injected service: components never call
 * `Excel.run`. The Office implementation is officeHost.ts; the browser tests drive the same
 * implementation against the in-memory Excel of test/host/.
 */
import type { ModelPack } from "../model";
import type { GenerateResult, PlannedWorkbook } from "../excel/generate";
import type { CellRef } from "../excel/highlight";
import type { WorkbookGrid } from "../sheet/grid";
import type { ChartPlan, SheetPlan } from "../sheet/plan";

export interface WorkbookHost {
  /** Which of these sheet names exist in the workbook already. */
  existingSheets(names: readonly string[]): Promise<string[]>;
  /** Writes planned assessment sheets (entries of rebuilt sheets are kept) and `extra` sheets. */
  generate(
    planned: PlannedWorkbook,
    pack: ModelPack,
    extra: readonly SheetPlan[],
    onProgress: (done: number, total: number) => void,
  ): Promise<GenerateResult>;
  /** The CTMM sheets of the workbook, or only the active one, as a grid. */
  read(scope: "ctmm" | "active"): Promise<WorkbookGrid>;
  /** Activates a sheet and selects a cell (A1). */
  select(sheet: string, cell: string): Promise<void>;
  highlight(
    cells: readonly (CellRef & { readonly severity: "error" | "warning" })[],
  ): Promise<void>;
  /** Writes values into cells (ratings retyped as what they mean), in one request. */
  rewrite(cells: readonly (CellRef & { readonly value: string | number })[]): Promise<void>;
  /** Removes the highlights from these sheets; how many rules were removed. */
  clearHighlights(sheets: readonly string[]): Promise<number>;
  /** Puts a planned chart on a sheet, replacing the chart of its name. */
  insertChart(sheet: string, chart: ChartPlan): Promise<void>;
  /** Adds a sheet under a free name based on the plan's; returns the name used. */
  addSheet(sheet: SheetPlan): Promise<string>;
  /**
   * Writes sheets that are not assessments (a consolidation's summary and findings), in batches,
   * replacing sheets of the same names: ask first (`existingSheets`). All or nothing.
   */
  writeSheets(
    sheets: readonly SheetPlan[],
    onProgress: (done: number, total: number) => void,
  ): Promise<{ readonly replaced: readonly string[] }>;
}

/** Where the pane keeps its settings: the workbook's document settings in Office. */
export interface SettingsStore {
  read(): unknown;
  write(value: unknown): Promise<void>;
}
