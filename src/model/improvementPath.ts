import type { AssessmentInput, AssessOptions, ItemVector } from "./engine";
import { assertThreshold, computeLevelScores, levelFromScores, readItemRows } from "./engine";
import { CtmmError } from "./errors";
import { roundLevelScore } from "./round";
import type { Level, ModelPack, NodeId } from "./types";
import { LEVEL_COUNT } from "./types";

/**
 * The improvement path (SPEC §5 CTMM.GAP, §6 Improvement path): which items to raise, in order,
 * so that an aggregate reaches a target level. Raising an item means rating it fully met at
 * levels 1..target (in quick mode: setting it to the target level).
 *
 * The rule is greedy and documented in README's "CTMM.GAP" section: at each step the item with
 * the largest weighted gain on the levels still short — e_i × Σ (1 − r_il) over the levels
 * l ≤ target with S_l < θ — is raised, ties to the earlier row, until every S_l ≥ θ. Greedy is not
 * always the true minimum, but it is quick, explainable and exact on equal weights with one short
 * level.
 */

/** The outcome of a search, before a surface decides how to report a failure. */
type PathSearch =
  | { readonly status: "path"; readonly indices: readonly number[] }
  | { readonly status: "noApplicableItem" }
  | { readonly status: "unreachable" };

/**
 * The indices of the items to raise, in the order to raise them, so that the aggregate of
 * `vectors` (with effective weights `weights`) reaches `target` at threshold θ; empty when it is
 * already there. The inputs are not modified.
 *
 * @throws CtmmError NO_APPLICABLE_ITEM when no item applies (or the applicable ones weigh 0),
 *   TARGET_UNREACHABLE when no item is left to raise, LEVEL_INVALID for a target outside 0..5,
 *   THRESHOLD_INVALID, SHAPE_MISMATCH or WEIGHTS_INVALID for bad weights.
 *
 * @example
 * // SPEC §3's worked example, level 2: level 3 is short at S3 only, b gains most;
 * // for level 4, b first (gain 0.5 + 1), then a (S4 alone is short: a 0.5, c 0.2).
 * findImprovementPath([a, b, c], [1, 1, 1], 3, 0.8); // [1]
 * findImprovementPath([a, b, c], [1, 1, 1], 4, 0.8); // [1, 0]
 */
export function findImprovementPath(
  vectors: readonly ItemVector[],
  weights: readonly number[],
  target: Level,
  threshold: number,
): number[] {
  const search = searchPath(vectors, weights, target, threshold);
  if (search.status === "noApplicableItem") {
    throw new CtmmError("NO_APPLICABLE_ITEM", "no applicable item: every row is N/A (or weighs 0)");
  }
  if (search.status === "unreachable") {
    throw new CtmmError(
      "TARGET_UNREACHABLE",
      `level ${target} cannot be reached by raising these items`,
      {},
      { target },
    );
  }
  return [...search.indices];
}

/**
 * One aggregate's improvement path: the item ids to raise in order (empty when the target is
 * already reached), or why there is none.
 */
export type ImprovementOutcome =
  | { readonly status: "path"; readonly items: readonly NodeId[] }
  /** Every item of the aggregate is N/A: it has no level to raise. */
  | { readonly status: "noApplicableItem"; readonly items: null }
  /** Raising every item with something to gain still leaves the target unreached. */
  | { readonly status: "unreachable"; readonly items: null };

/** The improvement paths of a whole assessment toward one target level. */
export interface ImprovementPaths {
  readonly target: Level;
  readonly threshold: number;
  readonly overall: ImprovementOutcome;
  /** One per domain of the pack, in model order. */
  readonly domains: readonly (ImprovementOutcome & { readonly id: NodeId })[];
}

/**
 * The improvement path toward `target` for the overall and for each domain of an assessment, as
 * the task pane shows it. The same greedy rule as `findImprovementPath` (and CTMM.GAP), over the
 * items' effective weights; the weights above an aggregate cancel, so one set serves them all.
 *
 * @throws CtmmError as `assess` does for input it cannot score, LEVEL_INVALID for a target
 *   outside 0..5, THRESHOLD_INVALID for θ outside (0, 1].
 *
 * @example
 * const { input } = readSheetAssessment(grid, "和平区");
 * const paths = findImprovementPaths(BUILTIN_PACK, input, 3);
 * paths.overall; // { status: "path", items: ["2.2.1", "3.1.2"] }
 */
export function findImprovementPaths(
  pack: ModelPack,
  input: AssessmentInput,
  target: Level,
  options: AssessOptions = {},
): ImprovementPaths {
  const threshold = options.threshold ?? pack.threshold;
  assertThreshold(threshold);
  assertTarget(target);
  const rows = readItemRows(pack, input);
  const outcome = (members: typeof rows): ImprovementOutcome => {
    const search = searchPath(
      members.map((m) => m.vector),
      members.map((m) => m.weight),
      target,
      threshold,
    );
    return search.status === "path"
      ? { status: "path", items: search.indices.map((i) => members[i]!.item.id) }
      : { status: search.status, items: null };
  };
  return {
    target,
    threshold,
    overall: outcome(rows),
    domains: pack.domains.map((domain) => ({
      id: domain.id,
      ...outcome(rows.filter((row) => row.domain === domain)),
    })),
  };
}

function assertTarget(target: number): void {
  if (!(Number.isInteger(target) && target >= 0 && target <= LEVEL_COUNT)) {
    throw new CtmmError(
      "LEVEL_INVALID",
      `the target level must be a whole number from 0 to ${LEVEL_COUNT}, got ${String(target)}`,
    );
  }
}

function searchPath(
  vectors: readonly ItemVector[],
  weights: readonly number[],
  target: Level,
  threshold: number,
): PathSearch {
  assertThreshold(threshold);
  assertTarget(target);
  // Working copies: raising an item rewrites its ratings, never the caller's.
  const current = vectors.map((v) => (v.applicable ? [...v.ratings] : null));
  const scores = (): number[] | null =>
    computeLevelScores(
      current.map((r): ItemVector =>
        r ? { applicable: true, ratings: r, missing: [] } : { applicable: false },
      ),
      weights,
    );
  const raised: number[] = [];
  const totalWeight = current.reduce((sum, r, i) => (r ? sum + weights[i]! : sum), 0);
  // Gains change only when a short level is reached, so rank once per such phase (at most five)
  // instead of once per pick: the same order as re-ranking after every pick, in O(n log n).
  for (let s = scores(); ; s = scores()) {
    if (s === null) return { status: "noApplicableItem" };
    if (levelFromScores(s, threshold) >= target) return { status: "path", indices: raised };
    const short = Array.from({ length: target }, (_, l) => l).filter((l) => s[l]! < threshold);
    const ranked = current
      .map((r, i) => ({
        i,
        gain: r ? weights[i]! * short.reduce((g, l) => g + 1 - r[l]!, 0) : 0,
      }))
      .filter((candidate) => candidate.gain > 0)
      .sort((x, y) => y.gain - x.gain || x.i - y.i);
    if (ranked.length === 0) return { status: "unreachable" };
    const numerators = short.map((l) =>
      current.reduce((sum, r, i) => (r ? sum + weights[i]! * r[l]! : sum), 0),
    );
    for (const { i } of ranked) {
      const row = current[i]!;
      short.forEach((l, k) => (numerators[k]! += weights[i]! * (1 - row[l]!)));
      for (let l = 0; l < target; l++) row[l] = 1;
      raised.push(i);
      const reached = numerators.some(
        (numerator) => roundLevelScore(numerator / totalWeight) >= threshold,
      );
      if (reached) break;
    }
  }
}
