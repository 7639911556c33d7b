// The .xlsx adapter: a workbook plan → file bytes, and file bytes → a grid. Runs in Node (CLI) and
// in the browser (task pane): it works on Uint8Array and imports no Node APIs.
export { writeXlsx, checkSheetName, checkDefinedName } from "./writeXlsx";
export { readXlsx, DEFAULT_READ_LIMITS } from "./readXlsx";
export type { ReadXlsxOptions, XlsxReadLimits } from "./readXlsx";
export { XlsxError } from "./errors";
export type { XlsxErrorCode } from "./errors";
export { shiftFormula } from "./shiftFormula";
