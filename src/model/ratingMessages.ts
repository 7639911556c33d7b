import type { RatingCell, RatingProblem } from "./ratings";
import type { AssessmentMode, Localized } from "./types";

type InvalidRating = Extract<RatingCell, { kind: "invalid" }>;

/**
 * The cell's text as a district sees it, with what cannot be seen made visible: a line break as
 * ⏎, a tab as ⇥; long text shortened.
 */
export function shownRating(text: string): string {
  const visible = text.replace(/\r?\n|\r/g, "⏎").replace(/\t/g, "⇥");
  return visible.length > 40 ? `${visible.slice(0, 40)}…` : visible;
}

const WHY: Readonly<Record<RatingProblem, Localized>> = {
  offScale: { "zh-CN": "不在评分量表上", "en-US": "is not on the scale" },
  numberAsText: { "zh-CN": "是以文本存储的数字", "en-US": "is stored as text" },
  wideCharacters: { "zh-CN": "含全角字符", "en-US": "has full-width characters" },
  spaces: {
    "zh-CN": "含不间断空格或全角空格",
    "en-US": "has a non-breaking or ideographic space",
  },
  lineBreak: { "zh-CN": "含换行符", "en-US": "has a line break" },
  boolean: { "zh-CN": "是逻辑值，不是评分", "en-US": "is a logical value, not a rating" },
  errorValue: { "zh-CN": "是错误值，不是评分", "en-US": "is an error value, not a rating" },
  unknown: { "zh-CN": "不是有效评分", "en-US": "is not a rating on the scale" },
};

/**
 * What a district reads about a rating the sheet cannot read (SPEC §3.1, finding RATING_TEXT or
 * RATING_INVALID): the value as typed, why it is not read, that the sheet counts it as 0, and what
 * to type instead.
 *
 * @example
 * describeInvalidRating({ kind: "invalid", text: "3", problem: "numberAsText", suggestion: 3 }, "quick")["en-US"];
 * // "‘3’ is stored as text: the sheet counts it as 0; retype 3 or choose from the list"
 */
export function describeInvalidRating(cell: InvalidRating, mode: AssessmentMode): Localized {
  const why = WHY[cell.problem];
  const shown = shownRating(cell.text);
  const scale =
    mode === "full"
      ? { "zh-CN": "量表上的评分", "en-US": "a rating on the scale" }
      : { "zh-CN": "0–5 的整数等级", "en-US": "a whole level 0–5" };
  const instead =
    cell.suggestion !== undefined
      ? {
          "zh-CN": `请重新输入 ${cell.suggestion} 或从下拉列表选择`,
          "en-US": `retype ${cell.suggestion} or choose from the list`,
        }
      : {
          "zh-CN": `请输入${scale["zh-CN"]}或从下拉列表选择`,
          "en-US": `enter ${scale["en-US"]} or choose from the list`,
        };
  return {
    "zh-CN": `“${shown}”${why["zh-CN"]}：表格按 0 计；${instead["zh-CN"]}`,
    "en-US": `‘${shown}’ ${why["en-US"]}: the sheet counts it as 0; ${instead["en-US"]}`,
  };
}
