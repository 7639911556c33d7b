import type { CtmmErrorCode } from "../model";
import { CtmmError } from "../model";
import { FunctionError, PassThroughError } from "./functionError";

/**
 * The one place where domain errors become Excel errors: #VALUE! for wrong arguments, #N/A when
 * nothing applies, the argument's own error passed through. Outside Excel (tests, a plain
 * browser) a stand-in with the same shape is used.
 */
export interface ExcelErrorValue {
  readonly code: string;
  readonly message?: string;
}

/** Engine errors that mean "nothing to compute" rather than "wrong arguments" (SPEC §5). */
const NOTHING_TO_COMPUTE: ReadonlySet<CtmmErrorCode> = new Set<CtmmErrorCode>([
  "NO_APPLICABLE_ITEM",
  "TARGET_UNREACHABLE",
]);

type ErrorFactory = (code: "#VALUE!" | "#N/A", message: string) => object;

function officeFactory(): ErrorFactory | null {
  if (typeof CustomFunctions === "undefined" || typeof CustomFunctions.Error !== "function")
    return null;
  return (code, message) =>
    new CustomFunctions.Error(
      code === "#N/A"
        ? CustomFunctions.ErrorCode.notAvailable
        : CustomFunctions.ErrorCode.invalidValue,
      message,
    );
}

/** Stands in for CustomFunctions.Error where Office is absent. */
export class StandInExcelError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Maps anything a function threw to the Excel error to throw instead. */
export function toExcelError(error: unknown): object {
  // An error value from a cell travels on unchanged, as Excel's own functions pass #N/A along.
  if (
    error instanceof PassThroughError &&
    typeof CustomFunctions !== "undefined" &&
    typeof CustomFunctions.Error === "function" &&
    error.original instanceof CustomFunctions.Error
  ) {
    return error.original;
  }
  const make = officeFactory() ?? ((code, message) => new StandInExcelError(code, message));
  if (error instanceof PassThroughError) return make("#VALUE!", "an argument holds an error value");
  if (error instanceof FunctionError)
    return make(error.kind === "na" ? "#N/A" : "#VALUE!", error.message);
  if (error instanceof CtmmError)
    return make(NOTHING_TO_COMPUTE.has(error.code) ? "#N/A" : "#VALUE!", error.message);
  // Unforeseen: still an Excel error with a message, never a crash of the calculation.
  return make(
    "#VALUE!",
    `CTMM could not compute this: ${error instanceof Error ? error.message : String(error)}`,
  );
}

/** Runs a function body; whatever goes wrong leaves as an Excel error with a message. */
export function run<T>(body: () => T): T {
  try {
    return body();
  } catch (error) {
    throw toExcelError(error);
  }
}
