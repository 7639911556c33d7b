import type { AssessmentMode, Language } from "../../src/model";
import { BUILTIN_PACK, listItems } from "../../src/model";

/**
 * What districts paste into rating cells and the sheet's formulas cannot read (SPEC §3.1): numbers
 * stored as text, padded and full-width text, special spaces, line breaks, logical values, numbers
 * off the scale, wildcards. Valid ratings come between them, so each row still means something.
 */
export function pastedValues(mode: AssessmentMode, language: Language): unknown[] {
  const level3 = BUILTIN_PACK.levels[2]!.name[language];
  const largely = BUILTIN_PACK.ratingScale[1]!.label[language];
  const common = [
    "不适用 ",
    "N/A\u00a0",
    " N/A ",
    "n/a",
    "不适用\u3000",
    true,
    false,
    "*",
    "=1",
    "",
    "   ",
  ];
  return mode === "quick"
    ? [
        "3",
        " 3 ",
        "３",
        "3\u00a0",
        "4",
        2.5,
        7,
        -1,
        3,
        `${level3}\n`,
        ` ${level3.toLowerCase()} `,
        `${level3}\u00a0`,
        ...common,
      ]
    : [
        "0.8",
        " 1 ",
        "１",
        "0.5\u00a0",
        0.7,
        2,
        1,
        0.8,
        `${largely}\n`,
        `  ${largely.toUpperCase()}  `,
        `${largely}\u00a0`,
        largely.replace(" ", "\u00a0"),
        "全部满?",
        ...common,
      ];
}

/** Rating rows that cycle through `pastedValues`, one value a cell, from `offset` on. */
export function pastedRows(
  mode: AssessmentMode,
  language: Language,
  offset = 0,
): Map<string, unknown[]> {
  const values = pastedValues(mode, language);
  const width = mode === "full" ? 5 : 1;
  let next = offset;
  return new Map(
    listItems(BUILTIN_PACK).map(({ item }) => [
      item.id,
      Array.from({ length: width }, () => values[next++ % values.length]),
    ]),
  );
}

/** Every rating of a sheet typed as text: "3" in quick mode, "0.8" in full mode. */
export function textRows(mode: AssessmentMode): Map<string, unknown[]> {
  return new Map(
    listItems(BUILTIN_PACK).map(({ item }) => [
      item.id,
      mode === "quick" ? ["3"] : ["1", "1", "0.8", "0.5", "0"],
    ]),
  );
}
