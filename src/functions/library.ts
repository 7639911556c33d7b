import type { ItemVector, Language, LevelResult, ModelPack } from "../model";
import {
  computeLevelScores,
  describePack,
  levelFromScores,
  levelLabel,
  listItems,
  normalizeLabel,
  scoreFromLevel,
} from "../model";
import {
  isErrorValue,
  isOmitted,
  readLanguage,
  readLevel,
  readMatrix,
  readRatings,
  readThreshold,
  readWeights,
} from "./args";
import { FunctionError, PassThroughError, valueError } from "./functionError";

/**
 * The CTMM.* functions as plain TypeScript over the engine (SPEC §5). They throw FunctionError or
 * PassThroughError; `functions.ts` turns those into Excel errors. The task pane may call them too.
 */
export interface FunctionContext {
  readonly pack: ModelPack;
  /** The language of results when a function's language argument is omitted. */
  readonly language: Language;
}

function aggregate(
  ctx: FunctionContext,
  ratings: unknown,
  weights: unknown,
  threshold: unknown,
): LevelResult {
  const { vectors } = readRatings(ratings, ctx.pack);
  const theta = readThreshold(threshold, ctx.pack);
  const levelScores = computeLevelScores(vectors, readWeights(weights, vectors.length));
  if (levelScores === null)
    throw new FunctionError("na", "no applicable item: every row is N/A (or weighs 0)");
  const level = levelFromScores(levelScores, theta);
  return { level, score: scoreFromLevel(level, levelScores, theta), levelScores };
}

/** CTMM.LEVEL: the level 0..5 of the aggregate of the rated items. */
export function levelOf(
  ctx: FunctionContext,
  ratings: unknown,
  weights?: unknown,
  threshold?: unknown,
): number {
  return aggregate(ctx, ratings, weights, threshold).level;
}

/** CTMM.SCORE: level + S_{level+1} / θ (5 at level 5). */
export function scoreOf(
  ctx: FunctionContext,
  ratings: unknown,
  weights?: unknown,
  threshold?: unknown,
): number {
  return aggregate(ctx, ratings, weights, threshold).score;
}

/** CTMM.LEVELSCORES: S_1..S_5 as one row. */
export function levelScoresOf(
  ctx: FunctionContext,
  ratings: unknown,
  weights?: unknown,
): number[][] {
  return [[...aggregate(ctx, ratings, weights, undefined).levelScores]];
}

/** CTMM.LABEL: the name of a level in a language. */
export function labelOf(ctx: FunctionContext, level: unknown, language?: unknown): string {
  return levelLabel(ctx.pack, readLevel(level, "level"), readLanguage(language, ctx.language));
}

/** CTMM.TRAIT: a domain's characteristic at a level (table 2.3); domain by id or name. */
export function traitOf(
  ctx: FunctionContext,
  domain: unknown,
  level: unknown,
  language?: unknown,
): string {
  const found = findDomain(ctx.pack, domain);
  return found.traits[readLevel(level, "level", 1) - 1]![readLanguage(language, ctx.language)];
}

/** CTMM.ITEMS: the model's items as id, name rows, optionally of one domain. */
export function itemsOf(ctx: FunctionContext, domain?: unknown, language?: unknown): string[][] {
  const lang = readLanguage(language, ctx.language);
  const only = isOmitted(domain) || domain === "" ? null : findDomain(ctx.pack, domain);
  return listItems(ctx.pack)
    .filter((p) => only === null || p.domain === only)
    .map((p) => [p.item.id, p.item.name[lang]]);
}

/** CTMM.VERSION: the active pack's id and version. */
export function versionOf(ctx: FunctionContext): string {
  return describePack(ctx.pack);
}

/**
 * CTMM.GAP: the items to raise so that the aggregate reaches `target`, fewest first by a greedy
 * rule. Raising an item means rating it fully met at levels 1..target (in quick mode: level
 * target). At each step the item with the largest weighted gain on the levels still short —
 * e_i × Σ (1 − r_il) over those levels l ≤ target with S_l < θ — is raised, ties to the earlier
 * row, until every S_l ≥ θ. Greedy is not always the true minimum, but it is quick, explainable
 * and exact on equal weights with one short level. Returns one column: the names (or 1-based row
 * numbers) in the order to raise them; a single empty cell when the target is already reached.
 */
export function gapOf(
  ctx: FunctionContext,
  ratings: unknown,
  target: unknown,
  weights?: unknown,
  names?: unknown,
): (string | number)[][] {
  const { vectors } = readRatings(ratings, ctx.pack);
  const goal = readLevel(target, "target");
  const weightList = readWeights(weights, vectors.length);
  const labels = readNames(names, vectors.length);
  const theta = ctx.pack.threshold;
  const current = vectors.map((v) => (v.applicable ? [...v.ratings] : null));
  const scores = (): number[] => {
    const s = computeLevelScores(
      current.map((r): ItemVector =>
        r ? { applicable: true, ratings: r, missing: [] } : { applicable: false },
      ),
      weightList,
    );
    if (s === null)
      throw new FunctionError("na", "no applicable item: every row is N/A (or weighs 0)");
    return s;
  };
  const raised: (string | number)[][] = [];
  for (let s = scores(); levelFromScores(s, theta) < goal; s = scores()) {
    let best = -1;
    let bestGain = 0;
    current.forEach((r, i) => {
      if (!r) return;
      let shortfall = 0;
      for (let l = 0; l < goal; l++) if (s[l]! < theta) shortfall += 1 - r[l]!;
      const gain = weightList[i]! * shortfall;
      if (gain > bestGain) {
        best = i;
        bestGain = gain;
      }
    });
    // Nothing left to raise (all short levels already fully met by weighted items): unreachable.
    if (best < 0)
      throw new FunctionError("na", `level ${goal} cannot be reached by raising these items`);
    for (let l = 0; l < goal; l++) current[best]![l] = 1;
    raised.push([labels ? labels[best]! : best + 1]);
  }
  return raised.length > 0 ? raised : [[""]];
}

function readNames(value: unknown, rows: number): string[] | null {
  if (isOmitted(value)) return null;
  const matrix = readMatrix(value, "names");
  const flat =
    matrix[0]!.length === 1
      ? matrix.map((r) => r[0])
      : matrix.length === 1
        ? [...matrix[0]!]
        : null;
  if (flat === null || flat.length !== rows) {
    throw valueError(`names must be one column with one entry per ratings row (${rows})`);
  }
  return flat.map((name) => {
    if (isErrorValue(name)) throw new PassThroughError(name);
    return name === null || name === undefined ? "" : String(name);
  });
}

function findDomain(pack: ModelPack, domain: unknown) {
  if (isErrorValue(domain)) throw new PassThroughError(domain);
  const key =
    typeof domain === "number"
      ? String(domain)
      : typeof domain === "string"
        ? normalizeLabel(domain)
        : "";
  const found = pack.domains.find(
    (d) =>
      d.id === key ||
      normalizeLabel(d.name["zh-CN"]) === key ||
      normalizeLabel(d.name["en-US"]) === key,
  );
  if (!found) {
    throw valueError(
      `domain ${JSON.stringify(domain ?? "")} is not in the model (use an id ${pack.domains[0]!.id}-${pack.domains.at(-1)!.id} or a domain name)`,
    );
  }
  return found;
}
