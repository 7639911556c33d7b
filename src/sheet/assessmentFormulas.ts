import type { ModelPack, Language } from "../model";
import { LEVEL_COUNT, LEVEL_SCORE_DECIMALS, LEVEL_SCORE_NOISE_DECIMALS } from "../model";
import { formulaText } from "./a1";
import type { SheetText } from "./sheetText";

/** IF(S1<θ,0,IF(S2<θ,1,…,5)): the largest L with S_1..S_L ≥ θ (SPEC §3.6). */
export function levelChain(levelScore: (level: number) => string, theta: string): string {
  let formula = String(LEVEL_COUNT);
  for (let level = LEVEL_COUNT; level >= 1; level--) {
    formula = `IF(${levelScore(level)}<${theta},${level - 1},${formula})`;
  }
  return formula;
}

/**
 * A level score from its quotient, as `roundLevelScore` computes it: ROUND(ROUND(q,12),6), so
 * that a one-unit difference in the last place between spreadsheets' sums cannot tip a rounding.
 */
export function levelScoreFormula(quotient: string): string {
  return `ROUND(ROUND(${quotient},${LEVEL_SCORE_NOISE_DECIMALS}),${LEVEL_SCORE_DECIMALS})`;
}

/** Level + S_{Level+1}/θ below level 5, else 5 (SPEC §3.7). */
export function scoreFormula(levelCell: string, sRange: string, theta: string, na: string): string {
  return `IF(ISNUMBER(${levelCell}),IF(${levelCell}=${LEVEL_COUNT},${LEVEL_COUNT},${levelCell}+INDEX(${sRange},1,${levelCell}+1)/${theta}),"${na}")`;
}

/**
 * The add-in style's result formulas over a block of ratings and its weights. Only Excel 2007
 * functions wrap the custom functions: IFNA would need the `_xlfn.` prefix in the file, which
 * the plan (also applied through Office JS) cannot carry, so an empty aggregate's #N/A becomes
 * the N/A text through ISNA. Wrong entries still show the functions' #VALUE!.
 *
 * @example
 * addinResults("E18:I18", "{1}", "$H$2", "N/A").level;
 * // IF(ISNA(CTMM.LEVEL(E18:I18,{1},$H$2)),"N/A",CTMM.LEVEL(E18:I18,{1},$H$2))
 */
export function addinResults(ratings: string, weights: string, theta: string, na: string) {
  const level = `CTMM.LEVEL(${ratings},${weights},${theta})`;
  return {
    level: `IF(ISNA(${level}),"${na}",${level})`,
    /** The score beside a level cell: computed when the level is a number, else the level's text. */
    score: (levelCell: string) =>
      `IF(ISNUMBER(${levelCell}),CTMM.SCORE(${ratings},${weights},${theta}),${levelCell})`,
    levelScores: `CTMM.LEVELSCORES(${ratings},${weights})`,
  };
}

/** An aggregate's level cell, its S_1..S_5 (a range or an array), and what to show without one. */
export interface LevelSource {
  readonly levelCell: string;
  readonly levelScores: string;
  /** The result beside a level that is not a number: the N/A text, or the level cell itself. */
  readonly otherwise: string;
}

/** "L3: 0.76 / 0.80": the next level and its level score against the threshold. */
export function whyFormula(source: LevelSource, theta: string, text: SheetText): string {
  const { levelCell, levelScores, otherwise } = source;
  // Rounded down, so a blocked level never shows as reaching the threshold (0.799999 → 0.79).
  const shortfall = `FIXED(ROUNDDOWN(INDEX(${levelScores},1,${levelCell}+1),2),2)`;
  return `IF(ISNUMBER(${levelCell}),IF(${levelCell}=${LEVEL_COUNT},"${text.topLevel}","L"&(${levelCell}+1)&": "&${shortfall}&" / "&FIXED(${theta},2)),${otherwise})`;
}

/** The level's name in the sheet's language, from the pack that planned the sheet. */
export function labelFormula(pack: ModelPack, language: Language, source: LevelSource): string {
  const { levelCell, otherwise } = source;
  const labels = [pack.belowLevel1[language], ...pack.levels.map((l) => l.name[language])];
  return `IF(ISNUMBER(${levelCell}),CHOOSE(${levelCell}+1,${labels.map(formulaText).join(",")}),${otherwise})`;
}

/** The change from one level cell to another: blank unless both hold a level. */
export function changeFormula(to: string, from: string): string {
  return `IF(AND(ISNUMBER(${to}),ISNUMBER(${from})),${to}-${from},"")`;
}
