import type { Language } from "../model";
import type { FileProblem } from "./readReturn";

/**
 * The words the CLI prints, in zh-CN and en-US. Codes (RATING_INVALID, …) stay as they are: tools
 * and people rely on them; everything around them follows the language.
 */
const WORDS = {
  "zh-CN": {
    error: "错误",
    warning: "警告",
    totals: (errors: number, warnings: number) => `${errors} 个错误，${warnings} 个警告`,
    unreadable: "无法读取",
    duplicate: (first: string) => `与 ${first} 是同一个文件，只读取一次（见上）`,
    files: (n: number, unreadable: number) => `共 ${n} 个文件，其中 ${unreadable} 个无法读取`,
    overall: "总体",
    levelScore: (level: number, score: string) => `等级 ${level}，得分 ${score}`,
    level: "等级",
    score: "得分",
    na: "不适用",
    sheet: (name: string) => `工作表“${name}”`,
    unscored: (detail: string) => `无法评分：${detail}`,
    skipped: (cell: string, item: string, text: string) =>
      `${cell}：能力项 ${item}：表格无法读取“${text}”这一评分，与表格一样按 0 计（ctmm validate 说明应如何填写）`,
    ratingFormula: (at: string, formula: string) =>
      `${at} 的评分单元格中是公式（=${formula}），应填写评分；新工作簿中只带入了它的值`,
    addinConverted:
      "其中的加载项公式（CTMM.*）已转换为通用公式：只有 Excel 自己写入的 CTMM.* 公式才能被识别（加载项任务窗格中的“生成”会写入这类公式）",
    dropped: (sheet: string, item: string, pack: string) =>
      `${sheet}：能力项 ${item} 在 ${pack} 中已不存在，其评分和说明未带入`,
  },
  "en-US": {
    error: "error",
    warning: "warning",
    totals: (errors: number, warnings: number) => `${errors} error(s), ${warnings} warning(s)`,
    unreadable: "unreadable",
    duplicate: (first: string) => `the same file as ${first}; read once (see above)`,
    files: (n: number, unreadable: number) => `${n} file(s), ${unreadable} unreadable`,
    overall: "overall",
    levelScore: (level: number, score: string) => `level ${level}, score ${score}`,
    level: "level",
    score: "score",
    na: "N/A",
    sheet: (name: string) => `sheet "${name}"`,
    unscored: (detail: string) => `cannot be scored: ${detail}`,
    skipped: (cell: string, item: string, text: string) =>
      `${cell}: item ${item}: the sheet cannot read the rating "${text}"; counted as 0, as the sheet does (ctmm validate says what to type)`,
    ratingFormula: (at: string, formula: string) =>
      `${at}: a rating cell holds a formula (=${formula}) instead of a rating; only its value was carried`,
    addinConverted:
      "its add-in formulas (CTMM.*) were converted to portable formulas: Excel recognises CTMM.* " +
      "formulas only when it writes them itself (Generate in the add-in's task pane writes them)",
    dropped: (sheet: string, item: string, pack: string) =>
      `${sheet}: ${item} no longer exists in ${pack}; its entries were not carried over`,
  },
} as const;

export type Words = (typeof WORDS)[Language];

export function words(language: Language): Words {
  return WORDS[language];
}

const MB = 1024 * 1024;
const mb = (bytes: number) => `${Math.round((bytes / MB) * 10) / 10} MB`;

const XLSX_ZH: Record<string, string> = {
  NOT_ZIP: "不是 .xlsx 工作簿（不是 zip 压缩包，或是加密的或旧版 .xls 文件）",
  NOT_WORKBOOK: "是 zip 压缩包，但不是 Excel 工作簿",
  DAMAGED: "工作簿已损坏，无法读取",
  TOO_LARGE: "工作簿解压后超出大小限制（疑似压缩炸弹）",
  LIMIT: "工作簿超出读取限制",
  TIMEOUT: "读取超时",
};

/**
 * Why a file was not read, in the user's language. The reader's own English text follows in
 * en-US; in zh-CN the reason is worded by its code (the English detail would mix languages).
 *
 * @example
 * describeProblem({ code: "NOT_REGULAR", kind: "fifo" }, "zh-CN"); // "不是普通文件（是命名管道），未读取"
 */
export function describeProblem(problem: FileProblem, language: Language): string {
  const zh = language === "zh-CN";
  switch (problem.code) {
    case "MISSING":
      return zh ? "文件不存在" : "no such file";
    case "DENIED":
      return zh ? "没有读取权限" : "permission denied";
    case "FOLDER":
      return zh ? "是文件夹，不是文件" : "is a folder, not a file";
    case "NOT_REGULAR": {
      const kind = {
        fifo: ["命名管道", "a FIFO (named pipe)"],
        device: ["设备", "a device"],
        socket: ["套接字", "a socket"],
        other: ["特殊文件", "a special file"],
      }[problem.kind];
      return zh
        ? `不是普通文件（是${kind[0]}），未读取`
        : `is ${kind[1]}, not a regular file; not read`;
    }
    case "TOO_BIG":
      return zh
        ? `文件过大（${mb(problem.bytes)}，上限 ${mb(problem.limit)}），未读取`
        : `too large (${mb(problem.bytes)}; the limit is ${mb(problem.limit)}); not read`;
    case "TIMEOUT":
      return zh
        ? `读取超时（每个文件限 ${problem.seconds} 秒）`
        : `took too long to read (the limit is ${problem.seconds} s per file)`;
    case "XLSX": {
      if (!zh) return problem.detail;
      const text = XLSX_ZH[problem.xlsx] ?? "工作簿无法读取";
      const limit = problem.params?.limit;
      return problem.xlsx === "LIMIT" && limit !== undefined
        ? `${text}（${limit}：${problem.params?.value ?? "?"}，上限 ${problem.params?.max ?? "?"}）`
        : text;
    }
    case "NOT_ASSESSMENT":
      return zh
        ? "没有 CTMM 评估表（没有工作表带有名称 CTMM_Ratings）"
        : "no CTMM assessment sheet (no sheet has the name CTMM_Ratings)";
    case "OTHER":
      return zh ? "无法读取" : problem.detail;
  }
}

/**
 * Text as it may safely reach a terminal, a CSV or JSON: control characters (including escape
 * sequences and bidirectional overrides that could disguise a file name) removed; line breaks and
 * tabs become spaces.
 */
export function cleanText(text: string): string {
  return (
    text
      .replace(/[\t\r\n]+/g, " ")
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, "")
  );
}

/** A score for CSV and JSON: 6 decimal places, as SPEC §3 rounds level scores. */
export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
