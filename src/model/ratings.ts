import type { AssessmentMode, Language, ModelPack } from "./types";
import { LANGUAGES, LEVEL_COUNT } from "./types";

/**
 * Why a cell that is not blank is not a rating (SPEC §3.1). `offScale`: a number not on the
 * scale; `numberAsText`: digits stored as text; `wideCharacters`: full-width digits or letters;
 * `spaces`: non-breaking, ideographic or other special spaces; `lineBreak`: a line break or tab;
 * `boolean`, `errorValue`: TRUE/FALSE or #N/A and the like; `unknown`: any other text.
 */
export type RatingProblem =
  | "offScale"
  | "numberAsText"
  | "wideCharacters"
  | "spaces"
  | "lineBreak"
  | "boolean"
  | "errorValue"
  | "unknown";

/** One rating cell, understood. `value` is a scale value (full mode) or a level 0..5 (quick). */
export type RatingCell =
  | { readonly kind: "rated"; readonly value: number }
  | { readonly kind: "blank" }
  | { readonly kind: "na" }
  | {
      readonly kind: "invalid";
      /** The cell as the district sees it. */
      readonly text: string;
      readonly problem: RatingProblem;
      /** What to type instead, when the cell's meaning is unambiguous: a number or a label. */
      readonly suggestion?: number | string;
    };

/** The not-applicable marks of SPEC §3.2, in every language. */
export const NOT_APPLICABLE: Readonly<Record<Language, readonly string[]>> = {
  "en-US": ["N/A"],
  "zh-CN": ["不适用", "N/A"],
};

/** Every not-applicable mark, each once: a sheet of either language accepts them all. */
export const NOT_APPLICABLE_MARKS: readonly string[] = [
  ...new Set(Object.values(NOT_APPLICABLE).flat()),
];

const BLANK: RatingCell = { kind: "blank" };
const NA: RatingCell = { kind: "na" };

/**
 * What worksheet TRIM does, in Excel, LibreOffice and (for text without other white space)
 * Gnumeric: ASCII spaces removed at both ends and runs of them inside made one.
 */
export function trimSpaces(text: string): string {
  return text.replace(/^ +| +$/g, "").replace(/ {2,}/g, " ");
}

/**
 * The key a text rating is compared by: UPPER(TRIM(text)), as the sheet's formulas compute it
 * (they then compare with EXACT, which neither folds widths nor reads wildcards in any engine).
 */
export function ratingKey(text: string): string {
  return trimSpaces(text).toUpperCase();
}

/**
 * The texts a rating cell accepts in this mode with what each means: the scale's labels of both
 * languages (full mode) or the level names and below level 1 (quick mode) as their values, and
 * the not-applicable marks as `null`. The sheet's hidden lookup table is this list, keyed.
 */
export function ratingTexts(
  pack: ModelPack,
  mode: AssessmentMode,
): readonly (readonly [string, number | null])[] {
  const both = (label: Readonly<Record<Language, string>>, value: number) =>
    LANGUAGES.map((language) => [label[language], value] as const);
  const labels =
    mode === "full"
      ? pack.ratingScale.flatMap((option) => both(option.label, option.value))
      : [
          ...both(pack.belowLevel1, 0),
          ...pack.levels.flatMap((level) => both(level.name, level.level)),
        ];
  return [...labels, ...NOT_APPLICABLE_MARKS.map((mark) => [mark, null] as const)];
}

/** The numbers a rating cell accepts in this mode: the scale's values, or the levels 0..5. */
export function ratingNumbers(pack: ModelPack, mode: AssessmentMode): readonly number[] {
  return mode === "full"
    ? pack.ratingScale.map((option) => option.value)
    : Array.from({ length: LEVEL_COUNT + 1 }, (_, level) => level);
}

/**
 * Normalises label text loosely: surrounding and repeated white space of every kind, letter case,
 * full-width versus half-width characters. Not how a rating is read (see `createRatingParser`),
 * but how a name argument is matched, and how a misread rating's meaning is guessed.
 */
export function normalizeLabel(text: string): string {
  return text.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * A parser for one pack and mode: the one rating rule (SPEC §3.1), exactly as the sheet's portable
 * formulas evaluate a cell. A number counts when it is on the scale; a text when UPPER(TRIM(text))
 * is a label of either language or N/A. Anything else that is not blank is `invalid` (the sheet
 * counts it as 0), with the problem and, when its meaning is plain, what to type instead.
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

/** Excel's error values, as a grid gives an error cell. */
const ERROR_VALUES = /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!)$/i;

function buildRatingParser(pack: ModelPack, mode: AssessmentMode): RatingParser {
  const texts = ratingTexts(pack, mode);
  const byKey = new Map<string, RatingCell>();
  // The drop-down writes labels exactly: most cells are found without computing a key.
  const exact = new Map<string, RatingCell>();
  // What a misread text most likely meant, by its loose form.
  const loose = new Map<string, string>();
  for (const [text, value] of texts) {
    const cell: RatingCell = value === null ? NA : { kind: "rated", value };
    byKey.set(ratingKey(text), cell);
    exact.set(text, cell);
    loose.set(normalizeLabel(text), text);
  }
  const numbers = new Set(ratingNumbers(pack, mode));

  const suggest = (text: string): number | string | undefined => {
    const key = normalizeLabel(text);
    const label = loose.get(key);
    if (label !== undefined) return label;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(key)) return undefined;
    const value = Number(key);
    return numbers.has(value) ? value : undefined;
  };

  const invalidText = (raw: string): RatingCell => {
    const suggestion = suggest(raw);
    return {
      kind: "invalid",
      text: raw,
      problem: ERROR_VALUES.test(raw) ? "errorValue" : textProblem(raw, suggestion),
      ...(suggestion !== undefined ? { suggestion } : {}),
    };
  };

  return {
    mode,
    parse(raw) {
      if (raw === null || raw === undefined || raw === "") return BLANK;
      if (typeof raw === "number")
        return numbers.has(raw)
          ? { kind: "rated", value: raw }
          : { kind: "invalid", text: String(raw), problem: "offScale" };
      if (typeof raw === "boolean")
        return { kind: "invalid", text: raw ? "TRUE" : "FALSE", problem: "boolean" };
      if (typeof raw !== "string")
        return { kind: "invalid", text: String(raw), problem: "unknown" };
      const found = exact.get(raw) ?? byKey.get(ratingKey(raw));
      if (found !== undefined) return found;
      // Spaces alone: TRIM leaves nothing, as in an empty cell.
      if (trimSpaces(raw) === "") return BLANK;
      return invalidText(raw);
    },
  };
}

/** Why a text that means a rating is not read as one, for the district to act on. */
function textProblem(text: string, suggestion: number | string | undefined): RatingProblem {
  if (/[\r\n\t\v\f]/.test(text)) return "lineBreak";
  if (/[\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/.test(text)) return "spaces";
  if (/[\uff01-\uff5e]/.test(text)) return "wideCharacters";
  if (typeof suggestion === "number") return "numberAsText";
  return "unknown";
}
