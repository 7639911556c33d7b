/**
 * Why a workbook could not be read or written. The CLI and the task pane show `message` as is (it
 * names the part, sheet or cell at fault) and may branch on `code`; none of them shows a stack.
 */
export type XlsxErrorCode =
  /** The bytes are not a zip archive (or are an encrypted / legacy .xls compound file). */
  | "NOT_ZIP"
  /** A zip archive, but not an Excel workbook (e.g. .docx, .ods, .xlsb). */
  | "NOT_WORKBOOK"
  /** A workbook whose parts are truncated, damaged or missing. */
  | "DAMAGED"
  /** A zip header claims an entry (or all of them) inflate beyond the size limit (zip bomb guard). */
  | "TOO_LARGE"
  /**
   * Reading went past one of the reader's limits (bytes inflated, cells, shared strings, string
   * length, nesting depth, …); `params` says which: `{ limit, value, max, where }`.
   */
  | "LIMIT"
  /** Reading took longer than the deadline the caller gave. */
  | "TIMEOUT"
  /** The plan cannot be written as a valid workbook (bad sheet name, list too long, …). */
  | "INVALID_PLAN";

export class XlsxError extends Error {
  override readonly name = "XlsxError";

  constructor(
    readonly code: XlsxErrorCode,
    message: string,
    /** What a surface needs to render the error in its own words, e.g. `{ limit: "cells", value, max }`. */
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
  }
}
