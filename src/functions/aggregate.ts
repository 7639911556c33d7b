import type { ModelPack } from "../model";
import { computeLevelScores, LEVEL_COUNT, LEVEL_SCORE_DECIMALS, roundExcel } from "../model";
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
    return roundExcel(this.sums[levelIndex]! / this.denominator, LEVEL_SCORE_DECIMALS);
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

/** Maps a scale value to whole thousandths, or -1 for anything else (text, blank, 0.7, …). */
type ScaleCoder = (value: unknown) => number;

const coders = new WeakMap<ModelPack, ScaleCoder | null>();
let lastPack: ModelPack | null = null;
let lastCoder: ScaleCoder | null = null;

/**
 * A comparison chain over the pack's scale (up to four values, as the standard's): measured
 * faster than any lookup. null — general path — for longer scales or values that are not whole
 * thousandths.
 */
function scaleCoder(pack: ModelPack): ScaleCoder | null {
  // Nearly every call uses the same pack: remember the last one before asking the WeakMap.
  if (pack === lastPack) return lastCoder;
  let coder = coders.get(pack);
  if (coder === undefined) {
    const values = pack.ratingScale.map((o) => o.value);
    const codes = values.map((v) => Math.round(v * 1000));
    const exact = values.every((v, i) => Math.abs(codes[i]! / 1000 - v) <= 1e-12);
    if (!exact || values.length > 4) coder = null;
    else {
      const [s0, s1, s2, s3] = [...values, NaN, NaN, NaN];
      const [k0, k1, k2, k3] = [...codes, -1, -1, -1];
      coder = (v) => (v === s0 ? k0! : v === s1 ? k1! : v === s2 ? k2! : v === s3 ? k3! : -1);
    }
    coders.set(pack, coder);
  }
  lastPack = pack;
  lastCoder = coder;
  return coder;
}

/** The fast path; undefined hands over to the general one. */
function fastLevelScores(pack: ModelPack, ratings: unknown): LevelScoreSource | undefined {
  const code = scaleCoder(pack);
  if (code === null || !Array.isArray(ratings) || ratings.length === 0) return undefined;
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
      const a = code(cells[0]);
      const b = code(cells[1]);
      const c = code(cells[2]);
      const d = code(cells[3]);
      const e = code(cells[4]);
      if ((a | b | c | d | e) < 0) return undefined;
      t0 += a;
      t1 += b;
      t2 += c;
      t3 += d;
      t4 += e;
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
