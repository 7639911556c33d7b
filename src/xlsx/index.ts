// The .xlsx adapter: a workbook plan → file bytes, and file bytes → a grid. Runs in Node (CLI) and
// in the browser (task pane): it works on Uint8Array and imports no Node APIs.
export { writeXlsx, writeXlsxStream, checkSheetName, checkDefinedName } from "./writeXlsx";
export type { AppendedRows } from "./writeXlsx";
export { MAX_CHART_SERIES, MAX_CHART_TEXT } from "./charts";
export { readXlsx, DEFAULT_READ_LIMITS } from "./readXlsx";
export type { InflateRaw } from "./zip";
export type { ReadXlsxOptions, XlsxReadLimits } from "./readXlsx";
export { XlsxError } from "./errors";
export type { XlsxErrorCode } from "./errors";
export { shiftFormula } from "./shiftFormula";
