import type { AssessmentMode, Language, ModelPack } from "./types";
import { LANGUAGES, LEVEL_COUNT } from "./types";

/** One rating cell, understood. `value` is a scale value (full mode) or a level 0..5 (quick). */
export type RatingCell =
  | { readonly kind: "rated"; readonly value: number }
  | { readonly kind: "blank" }
  | { readonly kind: "na" }
  | { readonly kind: "invalid"; readonly text: string };

/** The not-applicable marks of SPEC §3.2, in every language. */
export const NOT_APPLICABLE: Readonly<Record<Language, readonly string[]>> = {
  "en-US": ["N/A"],
  "zh-CN": ["不适用", "N/A"],
};

const BLANK: RatingCell = { kind: "blank" };
const NA: RatingCell = { kind: "na" };
// Scale values are compared with a tolerance so that 0.8 typed as 0.80000000001 still counts.
const VALUE_TOLERANCE = 1e-9;

/**
 * Normalises label text so that the forms people actually type match: surrounding and repeated
 * spaces, letter case, and full-width versus half-width characters (（ ） vs ( )).
 */
export function normalizeLabel(text: string): string {
  return text.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * A parser for one pack and mode. Labels of both languages are accepted, as custom functions
 * must; a workbook validator can still flag a label of the other language.
 */
export interface RatingParser {
  readonly mode: AssessmentMode;
  parse(raw: unknown): RatingCell;
}

export function createRatingParser(pack: ModelPack, mode: AssessmentMode): RatingParser {
  // Packs are immutable once loaded: one parser per pack and mode serves every sheet.
  const cached = parsers.get(pack)?.[mode];
  if (cached) return cached;
  const parser = buildRatingParser(pack, mode);
  parsers.set(pack, { ...parsers.get(pack), [mode]: parser });
  return parser;
}

const parsers = new WeakMap<ModelPack, Partial<Record<AssessmentMode, RatingParser>>>();

function buildRatingParser(pack: ModelPack, mode: AssessmentMode): RatingParser {
  const labels = new Map<string, number>();
  const addLabels = (texts: Readonly<Record<Language, string>>, value: number): void => {
    for (const language of LANGUAGES) labels.set(normalizeLabel(texts[language]), value);
  };
  if (mode === "full") {
    for (const option of pack.ratingScale) addLabels(option.label, option.value);
  } else {
    addLabels(pack.belowLevel1, 0);
    for (const level of pack.levels) addLabels(level.name, level.level);
  }
  const notApplicable = new Set(Object.values(NOT_APPLICABLE).flat().map(normalizeLabel));
  const scaleValues = pack.ratingScale.map((option) => option.value);
  const exactLabels = new Map<string, RatingCell>();
  const addExact = (texts: Readonly<Record<Language, string>>, value: number): void => {
    for (const language of LANGUAGES) exactLabels.set(texts[language], { kind: "rated", value });
  };
  if (mode === "full") for (const option of pack.ratingScale) addExact(option.label, option.value);
  else {
    addExact(pack.belowLevel1, 0);
    for (const level of pack.levels) addExact(level.name, level.level);
  }
  for (const mark of Object.values(NOT_APPLICABLE).flat()) exactLabels.set(mark, NA);

  const fromNumber = (value: number, text: string): RatingCell => {
    if (mode === "quick") {
      return Number.isInteger(value) && value >= 0 && value <= LEVEL_COUNT
        ? { kind: "rated", value }
        : { kind: "invalid", text };
    }
    const match = scaleValues.find((v) => Math.abs(v - value) <= VALUE_TOLERANCE);
    return match === undefined ? { kind: "invalid", text } : { kind: "rated", value: match };
  };

  return {
    mode,
    parse(raw) {
      if (raw === null || raw === undefined) return BLANK;
      if (typeof raw === "number") return fromNumber(raw, String(raw));
      if (typeof raw !== "string") return { kind: "invalid", text: String(raw) };
      // Most cells hold a label exactly as the drop-down wrote it: skip normalising those.
      const exact = exactLabels.get(raw);
      if (exact !== undefined) return exact;
      const key = normalizeLabel(raw);
      if (key === "") return BLANK;
      if (notApplicable.has(key)) return NA;
      const labelled = labels.get(key);
      if (labelled !== undefined) return { kind: "rated", value: labelled };
      // Numbers typed as text (CSV imports, cells formatted as text) still count.
      if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(key)) return fromNumber(Number(key), raw);
      return { kind: "invalid", text: raw };
    },
  };
}
