/**
 * A stand-in for Office's CustomFunctions global, shaped like the real one: `new
 * CustomFunctions.Error(code, message)` with ErrorCode values "#VALUE!", "#N/A", …
 */
export class FakeCustomFunctionsError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

export function installCustomFunctions(): void {
  (globalThis as Record<string, unknown>).CustomFunctions = {
    Error: FakeCustomFunctionsError,
    ErrorCode: {
      invalidValue: "#VALUE!",
      notAvailable: "#N/A",
      divisionByZero: "#DIV/0!",
      invalidNumber: "#NUM!",
      nullReference: "#NULL!",
      invalidName: "#NAME?",
      invalidReference: "#REF!",
    },
  };
}

/** Calls `fn` and returns the Excel error it threw (failing if it returned or threw anything else). */
export function excelErrorOf(fn: () => unknown): FakeCustomFunctionsError {
  try {
    const value = fn();
    throw new Error(`expected an Excel error, got ${JSON.stringify(value)}`);
  } catch (error) {
    if (error instanceof FakeCustomFunctionsError) return error;
    throw error;
  }
}
