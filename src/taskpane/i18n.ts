/**
 * The task pane's UI strings, in every language it speaks. Keep every user-visible string here;
 * errors are rendered from their codes by `describeError` (messages.ts).
 */

import type { FindingCode } from "../sheet/validateWorkbook";
import type { XlsxErrorCode } from "../xlsx/errors";

/** What an `XlsxError` says about the limit it hit, e.g. `{ limit: "cells", value, max }`. */
type XlsxErrorParams = Readonly<Record<string, string | number>>;

/** The languages of the task pane. */
export type UiLanguage = "zh-CN" | "en-US";
export const UI_LANGUAGES: readonly UiLanguage[] = ["zh-CN", "en-US"];

const EN_US = {
  title: "CTMM for Excel",
  subtitle: "City-wide Digital Transformation Maturity Model",
  activeModel: "Active model",
  threshold: "Threshold",
  outsideExcel:
    "Excel is not connected. To work with workbooks, open this pane in Excel: sideload manifest.xml (Home > Add-ins > More add-ins > Upload My Add-in).",
  tooOld:
    "This version of Excel is too old for CTMM for Excel: it needs the Excel JavaScript API 1.9 (Excel 2021, Microsoft 365 or Excel on the web). Update Excel, or use the ctmm command line to make workbooks.",
  tabs: {
    generate: "Generate",
    validate: "Validate",
    results: "Results",
    improve: "Improve",
    consolidate: "Consolidate",
    settings: "Settings",
  },
  districts: "Cities or districts",
  districtsHint: "One per line, or paste a list; each gets its own sheet.",
  workbookLanguage: "Workbook language",
  mode: "Mode",
  modeFull: "Full: rate every level",
  modeQuick: "Quick: one level per item",
  formulaStyle: "Formulas",
  formulasPortable: "Portable (works without the add-in, in WPS and LibreOffice too)",
  formulasAddin: "CTMM functions (needs this add-in)",
  summarySheet: "Add a summary sheet",
  summaryHint: "With several districts: one live table of every district's levels.",
  generate: "Generate sheets",
  generated: (sheets: readonly string[]) => `Generated: ${sheets.join(", ")}.`,
  keptEntries: (sheets: readonly string[]) =>
    `Entries kept on ${sheets.join(", ")}: every rating, evidence note and header field.`,
  droppedItems: (items: readonly string[]) =>
    `Not carried (the model no longer has these items): ${items.join(", ")}.`,
  noDistricts: "Enter at least one city or district.",
  replaceTitle: "Replace existing sheets?",
  replaceBody: (sheets: readonly string[]) =>
    `These sheets exist already: ${sheets.join(", ")}. They will be rebuilt from the model; every rating, evidence note and header field is kept.`,
  replaceKeep: "Rebuild, keeping entries",
  cancel: "Cancel",
  working: "Working…",
  writing: (done: number, total: number) => `Writing to the workbook (${done} of ${total})…`,
  reading: "Reading the workbook…",
  check: "Check workbook",
  noFindings: "No findings: every assessment sheet is complete and intact.",
  noSheets: "This workbook has no CTMM assessment sheet yet. Generate one first.",
  errors: "Errors",
  warnings: "Warnings",
  findingTitles: {
    RATING_INVALID: "Ratings not on the scale",
    RATING_TEXT: "Ratings the sheet cannot read (retype them)",
    RATING_FORMULA: "Formulas in rating cells",
    CELL_CHANGED: "Formulas or locked cells changed",
    NAME_MISSING: "Defined names missing",
    NAME_MOVED: "Defined names moved",
    NAME_WRONG_SCOPE: "Defined names not scoped to the sheet",
    ROWS_CHANGED: "Item rows inserted or deleted",
    MODEL_MISMATCH: "Made for another model version",
    TEMPLATE_OUTDATED: "Made from an older template: upgrade it",
    TEMPLATE_NEWER: "Made from a newer template",
    FINGERPRINT_MISMATCH: "Fingerprint does not match the template",
    RATING_MISSING: "Missing ratings",
    ROW_MIXES_NA: "Rows mixing N/A with ratings",
    ROW_NOT_CUMULATIVE: "Higher levels rated above lower ones",
    EVIDENCE_MISSING: "Level 3 or above without evidence",
  } satisfies Record<FindingCode, string> as Record<FindingCode, string>,
  highlight: "Highlight these cells",
  fixRatings: (count: number) => `Retype ${count} rating(s) as they are meant`,
  fixTitle: "Retype these ratings?",
  fixBody:
    "These cells hold text the sheet counts as 0. Each becomes the rating it means; nothing else changes:",
  fixConfirm: "Retype",
  fixed: (count: number) => `${count} rating(s) retyped, and the workbook checked again.`,
  clearHighlight: "Remove highlights",
  highlighted: (count: number) => `${count} cell(s) highlighted in the workbook.`,
  cleared: (count: number) => `Highlights removed (${count}).`,
  refresh: "Read the active sheet",
  notAssessment:
    "The active sheet is not a CTMM assessment sheet. Select an assessment sheet's tab, then try again.",
  overall: "Overall",
  domain: "Domain",
  level: "Level",
  score: "Score",
  why: "Why this level",
  whyTop: "Top level",
  notApplicable: "N/A",
  insertChart: "Insert chart into the sheet",
  selfLevel: "Self-assessed",
  reviewedLevel: "Reviewed",
  chartInserted: (sheet: string) => `Radar chart inserted on ${sheet}.`,
  chartTitle: (district: string) => `${district}: domain levels`,
  targetLevel: "Target level",
  showPath: "Show the improvement path",
  pathOf: (district: string) => `Improvement path for ${district}`,
  reached: "Already at the target.",
  noItem: "No applicable item.",
  unreachable: "Cannot reach the target by raising these items.",
  raise: "Raise, in order:",
  writeSheet: "Write as a sheet",
  sheetWritten: (sheet: string) => `Written to the sheet ${sheet}.`,
  pathSheet: "Improvement path",
  uiLanguage: "Pane language",
  followOffice: "Follow Office",
  thresholdHint: "The level score a level needs (0.5 to 1). The model's own: ",
  thresholdInvalid: "Enter a number from 0.5 to 1.",
  loadPack: "Load a model pack (JSON)…",
  useBuiltin: "Use the built-in model",
  packLoaded: (name: string) => `Model pack ${name} loaded and saved in this workbook.`,
  settingsSaved: "Settings saved in this workbook.",
  save: "Save",
  settingsNote:
    "Settings are saved in this workbook; the CTMM functions use the same model and threshold.",
  returns: "Returned workbooks",
  chooseReturns: "Choose returned workbooks (.xlsx)…",
  returnsHint:
    "Each file is checked and scored here, on this computer; nothing is uploaded and the files are not changed.",
  checking: (done: number, total: number, file: string) => `Checking ${done} of ${total}: ${file}…`,
  fileWaiting: "Waiting",
  fileReading: "Reading…",
  fileScored: "Scored",
  fileWithFindings: (count: number) => `Scored, ${count} finding(s)`,
  fileUnreadable: "Unreadable",
  findingCounts: (errors: number, warnings: number) => `${errors} error(s), ${warnings} warning(s)`,
  checked: (files: number, scored: number, unreadable: number) =>
    `${files} file(s) checked: ${scored} sheet(s) scored, ${unreadable} unreadable.`,
  unscored: (detail: string) => `Cannot be scored: ${detail}`,
  tooBig: (megabytes: number, limit: number) =>
    `Too large (${megabytes} MB; the limit is ${limit} MB); not read`,
  notRead: (detail: string) =>
    `Could not be read (moved, changed or locked since it was chosen): ${detail}`,
  /** The reader's own English words say why; they name the part or limit at fault. */
  xlsxProblem: (_code: XlsxErrorCode, detail: string, _params: XlsxErrorParams) => detail,
  writeTo: "Write to this workbook",
  writeSummary: "Write summary sheets",
  writeReview: "Build review sheets",
  writeReviewHint:
    "For the review meeting: a sheet per district with its own ratings locked beside reviewed ratings to edit, and a live summary, item spread and list of changes. Returns with errors are listed and left out.",
  writeSummaryHint:
    "A summary sheet (every district's overall and domain levels and scores, completeness, findings, heat-map colours) and a findings sheet.",
  summaryWritten: (sheets: readonly string[]) => `Written: ${sheets.join(", ")}.`,
  replaceSheetsBody: (sheets: readonly string[]) =>
    `These sheets exist already: ${sheets.join(", ")}. They will be replaced, and what they hold now is lost.`,
  replace: "Replace",
  replaceReviewBody: (sheets: readonly string[]) =>
    `These sheets exist already: ${sheets.join(", ")}. They will be rebuilt from the returns chosen; the reviewed ratings the meeting changed and every reason are kept.`,
};

/** The strings of one language, as the components see them. */
export type Messages = typeof EN_US;

/** Why the reader refused a file, in Chinese, by its code (XlsxError). */
const XLSX_ZH: Partial<Record<XlsxErrorCode, string>> = {
  NOT_ZIP: "不是 .xlsx 工作簿（不是 zip 压缩包，或是加密的或旧版 .xls 文件）",
  NOT_WORKBOOK: "是 zip 压缩包，但不是 Excel 工作簿",
  DAMAGED: "工作簿已损坏，无法读取",
  TOO_LARGE: "工作簿解压后超出大小限制（疑似压缩炸弹）",
  LIMIT: "工作簿超出读取限制",
  TIMEOUT: "读取超时",
};

const ZH_CN: Messages = {
  title: "CTMM 成熟度评估",
  subtitle: "城市全域数字化转型成熟度模型",
  activeModel: "当前模型",
  threshold: "达标阈值",
  outsideExcel:
    "未连接 Excel。如需处理工作簿，请在 Excel 中打开本窗格：旁加载 manifest.xml（开始 > 加载项 > 更多加载项 > 上传我的加载项）。",
  tooOld:
    "当前 Excel 版本过旧，无法运行 CTMM 成熟度评估：需要 Excel JavaScript API 1.9（Excel 2021、Microsoft 365 或网页版 Excel）。请升级 Excel，或使用 ctmm 命令行生成工作簿。",
  tabs: {
    generate: "生成",
    validate: "校验",
    results: "结果",
    improve: "提升路径",
    consolidate: "汇总",
    settings: "设置",
  },
  districts: "评估对象（城市或区县）",
  districtsHint: "每行一个，可直接粘贴名单；每个对象生成一张工作表。",
  workbookLanguage: "工作簿语言",
  mode: "评估方式",
  modeFull: "完整评估：逐级评分",
  modeQuick: "快速评估：每项直接定级",
  formulaStyle: "公式",
  formulasPortable: "通用公式（无需加载项，WPS 与 LibreOffice 同样可算）",
  formulasAddin: "CTMM 函数（需要本加载项）",
  summarySheet: "添加汇总表",
  summaryHint: "多个评估对象时：一张实时汇总各对象等级的表。",
  generate: "生成工作表",
  generated: (sheets: readonly string[]) => `已生成：${sheets.join("、")}。`,
  keptEntries: (sheets: readonly string[]) =>
    `已保留 ${sheets.join("、")} 的填写内容：所有评分、佐证说明和表头信息。`,
  droppedItems: (items: readonly string[]) =>
    `以下能力项已不在模型中，其填写内容未能保留：${items.join("、")}。`,
  noDistricts: "请至少输入一个城市或区县。",
  replaceTitle: "替换已有工作表？",
  replaceBody: (sheets: readonly string[]) =>
    `以下工作表已存在：${sheets.join("、")}。将按模型重新生成，所有评分、佐证说明和表头信息都会保留。`,
  replaceKeep: "重新生成并保留填写内容",
  cancel: "取消",
  working: "正在处理…",
  writing: (done: number, total: number) => `正在写入工作簿（${done}/${total}）…`,
  reading: "正在读取工作簿…",
  check: "校验工作簿",
  noFindings: "未发现问题：所有评估表完整且未被改动。",
  noSheets: "此工作簿还没有 CTMM 评估表，请先生成。",
  errors: "错误",
  warnings: "警告",
  findingTitles: {
    RATING_INVALID: "评分不在量表内",
    RATING_TEXT: "表格无法读取的评分（需重新输入）",
    RATING_FORMULA: "评分单元格中有公式",
    CELL_CHANGED: "公式或锁定单元格被改动",
    NAME_MISSING: "定义名称缺失",
    NAME_MOVED: "定义名称被移动",
    NAME_WRONG_SCOPE: "定义名称未限定在工作表",
    ROWS_CHANGED: "能力项行被插入或删除",
    MODEL_MISMATCH: "按其他模型版本生成",
    TEMPLATE_OUTDATED: "按较早的模板生成：请升级",
    TEMPLATE_NEWER: "按较新的模板生成",
    FINGERPRINT_MISMATCH: "结构指纹与模板不符",
    RATING_MISSING: "评分缺失",
    ROW_MIXES_NA: "同一行混用“不适用”与评分",
    ROW_NOT_CUMULATIVE: "高等级评分高于低等级",
    EVIDENCE_MISSING: "三级及以上未填佐证",
  },
  highlight: "在工作簿中标出这些单元格",
  fixRatings: (count: number) => `按原意重新填写 ${count} 个评分`,
  fixTitle: "重新填写这些评分？",
  fixBody: "以下单元格中的文本被表格按 0 计。每个单元格将改写为它所表示的评分，其他内容不变：",
  fixConfirm: "重新填写",
  fixed: (count: number) => `已重新填写 ${count} 个评分，并已重新检查工作簿。`,
  clearHighlight: "取消标记",
  highlighted: (count: number) => `已在工作簿中标出 ${count} 个单元格。`,
  cleared: (count: number) => `已取消标记（${count}）。`,
  refresh: "读取当前工作表",
  notAssessment: "当前工作表不是 CTMM 评估表。请先选中一张评估表，再重试。",
  overall: "总体",
  domain: "能力域",
  level: "等级",
  score: "得分",
  why: "定级依据",
  whyTop: "已达最高级",
  notApplicable: "不适用",
  insertChart: "在工作表中插入图表",
  selfLevel: "自评",
  reviewedLevel: "复核",
  chartInserted: (sheet: string) => `已在 ${sheet} 中插入雷达图。`,
  chartTitle: (district: string) => `${district}：各能力域等级`,
  targetLevel: "目标等级",
  showPath: "查看提升路径",
  pathOf: (district: string) => `${district} 的提升路径`,
  reached: "已达到目标等级。",
  noItem: "无适用项。",
  unreachable: "仅提升这些能力项无法达到目标等级。",
  raise: "按顺序提升：",
  writeSheet: "写入工作表",
  sheetWritten: (sheet: string) => `已写入工作表 ${sheet}。`,
  pathSheet: "提升路径",
  uiLanguage: "窗格语言",
  followOffice: "跟随 Office",
  thresholdHint: "达到某一等级所需的等级得分（0.5 至 1）。模型默认：",
  thresholdInvalid: "请输入 0.5 至 1 之间的数。",
  loadPack: "加载模型包（JSON）…",
  useBuiltin: "使用内置模型",
  packLoaded: (name: string) => `已加载模型包 ${name}，并保存在此工作簿中。`,
  settingsSaved: "设置已保存在此工作簿中。",
  save: "保存",
  settingsNote: "设置保存在此工作簿中；CTMM 函数使用同一模型和阈值。",
  returns: "回收的工作簿",
  chooseReturns: "选择回收的工作簿（.xlsx）…",
  returnsHint: "每个文件都在本机检查和评分，不会上传，文件本身也不会被改动。",
  checking: (done: number, total: number, file: string) =>
    `正在检查第 ${done}/${total} 个：${file}…`,
  fileWaiting: "等待中",
  fileReading: "正在读取…",
  fileScored: "已评分",
  fileWithFindings: (count: number) => `已评分，${count} 个问题`,
  fileUnreadable: "无法读取",
  findingCounts: (errors: number, warnings: number) => `${errors} 个错误、${warnings} 个警告`,
  checked: (files: number, scored: number, unreadable: number) =>
    `已检查 ${files} 个文件：${scored} 张评估表已评分，${unreadable} 个无法读取。`,
  unscored: (detail: string) => `无法评分：${detail}`,
  tooBig: (megabytes: number, limit: number) =>
    `文件过大（${megabytes} MB，上限 ${limit} MB），未读取`,
  notRead: (_detail: string) => "无法读取：文件在选择后被移动、更改或无法访问",
  xlsxProblem: (code: XlsxErrorCode, _detail: string, params: XlsxErrorParams) => {
    // The reader's own words are English: in Chinese the reason is worded by its code.
    const text = XLSX_ZH[code] ?? "工作簿无法读取";
    return code === "LIMIT" && params.limit !== undefined
      ? `${text}（${params.limit}：${params.value ?? "?"}，上限 ${params.max ?? "?"}）`
      : text;
  },
  writeTo: "写入此工作簿",
  writeSummary: "写入汇总表",
  writeReview: "生成复核表",
  writeReviewHint:
    "用于评审会：每个区县一张表，自评评分锁定，旁边是可修改的复核评分；另有实时计算的复核汇总、能力项分布和调整清单。有错误的文件会列出并不纳入。",
  writeSummaryHint:
    "一张汇总表（各评估对象的总体与各能力域等级和得分、完成度、问题数，按等级着色）和一张问题清单。",
  summaryWritten: (sheets: readonly string[]) => `已写入：${sheets.join("、")}。`,
  replaceSheetsBody: (sheets: readonly string[]) =>
    `以下工作表已存在：${sheets.join("、")}。将被替换，其现有内容会丢失。`,
  replace: "替换",
  replaceReviewBody: (sheets: readonly string[]) =>
    `以下工作表已存在：${sheets.join("、")}。将按所选回收文件重新生成；评审会调整过的复核评分和所有调整理由都会保留。`,
};

export const MESSAGES: Readonly<Record<UiLanguage, Messages>> = { "en-US": EN_US, "zh-CN": ZH_CN };

/**
 * The UI language for the user's locale: Chinese for every zh-* tag, English otherwise. Office's
 * display language decides; the browser's language only matters outside Office.
 *
 * @example pickUiLanguage("zh-TW") // "zh-CN": the only Chinese the pane speaks
 * @example pickUiLanguage(undefined, "zh-Hans-CN") // "zh-CN"
 * @example pickUiLanguage("en-GB", "zh-CN") // "en-US": Office's display language wins
 */
export function pickUiLanguage(
  officeDisplayLanguage?: string,
  browserLanguage?: string,
): UiLanguage {
  const tag = (officeDisplayLanguage?.trim() || browserLanguage?.trim() || "").toLowerCase();
  return tag === "zh" || tag.startsWith("zh-") ? "zh-CN" : "en-US";
}
