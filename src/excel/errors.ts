/**
 * What can go wrong between the add-in and the workbook, as codes: the task pane renders each in
 * the user's language, with what to do (src/taskpane/i18n.ts).
 */
export type ExcelAdapterErrorCode =
  /** A write failed; what it added was removed and the old sheets are as they were. */
  | "writeFailed"
  /** Reading the workbook failed. */
  | "readFailed"
  /** The sheet is not a CTMM assessment sheet (no CTMM_Ratings name). */
  | "notAssessment"
  /** The sheet has no domain levels to chart. */
  | "nothingToChart";

export class ExcelAdapterError extends Error {
  override readonly name = "ExcelAdapterError";
  constructor(
    readonly code: ExcelAdapterErrorCode,
    /** Office's own error code, e.g. "RequestPayloadSizeLimitExceeded", when Office gave one. */
    readonly officeCode: string | null,
    message: string,
  ) {
    super(message);
  }

  /** Wraps whatever Office threw, keeping its code and message. */
  static wrap(error: unknown, code: ExcelAdapterErrorCode): ExcelAdapterError {
    if (error instanceof ExcelAdapterError) return error;
    const officeCode =
      typeof error === "object" && error !== null && "code" in error
        ? String((error as { code: unknown }).code)
        : null;
    const message = error instanceof Error ? error.message : String(error);
    return new ExcelAdapterError(code, officeCode, message);
  }
}
