/**
 * Domain errors of the model and engine. Adapters turn them into Excel errors, CLI messages or
 * task pane notices in the user's language; the core never formats for a particular surface.
 */
export type CtmmErrorCode =
  | "PACK_INVALID"
  | "RATING_INVALID"
  | "SHAPE_MISMATCH"
  | "WEIGHTS_INVALID"
  | "THRESHOLD_INVALID"
  | "LEVEL_INVALID"
  | "UNKNOWN_NODE";

/** Where in an input a problem sits: a 0-based row and column of a ratings matrix, or a node. */
export interface ErrorLocation {
  readonly row?: number;
  readonly column?: number;
  readonly nodeId?: string;
}

export class CtmmError extends Error {
  override readonly name = "CtmmError";

  constructor(
    readonly code: CtmmErrorCode,
    message: string,
    readonly location: ErrorLocation = {},
  ) {
    super(message);
  }
}

/** A pack was refused; `problems` lists every offending node, one message each. */
export class PackError extends CtmmError {
  constructor(readonly problems: readonly string[]) {
    super("PACK_INVALID", `Model pack refused: ${problems.join("; ")}`);
  }
}
