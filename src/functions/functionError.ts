/**
 * Errors of the custom functions, before they become Excel errors: `value` → #VALUE! (wrong
 * arguments), `na` → #N/A (nothing to compute). Only `excelError.ts` turns them into
 * CustomFunctions.Error, so the library stays testable and usable from the task pane.
 */
export class FunctionError extends Error {
  override readonly name = "FunctionError";

  constructor(
    readonly kind: "value" | "na",
    message: string,
  ) {
    super(message);
  }
}

/** An error value that arrived in an argument (a cell holding #N/A, #DIV/0!, …): passed through. */
export class PassThroughError extends Error {
  override readonly name = "PassThroughError";

  constructor(readonly original: unknown) {
    super("an argument holds an error value");
  }
}

export const valueError = (message: string): FunctionError => new FunctionError("value", message);
