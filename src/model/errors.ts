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
  | "UNKNOWN_NODE"
  /** An aggregate has no applicable item (every row N/A, or the applicable ones weigh 0). */
  | "NO_APPLICABLE_ITEM"
  /** No item left to raise, yet the target level is still not reached. */
  | "TARGET_UNREACHABLE";

/** Where in an input a problem sits: a 0-based row and column of a ratings matrix, or a node. */
export interface ErrorLocation {
  readonly row?: number;
  readonly column?: number;
  readonly nodeId?: string;
}

/** Values a surface needs to word the error in its own language, e.g. `{ target: 4 }`. */
export type ErrorParams = Readonly<Record<string, string | number>>;

export class CtmmError extends Error {
  override readonly name = "CtmmError";

  constructor(
    readonly code: CtmmErrorCode,
    message: string,
    readonly location: ErrorLocation = {},
    readonly params: ErrorParams = {},
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
