import type { Language, AssessmentMode } from "../../src/model";
import { BUILTIN_PACK } from "../../src/model";
import { fillPlan } from "../../src/sheet/fillPlan";
import type { WorkbookPlan } from "../../src/sheet/plan";
import type { AssessmentSheet } from "../../src/sheet/contract";

/** A seeded PRNG (mulberry32), so every random fill replays. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

/**
 * Random ratings for one item row, as an assessor (or a pasted file) would leave them: numbers,
 * labels of the sheet's language and sometimes the other one, blanks, N/A rows and mixed rows.
 */
export function randomRow(
  random: () => number,
  mode: AssessmentMode,
  language: Language,
  target = 2,
): unknown[] {
  const other: Language = language === "zh-CN" ? "en-US" : "zh-CN";
  const na = pick(random, language === "zh-CN" ? ["不适用", "N/A"] : ["N/A", "n/a"]);
  const kind = random();
  if (mode === "quick") {
    if (kind < 0.1) return [null];
    if (kind < 0.2) return [na];
    if (kind < 0.35) {
      const level = Math.floor(random() * 6);
      const names = [BUILTIN_PACK.belowLevel1, ...BUILTIN_PACK.levels.map((l) => l.name)];
      return [names[level]![random() < 0.8 ? language : other]];
    }
    return [Math.max(0, Math.min(5, target + Math.floor(random() * 3) - 1))];
  }
  const scale = BUILTIN_PACK.ratingScale;
  const label = (lang: Language) => pick(random, scale).label[lang];
  const number = () => pick(random, scale).value;
  if (kind < 0.08) return [null, null, null, null, null];
  if (kind < 0.16) return [na, null, null, null, null];
  if (kind < 0.22) return Array.from({ length: 5 }, (_, i) => (i === 2 ? na : number()));
  if (kind < 0.6) {
    // As a careful assessor rates a city around the target level: high up to it, lower above.
    const values = Array.from({ length: 5 }, (_, level) =>
      level < target ? pick(random, [1, 1, 0.8, 0.8, 0.5]) : pick(random, [0.8, 0.5, 0, 0]),
    );
    return values.map((v) =>
      random() < 0.5 ? scale.find((o) => o.value === v)!.label[language] : v,
    );
  }
  if (kind < 0.75)
    return Array.from({ length: 5 }, () => label(random() < 0.85 ? language : other));
  if (kind < 0.88) return Array.from({ length: 5 }, number);
  return Array.from({ length: 5 }, () => {
    const r = random();
    return r < 0.2 ? null : r < 0.6 ? number() : label(language);
  });
}

/** A copy of the workbook plan with the given ratings (and evidence) in one sheet's inputs. */
export function fillSheet(
  plan: WorkbookPlan,
  sheet: AssessmentSheet,
  rows: ReadonlyMap<string, readonly unknown[]>,
  evidence: ReadonlyMap<string, string> = new Map(),
): WorkbookPlan {
  return fillPlan(plan, sheet, { ratings: rows, evidence });
}
