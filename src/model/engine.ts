import { CtmmError } from "./errors";
import { describeInvalidRating } from "./ratingMessages";
import type { RatingCell } from "./ratings";
import { createRatingParser } from "./ratings";
import { roundLevelScore } from "./round";
import type {
  AssessmentMode,
  DomainDefinition,
  ItemDefinition,
  Level,
  Localized,
  ModelPack,
  NodeId,
  SubdomainDefinition,
} from "./types";
import { LEVEL_COUNT } from "./types";

/**
 * One item's ratings reduced to what scoring needs: the rating r_l at each level 1..5 (index 0 is
 * level 1), and which of them were blank. Not-applicable items carry nothing.
 */
export type ItemVector =
  | {
      readonly applicable: true;
      readonly ratings: readonly number[];
      /** 0-based columns of the blank cells that were counted as 0. */
      readonly missing: readonly number[];
    }
  | { readonly applicable: false };

/** Level, score and level scores of an aggregate (or of a single item). */
export interface LevelResult {
  readonly level: Level;
  /** Level + S_{level+1} / θ, or 5 (SPEC §3.7). */
  readonly score: number;
  /** S_1..S_5, each rounded to 6 decimals. */
  readonly levelScores: readonly number[];
}

const NOT_APPLICABLE: ItemVector = { applicable: false };

/** The rating vector of quick-mode level k: 1 at levels 1..k, 0 above (SPEC §3.3). */
export function quickLevelRatings(k: number): number[] {
  return Array.from({ length: LEVEL_COUNT }, (_, index) => (index < k ? 1 : 0));
}

/**
 * Turns one row of parsed cells into an item vector: 5 cells in full mode, 1 in quick mode. N/A
 * anywhere excludes the item; a blank counts as 0 and is reported as missing.
 *
 * @throws CtmmError RATING_INVALID naming the 0-based column of the first bad cell.
 */
export function toItemVector(cells: readonly RatingCell[], mode: AssessmentMode): ItemVector {
  const width = mode === "full" ? LEVEL_COUNT : 1;
  if (cells.length !== width) {
    throw new CtmmError(
      "SHAPE_MISMATCH",
      `a ${mode}-mode row needs ${width} rating cell${width > 1 ? "s" : ""}, got ${cells.length}`,
    );
  }
  const missing: number[] = [];
  let notApplicable = false;
  for (let column = 0; column < cells.length; column++) {
    const cell = cells[column]!;
    if (cell.kind === "invalid") {
      throw new CtmmError("RATING_INVALID", describeInvalidRating(cell, mode)["en-US"], {
        column,
      });
    }
    if (cell.kind === "na") notApplicable = true;
    else if (cell.kind === "blank") missing.push(column);
  }
  if (notApplicable) return NOT_APPLICABLE;
  if (mode === "quick") {
    const cell = cells[0]!;
    return {
      applicable: true,
      ratings: quickLevelRatings(cell.kind === "rated" ? cell.value : 0),
      missing,
    };
  }
  return {
    applicable: true,
    ratings: cells.map((cell) => (cell.kind === "rated" ? cell.value : 0)),
    missing,
  };
}

/** Checks a threshold θ ∈ (0, 1]. */
export function assertThreshold(threshold: number): void {
  if (!(typeof threshold === "number" && threshold > 0 && threshold <= 1)) {
    throw new CtmmError(
      "THRESHOLD_INVALID",
      `the threshold must be a number greater than 0 and at most 1, got ${String(threshold)}`,
    );
  }
}

/**
 * S_l = Σ e_i·r_il / Σ e_i over the applicable items, rounded like Excel's ROUND to 6 places
 * (SPEC §3.5); null when no item applies or the applicable weights sum to 0. Sums are compensated
 * (Neumaier) so that the order of the items cannot tip a rounding.
 */
export function computeLevelScores(
  vectors: readonly ItemVector[],
  weights: readonly number[],
): number[] | null {
  if (weights.length !== vectors.length) {
    throw new CtmmError(
      "SHAPE_MISMATCH",
      `there are ${vectors.length} rating rows but ${weights.length} weights`,
    );
  }
  const totals = new CompensatedSums(LEVEL_COUNT + 1);
  for (let row = 0; row < vectors.length; row++) {
    const weight = weights[row]!;
    if (!(Number.isFinite(weight) && weight >= 0)) {
      throw new CtmmError("WEIGHTS_INVALID", `weight ${String(weight)} is not a number ≥ 0`, {
        row,
      });
    }
    const vector = vectors[row]!;
    if (!vector.applicable) continue;
    totals.add(LEVEL_COUNT, weight);
    for (let level = 0; level < LEVEL_COUNT; level++) {
      totals.add(level, weight * vector.ratings[level]!);
    }
  }
  const weightSum = totals.get(LEVEL_COUNT);
  if (!(weightSum > 0)) return null;
  return Array.from({ length: LEVEL_COUNT }, (_, level) =>
    roundLevelScore(totals.get(level) / weightSum),
  );
}

/** The largest L with S_l ≥ θ for every l ≤ L; 0 when S_1 < θ (SPEC §3.6). */
export function levelFromScores(levelScores: readonly number[], threshold: number): Level {
  let level = 0;
  while (level < LEVEL_COUNT && levelScores[level]! >= threshold) level++;
  return level as Level;
}

/** Level + S_{Level+1} / θ below level 5, else 5 (SPEC §3.7). */
export function scoreFromLevel(
  level: Level,
  levelScores: readonly number[],
  threshold: number,
): number {
  return scoreFromNextLevelScore(level, levelScores[level] ?? 0, threshold);
}

/** The score from the level and the level score of the level above it (ignored at level 5). */
export function scoreFromNextLevelScore(
  level: Level,
  nextLevelScore: number,
  threshold: number,
): number {
  if (level === LEVEL_COUNT) return LEVEL_COUNT;
  // S_{level+1} < θ, so the fraction is below 1; but level + 0.9999999999999998 can round up to
  // level + 1 in binary floating point. Stay below it so that floor(score) is always the level.
  const below = level + 1 - (level + 1) * Number.EPSILON;
  return Math.min(level + nextLevelScore / threshold, below);
}

/**
 * Scores an aggregate of rows with their effective weights: null when no item applies.
 *
 * @example
 * // SPEC §3 worked example: level 2, score 2.95833375
 * scoreRows([a, b, c], [1, 1, 1], 0.8);
 */
export function scoreRows(
  vectors: readonly ItemVector[],
  weights: readonly number[],
  threshold: number,
): LevelResult | null {
  assertThreshold(threshold);
  const levelScores = computeLevelScores(vectors, weights);
  if (levelScores === null) return null;
  const level = levelFromScores(levelScores, threshold);
  return { level, score: scoreFromLevel(level, levelScores, threshold), levelScores };
}

/**
 * Effective weight of every item, e_i = w_domain × w_subdomain × w_item with each factor
 * normalised among its siblings (SPEC §3.4), in model order.
 */
export function computeEffectiveWeights(pack: ModelPack): Map<NodeId, number> {
  const weights = new Map<NodeId, number>();
  const domainTotal = sumWeights(pack.domains);
  for (const domain of pack.domains) {
    const subdomainTotal = sumWeights(domain.subdomains);
    for (const subdomain of domain.subdomains) {
      const itemTotal = sumWeights(subdomain.items);
      for (const item of subdomain.items) {
        weights.set(
          item.id,
          (domain.weight / domainTotal) *
            (subdomain.weight / subdomainTotal) *
            (item.weight / itemTotal),
        );
      }
    }
  }
  return weights;
}

function sumWeights(nodes: readonly { readonly weight: number }[]): number {
  return nodes.reduce((total, node) => total + node.weight, 0);
}

/** An item with the nodes above it, in model order. */
export interface ItemPlacement {
  readonly item: ItemDefinition;
  readonly subdomain: SubdomainDefinition;
  readonly domain: DomainDefinition;
}

export function listItems(pack: ModelPack): ItemPlacement[] {
  return pack.domains.flatMap((domain) =>
    domain.subdomains.flatMap((subdomain) =>
      subdomain.items.map((item) => ({ item, subdomain, domain })),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Whole assessments

export interface AssessmentInput {
  readonly mode: AssessmentMode;
  /**
   * Raw rating cells per item id, as read from a sheet: 5 per item in full mode, 1 in quick mode.
   * Numbers, labels of either language, blanks and N/A are understood; an item absent from the map
   * counts as blank.
   */
  readonly ratings: ReadonlyMap<string, readonly unknown[]>;
}

export interface AssessOptions {
  /** Overrides the pack's threshold θ. */
  readonly threshold?: number;
}

/** What stops an aggregate at its level: the next level and how far its level score falls short. */
export interface LevelBlocker {
  readonly level: Exclude<Level, 0>;
  readonly levelScore: number;
  readonly threshold: number;
}

export interface AggregateResult {
  readonly id: NodeId | "overall";
  readonly name: Localized;
  /** Applicable items in the aggregate. */
  readonly applicableItems: number;
  /** null when no item applies (shown as N/A). */
  readonly result: LevelResult | null;
  /** null at level 5 or when no item applies. */
  readonly blocker: LevelBlocker | null;
}

export interface ItemResult {
  readonly id: NodeId;
  readonly name: Localized;
  readonly domainId: NodeId;
  readonly subdomainId: NodeId;
  readonly effectiveWeight: number;
  readonly applicable: boolean;
  /** The item's own level (SPEC §3.8); null when not applicable. */
  readonly result: LevelResult | null;
  /** 0-based columns of blank rating cells (counted as 0). */
  readonly missing: readonly number[];
}

export interface Assessment {
  readonly model: { readonly id: string; readonly version: string };
  readonly mode: AssessmentMode;
  readonly threshold: number;
  readonly overall: AggregateResult;
  readonly domains: readonly AggregateResult[];
  readonly subdomains: readonly AggregateResult[];
  readonly items: readonly ItemResult[];
}

/**
 * Scores a whole assessment against a pack: every item, sub-domain, domain and the overall.
 *
 * @throws CtmmError UNKNOWN_NODE for a rating of an item the pack does not have, RATING_INVALID
 *   (with the item id and 0-based column) for a cell that is not on the scale, SHAPE_MISMATCH for
 *   a row of the wrong width, THRESHOLD_INVALID for θ outside (0, 1].
 */
export function assess(
  pack: ModelPack,
  input: AssessmentInput,
  options: AssessOptions = {},
): Assessment {
  const threshold = options.threshold ?? pack.threshold;
  assertThreshold(threshold);
  const rows = readItemRows(pack, input);
  const aggregate = (
    id: NodeId | "overall",
    name: Localized,
    members: readonly (typeof rows)[number][],
  ): AggregateResult => {
    const result = scoreRows(
      members.map((m) => m.vector),
      members.map((m) => m.weight),
      threshold,
    );
    return {
      id,
      name,
      applicableItems: members.filter((m) => m.vector.applicable).length,
      result,
      blocker: findBlocker(result, threshold),
    };
  };

  return {
    model: { id: pack.id, version: pack.version },
    mode: input.mode,
    threshold,
    overall: aggregate("overall", OVERALL_NAME, rows),
    domains: pack.domains.map((domain) =>
      aggregate(
        domain.id,
        domain.name,
        rows.filter((row) => row.domain === domain),
      ),
    ),
    subdomains: pack.domains.flatMap((domain) =>
      domain.subdomains.map((subdomain) =>
        aggregate(
          subdomain.id,
          subdomain.name,
          rows.filter((row) => row.subdomain === subdomain),
        ),
      ),
    ),
    items: rows.map(({ item, subdomain, domain, vector, weight }) => ({
      id: item.id,
      name: item.name,
      domainId: domain.id,
      subdomainId: subdomain.id,
      effectiveWeight: weight,
      applicable: vector.applicable,
      // The single-item rule: weights cancel, so any positive weight gives the item's own level.
      result: scoreRows([vector], [1], threshold),
      missing: vector.applicable ? vector.missing : [],
    })),
  };
}

/** One item of a pack with its parsed ratings and effective weight. */
export interface ItemRow extends ItemPlacement {
  readonly vector: ItemVector;
  readonly weight: number;
}

/**
 * Every item of the pack, in model order, with its ratings parsed from the input and its
 * effective weight: what `assess` and the improvement path score. An item absent from the input
 * counts as blank.
 *
 * @throws CtmmError UNKNOWN_NODE, RATING_INVALID or SHAPE_MISMATCH, as `assess` does.
 */
export function readItemRows(pack: ModelPack, input: AssessmentInput): ItemRow[] {
  const placements = listItems(pack);
  const known = new Set<string>(placements.map((p) => p.item.id));
  for (const id of input.ratings.keys()) {
    if (!known.has(id)) {
      throw new CtmmError("UNKNOWN_NODE", `the model has no item "${id}"`, { nodeId: id });
    }
  }

  const parser = createRatingParser(pack, input.mode);
  const width = input.mode === "full" ? LEVEL_COUNT : 1;
  const blankRow: readonly unknown[] = Array.from({ length: width }, () => null);
  const weights = computeEffectiveWeights(pack);

  return placements.map(({ item, subdomain, domain }) => {
    const raw = input.ratings.get(item.id) ?? blankRow;
    let vector: ItemVector;
    try {
      vector = toItemVector(raw.map(parser.parse), input.mode);
    } catch (error) {
      throw error instanceof CtmmError
        ? new CtmmError(error.code, `item ${item.id}: ${error.message}`, {
            ...error.location,
            nodeId: item.id,
          })
        : error;
    }
    return { item, subdomain, domain, vector, weight: weights.get(item.id)! };
  });
}

export const OVERALL_NAME: Localized = { "zh-CN": "总体", "en-US": "Overall" };

function findBlocker(result: LevelResult | null, threshold: number): LevelBlocker | null {
  if (result === null || result.level === LEVEL_COUNT) return null;
  return {
    level: (result.level + 1) as LevelBlocker["level"],
    levelScore: result.levelScores[result.level]!,
    threshold,
  };
}

/** Neumaier-compensated running sums, one per slot. */
class CompensatedSums {
  private readonly sums: number[];
  private readonly compensations: number[];

  constructor(size: number) {
    this.sums = new Array<number>(size).fill(0);
    this.compensations = new Array<number>(size).fill(0);
  }

  add(slot: number, value: number): void {
    const sum = this.sums[slot]!;
    const next = sum + value;
    this.compensations[slot]! +=
      Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    this.sums[slot] = next;
  }

  get(slot: number): number {
    return this.sums[slot]! + this.compensations[slot]!;
  }
}
