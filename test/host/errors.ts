/** The errors the fake host throws, shaped like Office JS's (`error.code` is an Excel error code). */

/** A read of a property that was not loaded and synced, as Office's `PropertyNotLoaded`. */
export class PropertyNotLoadedError extends Error {
  override readonly name = "PropertyNotLoadedError";
  readonly code = "PropertyNotLoaded";
  constructor(object: string, property: string) {
    super(`The property '${property}' of ${object} is not available. Load it and call sync().`);
  }
}

/**
 * Excel refusing an operation at `sync()`. `code` is one of `Excel.ErrorCodes` (e.g.
 * "InvalidArgument", "InvalidOperation", "AccessDenied", "ItemNotFound") or
 * "RequestPayloadSizeLimitExceeded" (Excel on the web's 5 MB limit on a request).
 */
export class FakeExcelError extends Error {
  override readonly name = "FakeExcelError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
