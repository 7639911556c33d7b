import type { ModelPack } from "../model";
import { computeLevelScores, LEVEL_COUNT, roundLevelScore } from "../model";
import { isOmitted, readRatings, readWeights } from "./args";

/** Level scores S_1..S_5 of a range, rounded on demand: CTMM.LEVEL needs only the leading ones. */
export interface LevelScoreSource {
  at(levelIndex: number): number;
}

class ComputedLevelScores implements LevelScoreSource {
  constructor(private readonly scores: readonly number[]) {}
  at(levelIndex: number): number {
    return this.scores[levelIndex]!;
  }
}

class SummedLevelScores implements LevelScoreSource {
  constructor(
    private readonly sums: readonly number[],
    private readonly denominator: number,
  ) {}
  at(levelIndex: number): number {
    return roundLevelScore(this.sums[levelIndex]! / this.denominator);
  }
}

/**
 * S_1..S_5 of a ratings range (SPEC §3.5), or null when no item applies.
 *
 * Functions recalculate on every edit of a review meeting, so the common case — unweighted ranges
 * of plain scale numbers — takes a single pass over the cells in exact integer arithmetic (ratings
 * in thousandths), with no per-row allocation, and rounds only the level scores asked for.
 * Anything else (labels, blanks, N/A, weights, an unusual scale) takes the general path through
 * readRatings and the engine. Both give the same level scores: the integer sums are exact, the
 * engine's sums are compensated, and both are rounded by the same Excel-style ROUND.
 */
export function levelScoresOfRange(
  pack: ModelPack,
  ratings: unknown,
  weights: unknown,
): LevelScoreSource | null {
  if (isOmitted(weights)) {
    const fast = fastLevelScores(pack, ratings);
    if (fast !== undefined) return fast;
  }
  const { vectors } = readRatings(ratings, pack);
  const scores = computeLevelScores(vectors, readWeights(weights, vectors.length));
  return scores === null ? null : new ComputedLevelScores(scores);
}

/**
 * The pack's scale values as whole thousandths: `table[v * 1000] === 1` exactly when `v` is a
 * number on the scale (a typed array gives undefined for a fraction, NaN or anything out of
 * range, so one load checks it all). null — general path — when a value is not a whole number of
 * thousandths in floating point.
 */
type ScaleTable = Uint8Array;

const tables = new WeakMap<ModelPack, ScaleTable | null>();
let lastPack: ModelPack | null = null;
let lastTable: ScaleTable | null = null;

function scaleTable(pack: ModelPack): ScaleTable | null {
  // Nearly every call uses the same pack: remember the last one before asking the WeakMap.
  if (pack === lastPack) return lastTable;
  let table = tables.get(pack);
  if (table === undefined) {
    table = new Uint8Array(1001);
    for (const { value } of pack.ratingScale) {
      const code = value * 1000;
      if (!Number.isInteger(code) || code < 0 || code > 1000) {
        table = null;
        break;
      }
      table[code] = 1;
    }
    tables.set(pack, table);
  }
  lastPack = pack;
  lastTable = table;
  return table;
}

/** The fast path; undefined hands over to the general one. */
function fastLevelScores(pack: ModelPack, ratings: unknown): LevelScoreSource | undefined {
  const table = scaleTable(pack);
  if (table === null || !Array.isArray(ratings) || ratings.length === 0) return undefined;
  const first: unknown = ratings[0];
  if (!Array.isArray(first)) return undefined;
  const width = first.length;
  // Five accumulators in whole thousandths: exact, and no per-row allocation.
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  let t4 = 0;
  if (width === LEVEL_COUNT) {
    for (let r = 0; r < ratings.length; r++) {
      const cells: unknown = ratings[r];
      if (!Array.isArray(cells) || cells.length !== LEVEL_COUNT) return undefined;
      const a: unknown = cells[0];
      const b: unknown = cells[1];
      const c: unknown = cells[2];
      const d: unknown = cells[3];
      const e: unknown = cells[4];
      // Text ("1", labels), blanks and booleans take the general path.
      if (
        typeof a !== "number" ||
        typeof b !== "number" ||
        typeof c !== "number" ||
        typeof d !== "number" ||
        typeof e !== "number"
      )
        return undefined;
      const ka = a * 1000;
      const kb = b * 1000;
      const kc = c * 1000;
      const kd = d * 1000;
      const ke = e * 1000;
      if (
        table[ka] !== 1 ||
        table[kb] !== 1 ||
        table[kc] !== 1 ||
        table[kd] !== 1 ||
        table[ke] !== 1
      )
        return undefined;
      t0 += ka;
      t1 += kb;
      t2 += kc;
      t3 += kd;
      t4 += ke;
    }
  } else if (width === 1) {
    for (let r = 0; r < ratings.length; r++) {
      const cells: unknown = ratings[r];
      if (!Array.isArray(cells) || cells.length !== 1) return undefined;
      const k: unknown = cells[0];
      if (typeof k !== "number" || !Number.isInteger(k) || k < 0 || k > LEVEL_COUNT)
        return undefined;
      if (k > 0) t0 += 1000;
      if (k > 1) t1 += 1000;
      if (k > 2) t2 += 1000;
      if (k > 3) t3 += 1000;
      if (k > 4) t4 += 1000;
    }
  } else return undefined;
  return new SummedLevelScores([t0, t1, t2, t3, t4], ratings.length * 1000);
}
