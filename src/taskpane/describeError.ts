/**
 * Every failure the pane can meet, worded for the analyst in the pane's language: what happened
 * and what to do. Errors arrive as codes (adapter, engine, pack, reader); only this module words
 * them.
 */
import { CtmmError, PackError } from "../model";
import { ExcelAdapterError } from "../excel/errors";
import { SheetReadError } from "../sheet/readAssessment";
import type { UiLanguage } from "./i18n";

/** The active sheet was made with another model pack than the pane's: it cannot be scored. */
export class OtherModelError extends Error {
  override readonly name = "OtherModelError";
  constructor(
    /** The sheet's pack, "id version". */
    readonly sheetPack: string,
    /** The pane's pack, "id version". */
    readonly activePack: string,
  ) {
    super(`made with ${sheetPack}, not ${activePack}`);
  }
}

export interface ErrorDescription {
  /** What happened, in one sentence. */
  readonly title: string;
  /** What to do about it. */
  readonly action: string;
  /** The details (Excel's or the engine's own words), if any. */
  readonly details: readonly string[];
}

const TEXT = {
  "en-US": {
    writeFailed: "Excel refused the change, so nothing was changed.",
    writeFailedAction:
      "The sheets added so far were removed and the existing sheets are as they were. Try again; if it happens again, see Excel's words below.",
    tooLarge: "The change was too large for one request to Excel.",
    tooLargeAction: "Generate fewer districts at a time.",
    protectedCell: "A protected cell or sheet stood in the way.",
    protectedAction:
      "If you protected the workbook's structure or a sheet with a password, unprotect it (Review > Protect) and try again.",
    readFailed: "The workbook could not be read.",
    readFailedAction: "Close any open cell editor (press Enter or Esc in Excel) and try again.",
    notAssessment: "The active sheet is not a CTMM assessment sheet.",
    notAssessmentAction: "Select an assessment sheet's tab, then try again.",
    sheetUnreadable: (sheet: string) => `The sheet "${sheet}" cannot be read as an assessment.`,
    sheetUnreadableAction:
      "Its names or layout were changed. Generate it again under the same name: entries are kept.",
    otherModel: (sheet: string, active: string) =>
      `This sheet was made with model ${sheet}; the pane uses ${active}.`,
    otherModelAction:
      "Load that model in Settings, or generate the sheet again with this one (entries are kept).",
    pack: "This file is not a usable model pack.",
    packAction: "Fix the problems listed below in the JSON file, or keep the built-in model.",
    rating: "A rating cannot be scored.",
    ratingAction: "Check the entries (Validate lists every cell), correct them and try again.",
    unexpected: "Something unexpected went wrong.",
    unexpectedAction: "Try again. If it keeps happening, close and reopen the pane.",
  },
  "zh-CN": {
    writeFailed: "Excel 拒绝了此次修改，工作簿未作任何改动。",
    writeFailedAction:
      "已删除本次新增的工作表，原有工作表保持原样。请重试；如仍失败，请参考下方 Excel 的说明。",
    tooLarge: "此次修改超出了 Excel 单次请求的大小。",
    tooLargeAction: "请减少一次生成的评估对象数量。",
    protectedCell: "受保护的单元格或工作表阻止了修改。",
    protectedAction: "如已用密码保护工作簿结构或工作表，请先撤销保护（审阅 > 保护），再重试。",
    readFailed: "无法读取工作簿。",
    readFailedAction: "请先结束单元格编辑（在 Excel 中按回车或 Esc），再重试。",
    notAssessment: "当前工作表不是 CTMM 评估表。",
    notAssessmentAction: "请先选中一张评估表，再重试。",
    sheetUnreadable: (sheet: string) => `工作表“${sheet}”无法作为评估表读取。`,
    sheetUnreadableAction: "其名称或布局已被改动。请以同一名称重新生成该表：填写内容会保留。",
    otherModel: (sheet: string, active: string) =>
      `此表按模型 ${sheet} 生成，窗格当前使用 ${active}。`,
    otherModelAction: "请在“设置”中加载该模型，或用当前模型重新生成此表（填写内容会保留）。",
    pack: "此文件不是可用的模型包。",
    packAction: "请按下列问题修改 JSON 文件，或继续使用内置模型。",
    rating: "有评分无法计算。",
    ratingAction: "请检查填写内容（“校验”会列出每个单元格），改正后重试。",
    unexpected: "发生了意外错误。",
    unexpectedAction: "请重试；如反复出现，请关闭并重新打开窗格。",
  },
} as const;

/**
 * Words an error for the pane.
 *
 * @example
 * describeError(new ExcelAdapterError("writeFailed", "RequestPayloadSizeLimitExceeded", "…"),
 *   "en-US").action; // "Generate fewer districts at a time."
 */
export function describeError(error: unknown, language: UiLanguage): ErrorDescription {
  const t = TEXT[language];
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ExcelAdapterError) {
    const details = [error.officeCode ? `${error.officeCode}: ${message}` : message];
    if (error.code === "notAssessment")
      return { title: t.notAssessment, action: t.notAssessmentAction, details: [] };
    if (error.code === "readFailed")
      return { title: t.readFailed, action: t.readFailedAction, details };
    if (error.officeCode === "RequestPayloadSizeLimitExceeded")
      return { title: t.tooLarge, action: `${t.tooLargeAction} ${t.writeFailedAction}`, details };
    if (error.officeCode === "AccessDenied")
      return { title: t.protectedCell, action: t.protectedAction, details };
    return { title: t.writeFailed, action: t.writeFailedAction, details };
  }
  if (error instanceof OtherModelError)
    return {
      title: t.otherModel(error.sheetPack, error.activePack),
      action: t.otherModelAction,
      details: [],
    };
  if (error instanceof PackError)
    return { title: t.pack, action: t.packAction, details: [...error.problems] };
  if (error instanceof SyntaxError)
    return { title: t.pack, action: t.packAction, details: [message] };
  if (error instanceof SheetReadError)
    return {
      title: t.sheetUnreadable(error.sheet),
      action: t.sheetUnreadableAction,
      details: [message],
    };
  if (error instanceof CtmmError)
    return { title: t.rating, action: t.ratingAction, details: [message] };
  return { title: t.unexpected, action: t.unexpectedAction, details: [message] };
}
