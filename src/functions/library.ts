import type { Language, Level, ModelPack } from "../model";
import {
  describePack,
  findImprovementPath,
  LEVEL_COUNT,
  levelLabel,
  listItems,
  normalizeLabel,
  scoreFromNextLevelScore,
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
import type { LevelScoreSource } from "./aggregate";
import { levelScoresOfRange } from "./aggregate";
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

function levelScores(ctx: FunctionContext, ratings: unknown, weights: unknown): LevelScoreSource {
  const scores = levelScoresOfRange(ctx.pack, ratings, weights);
  if (scores === null) {
    throw new FunctionError("na", "no applicable item: every row is N/A (or weighs 0)");
  }
  return scores;
}

/** The largest L with S_1..S_L ≥ θ, reading only the level scores it needs. */
function leadingLevel(scores: LevelScoreSource, theta: number): Level {
  let level = 0;
  while (level < LEVEL_COUNT && scores.at(level) >= theta) level++;
  return level as Level;
}

/** CTMM.LEVEL: the level 0..5 of the aggregate of the rated items. */
export function levelOf(
  ctx: FunctionContext,
  ratings: unknown,
  weights?: unknown,
  threshold?: unknown,
): number {
  const theta = readThreshold(threshold, ctx.pack);
  return leadingLevel(levelScores(ctx, ratings, weights), theta);
}

/** CTMM.SCORE: level + S_{level+1} / θ (5 at level 5). */
export function scoreOf(
  ctx: FunctionContext,
  ratings: unknown,
  weights?: unknown,
  threshold?: unknown,
): number {
  const theta = readThreshold(threshold, ctx.pack);
  const scores = levelScores(ctx, ratings, weights);
  const level = leadingLevel(scores, theta);
  return scoreFromNextLevelScore(level, level < LEVEL_COUNT ? scores.at(level) : 0, theta);
}

/** CTMM.LEVELSCORES: S_1..S_5 as one row. */
export function levelScoresOf(
  ctx: FunctionContext,
  ratings: unknown,
  weights?: unknown,
): number[][] {
  const scores = levelScores(ctx, ratings, weights);
  return [Array.from({ length: LEVEL_COUNT }, (_, l) => scores.at(l))];
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
 * CTMM.GAP: the items to raise so that the aggregate reaches `target`, by the greedy rule of
 * `findImprovementPath` (README, "CTMM.GAP"). Returns one column: the names (or 1-based row
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
  const path = findImprovementPath(vectors, weightList, goal, ctx.pack.threshold);
  return path.length > 0 ? path.map((i) => [labels ? labels[i]! : i + 1]) : [[""]];
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
