import type {
  AssessmentMode,
  ItemVector,
  Language,
  Level,
  ModelPack,
  RatingParser,
} from "../model";
import { createRatingParser, describeInvalidRating, LEVEL_COUNT, normalizeLabel } from "../model";
import { PassThroughError, valueError } from "./functionError";

/**
 * Argument parsing for every CTMM.* function, written once: ranges as matrices, blanks, labels of
 * either language, N/A, optional arguments, and messages that say what is wrong and where.
 */

/** Excel passes a cell's error value (#N/A, #DIV/0!, …) as a CustomFunctions.Error. */
export function isErrorValue(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (value instanceof Error) return true;
  return (
    typeof CustomFunctions !== "undefined" &&
    typeof CustomFunctions.Error === "function" &&
    value instanceof CustomFunctions.Error
  );
}

/** An omitted optional argument: Excel passes null (or nothing) for it. */
export function isOmitted(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** A range argument as a rectangular, non-empty matrix. */
export function readMatrix(value: unknown, name: string): readonly unknown[][] {
  if (!Array.isArray(value)) {
    if (isErrorValue(value)) throw new PassThroughError(value);
    return [[value]];
  }
  if (value.length === 0) throw valueError(`${name} is empty`);
  const rows = value as unknown[];
  const width = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : -1;
  if (width <= 0) throw valueError(`${name} is empty`);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!Array.isArray(row) || row.length !== width) {
      throw valueError(`${name} is not a rectangular range (row ${r + 1})`);
    }
  }
  return rows as unknown[][];
}

const parsers = new WeakMap<ModelPack, Record<AssessmentMode, RatingParser>>();

function parserFor(pack: ModelPack, mode: AssessmentMode): RatingParser {
  let entry = parsers.get(pack);
  if (!entry) {
    entry = { full: createRatingParser(pack, "full"), quick: createRatingParser(pack, "quick") };
    parsers.set(pack, entry);
  }
  return entry[mode];
}

export interface RatingRows {
  readonly mode: AssessmentMode;
  readonly vectors: ItemVector[];
}

/**
 * Reads a ratings range: n×5 is full mode (one column per level), n×1 quick mode (one level per
 * item). Numbers, labels of either language, blanks (0) and N/A are understood.
 */
export function readRatings(value: unknown, pack: ModelPack, name = "ratings"): RatingRows {
  const matrix = readMatrix(value, name);
  const width = matrix[0]!.length;
  if (width !== LEVEL_COUNT && width !== 1) {
    throw valueError(
      `${name} must have ${LEVEL_COUNT} columns (full mode: one per level) or 1 (quick mode: one level per item), not ${width}`,
    );
  }
  const mode: AssessmentMode = width === 1 ? "quick" : "full";
  const parser = parserFor(pack, mode);
  const vectors: ItemVector[] = new Array(matrix.length);
  for (let r = 0; r < matrix.length; r++) {
    const row = matrix[r]!;
    let notApplicable = false;
    const ratings = new Array<number>(LEVEL_COUNT);
    for (let c = 0; c < width; c++) {
      const raw = row[c];
      if (isErrorValue(raw)) throw new PassThroughError(raw);
      const cell = parser.parse(raw === "" ? null : raw);
      if (cell.kind === "invalid") {
        throw valueError(
          `${name} row ${r + 1}${width > 1 ? `, column ${c + 1}` : ""}: ${describeInvalidRating(cell, mode)["en-US"]}`,
        );
      }
      if (cell.kind === "na") notApplicable = true;
      else if (mode === "full") ratings[c] = cell.kind === "rated" ? cell.value : 0;
      else {
        const k = cell.kind === "rated" ? cell.value : 0;
        for (let l = 0; l < LEVEL_COUNT; l++) ratings[l] = l < k ? 1 : 0;
      }
    }
    vectors[r] = notApplicable ? { applicable: false } : { applicable: true, ratings, missing: [] };
  }
  return { mode, vectors };
}

/** Reads weights: n×1 or 1×n numbers ≥ 0 matching the ratings rows; omitted means equal. */
export function readWeights(value: unknown, rows: number): number[] {
  if (isOmitted(value)) return new Array<number>(rows).fill(1);
  const matrix = readMatrix(value, "weights");
  const flat =
    matrix[0]!.length === 1
      ? matrix.map((row) => row[0])
      : matrix.length === 1
        ? [...matrix[0]!]
        : null;
  if (flat === null) throw valueError("weights must be a single column (or row) of numbers");
  if (flat.length !== rows) {
    throw valueError(`weights has ${flat.length} entries but ratings has ${rows} rows`);
  }
  return flat.map((weight, i) => {
    if (isErrorValue(weight)) throw new PassThroughError(weight);
    if (typeof weight !== "number" || !Number.isFinite(weight) || weight < 0) {
      throw valueError(`weights row ${i + 1}: ${JSON.stringify(weight ?? "")} is not a number ≥ 0`);
    }
    return weight;
  });
}

/** Reads a threshold θ ∈ (0, 1]; omitted means the model's. */
export function readThreshold(value: unknown, pack: ModelPack): number {
  if (isOmitted(value) || value === "") return pack.threshold;
  if (isErrorValue(value)) throw new PassThroughError(value);
  if (typeof value !== "number" || !(value > 0 && value <= 1)) {
    throw valueError(
      `threshold must be a number greater than 0 and at most 1, not ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Reads a whole level within [min, 5]; numbers as text ("3") are accepted. */
export function readLevel(value: unknown, name: string, min = 0): Level {
  if (isErrorValue(value)) throw new PassThroughError(value);
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (
    typeof number !== "number" ||
    !Number.isInteger(number) ||
    number < min ||
    number > LEVEL_COUNT
  ) {
    throw valueError(
      `${name} must be a whole number from ${min} to ${LEVEL_COUNT}, not ${JSON.stringify(value ?? "")}`,
    );
  }
  return number as Level;
}

/** Reads a language: zh-CN / en-US (or zh / en, any case); omitted means `fallback`. */
export function readLanguage(value: unknown, fallback: Language): Language {
  if (isOmitted(value) || value === "") return fallback;
  if (isErrorValue(value)) throw new PassThroughError(value);
  const key = typeof value === "string" ? normalizeLabel(value) : "";
  if (key === "zh-cn" || key === "zh" || key === "中文") return "zh-CN";
  if (key === "en-us" || key === "en" || key === "english") return "en-US";
  throw valueError(`language must be "zh-CN" or "en-US", not ${JSON.stringify(value)}`);
}
