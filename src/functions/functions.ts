/* eslint-disable @typescript-eslint/no-explicit-any -- Excel passes cell values of any type; the
   metadata generator reads `any` from these signatures, and args.ts checks every value. */
/**
 * Excel custom functions in the CTMM namespace (SPEC §5): each a one-line wrapper over the library
 * (library.ts), with argument checks in args.ts and Excel errors made in excelError.ts only.
 *
 * The JSDoc is the help Excel shows in formula autocomplete: it is written for analysts.
 * custom-functions-metadata-plugin turns it into functions.json (and a build step into
 * functions-zh-CN.json) and appends the `CustomFunctions.associate(...)` calls to the bundle
 * (guarded outside Excel by scripts/guard-associate-loader.cjs), so importing this module
 * registers nothing.
 */
import type { Language } from "../model";
import { activePack } from "./activePack";
import { run } from "./excelError";
import type { FunctionContext } from "./library";
import {
  gapOf,
  itemsOf,
  labelOf,
  levelOf,
  levelScoresOf,
  scoreOf,
  traitOf,
  versionOf,
} from "./library";

/** Results speak the language of Office's display when a function's language is omitted. */
function displayLanguage(): Language {
  const tag =
    typeof Office !== "undefined" &&
    Office.context &&
    typeof Office.context.displayLanguage === "string"
      ? Office.context.displayLanguage
      : "";
  return /^zh/i.test(tag) ? "zh-CN" : "en-US";
}

// One context for every call: the language is read only by the functions that need it.
const CONTEXT: FunctionContext = {
  get pack() {
    return activePack.get();
  },
  get language() {
    return displayLanguage();
  },
};
const context = (): FunctionContext => CONTEXT;

/**
 * Returns the maturity level (0-5) of a group of CTMM items: the highest level L whose level scores S1..SL all reach the threshold (0.8). 0 means below level 1.
 * @customfunction LEVEL
 * @param ratings The items' ratings: one row per item, either 5 columns (full mode: a rating per level, 1 / 0.8 / 0.5 / 0 or 全部满足 / Fully met etc.) or 1 column (quick mode: the level reached, 0-5). Blank counts as 0; N/A or 不适用 leaves the item out. A number stored as text ("3") or a label with special spaces gives #VALUE! naming the cell, since the sheet would count it as 0.
 * @param [weights] One weight per item: a column (or row) of numbers ≥ 0. Default: equal weights.
 * @param [threshold] The level score needed to reach a level, greater than 0 and at most 1. Default: the model's threshold (0.8).
 * @returns The level, 0 to 5.
 */
export function level(ratings: any[][], weights?: number[][], threshold?: number): number {
  return run(() => levelOf(context(), ratings, weights, threshold));
}

/**
 * Returns the maturity score of a group of CTMM items: the level plus the progress toward the next level (level + S(next) / threshold), e.g. 2.96 = level 2, 96% of the way to level 3; 5 at level 5.
 * @customfunction SCORE
 * @param ratings The items' ratings: one row per item, 5 columns (full mode) or 1 column (quick mode), as for CTMM.LEVEL.
 * @param [weights] One weight per item: a column (or row) of numbers ≥ 0. Default: equal weights.
 * @param [threshold] The level score needed to reach a level, greater than 0 and at most 1. Default: the model's threshold (0.8).
 * @returns The score, from 0 to 5.
 */
export function score(ratings: any[][], weights?: number[][], threshold?: number): number {
  return run(() => scoreOf(context(), ratings, weights, threshold));
}

/**
 * Returns the five level scores S1..S5 of a group of CTMM items as one row: the weighted share of each level's characteristics that the items meet, rounded to 6 decimals.
 * @customfunction LEVELSCORES
 * @param ratings The items' ratings: one row per item, 5 columns (full mode) or 1 column (quick mode), as for CTMM.LEVEL.
 * @param [weights] One weight per item: a column (or row) of numbers ≥ 0. Default: equal weights.
 * @returns One row of five numbers between 0 and 1.
 */
export function levelScores(ratings: any[][], weights?: number[][]): number[][] {
  return run(() => levelScoresOf(context(), ratings, weights));
}

/**
 * Returns the name of a maturity level, e.g. 三级（协同级） or Level 3 (Collaborative); level 0 is 未达一级 / Below Level 1.
 * @customfunction LABEL
 * @param level The level, a whole number from 0 to 5.
 * @param [language] "zh-CN" or "en-US". Default: the language of Excel.
 * @returns The level's name.
 */
export function label(level: any, language?: string): string {
  return run(() => labelOf(context(), level, language));
}

/**
 * Returns a capability domain's characteristic at a maturity level (table 2 of the standard's explanatory note), e.g. for domain 2 at level 3: Intensive deployment, co-built and shared.
 * @customfunction TRAIT
 * @param domain The domain's id (1-6) or name, in Chinese or English.
 * @param level The level, a whole number from 1 to 5.
 * @param [language] "zh-CN" or "en-US". Default: the language of Excel.
 * @returns The characteristic.
 */
export function trait(domain: any, level: any, language?: string): string {
  return run(() => traitOf(context(), domain, level, language));
}

/**
 * Lists as few items as possible to raise so that a group of items reaches a target level, biggest gain first: at each step the item with the largest weighted gain on the levels still below the model's threshold, raised to fully met (quick mode: to the target level). A single blank cell when the target is already reached.
 * @customfunction GAP
 * @param ratings The items' ratings: one row per item, 5 columns (full mode) or 1 column (quick mode), as for CTMM.LEVEL.
 * @param target The level to reach, a whole number from 0 to 5.
 * @param [weights] One weight per item: a column (or row) of numbers ≥ 0. Default: equal weights.
 * @param [names] One name or id per item, shown in the result. Default: the row numbers within ratings.
 * @returns One column: the items to raise, in order.
 */
export function gap(ratings: any[][], target: any, weights?: number[][], names?: any[][]): any[][] {
  return run(() => gapOf(context(), ratings, target, weights, names));
}

/**
 * Lists the model's capability items as two columns, id and name, optionally of one domain.
 * @customfunction ITEMS
 * @param [domain] A domain's id (1-6) or name, in Chinese or English. Default: every domain.
 * @param [language] "zh-CN" or "en-US". Default: the language of Excel.
 * @returns Rows of item id and name.
 */
export function items(domain?: any, language?: string): string[][] {
  return run(() => itemsOf(context(), domain, language));
}

/**
 * Returns the id and version of the CTMM model pack that levels and scores are computed with: put it next to your results so that readers know which edition of the model they come from.
 * @customfunction VERSION
 * @returns The model pack's id and version, separated by a space.
 */
export function version(): string {
  return run(() => versionOf(context()));
}
