import type { AssessmentMode, Language } from "../model";
import type { WorkbookGrid } from "../sheet/grid";
import type { FormulaStyle } from "../sheet/planAssessmentSheet";

/** What the Generate screen asks for. */
export interface GenerateRequest {
  readonly districts: readonly string[];
  readonly language: Language;
  readonly mode: AssessmentMode;
  readonly formulaStyle: FormulaStyle;
}

/**
 * Everything the pane does to the workbook, behind one interface: the Office implementation
 * (officeWorkbookService.ts) batches through Excel.run; tests drive the same implementation
 * against an in-memory Excel.
 */
export interface WorkbookService {
  /** The names of the sheets that generating `request` would replace. */
  sheetsToReplace(request: GenerateRequest): Promise<string[]>;
  /** Writes the assessment sheets; with keepEntries, entries of replaced sheets carry over. */
  generate(request: GenerateRequest, keepEntries: boolean): Promise<string[]>;
  /** The workbook as a grid: values, formulas and names. */
  read(): Promise<WorkbookGrid>;
  /** Activates a sheet and selects a cell (A1). */
  select(sheet: string, cell: string): Promise<void>;
}
