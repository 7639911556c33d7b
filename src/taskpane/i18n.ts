/**
 * The task pane's UI strings, in every language it speaks. Keep every user-visible string here.
 */

/** The languages of the task pane. */
export type UiLanguage = "zh-CN" | "en-US";
export const UI_LANGUAGES: readonly UiLanguage[] = ["zh-CN", "en-US"];

export interface Messages {
  readonly title: string;
  readonly subtitle: string;
  readonly activeModel: string;
  readonly modelPack: string;
  readonly modelVersion: string;
  readonly outsideExcel: string;
  readonly tabs: {
    readonly generate: string;
    readonly validate: string;
    readonly results: string;
    readonly improve: string;
  };
  readonly districts: string;
  readonly districtsHint: string;
  readonly workbookLanguage: string;
  readonly mode: string;
  readonly modeFull: string;
  readonly modeQuick: string;
  readonly formulaStyle: string;
  readonly formulasPortable: string;
  readonly formulasAddin: string;
  readonly generate: string;
  readonly generated: (sheets: readonly string[]) => string;
  readonly replaceTitle: string;
  readonly replaceBody: (sheets: readonly string[]) => string;
  readonly replaceKeep: string;
  readonly cancel: string;
  readonly working: string;
  readonly check: string;
  readonly noFindings: string;
  readonly errors: string;
  readonly warnings: string;
  readonly noAssessment: string;
  readonly refresh: string;
  readonly overall: string;
  readonly level: string;
  readonly score: string;
  readonly targetLevel: string;
  readonly reached: string;
  readonly raise: string;
  readonly failed: (message: string) => string;
}

export const MESSAGES: Readonly<Record<UiLanguage, Messages>> = {
  "en-US": {
    title: "CTMM for Excel",
    subtitle: "City-wide Digital Transformation Maturity Model",
    activeModel: "Active model",
    modelPack: "Model pack",
    modelVersion: "Version",
    outsideExcel:
      "Excel is not connected. To work with workbooks, open this pane in Excel: sideload manifest.xml (Home > Add-ins > More add-ins > Upload My Add-in).",
    tabs: { generate: "Generate", validate: "Validate", results: "Results", improve: "Improve" },
    districts: "Cities or districts",
    districtsHint: "One per line; each gets its own sheet.",
    workbookLanguage: "Workbook language",
    mode: "Mode",
    modeFull: "Full: rate every level",
    modeQuick: "Quick: one level per item",
    formulaStyle: "Formulas",
    formulasPortable: "Portable (works without the add-in)",
    formulasAddin: "CTMM functions (needs the add-in)",
    generate: "Generate sheets",
    generated: (sheets) => `Generated: ${sheets.join(", ")}.`,
    replaceTitle: "Replace existing sheets?",
    replaceBody: (sheets) =>
      `These sheets exist already: ${sheets.join(", ")}. They will be rebuilt; every rating, evidence note and header field is kept.`,
    replaceKeep: "Rebuild, keeping entries",
    cancel: "Cancel",
    working: "Working…",
    check: "Check workbook",
    noFindings: "No findings: every assessment sheet is complete and intact.",
    errors: "Errors",
    warnings: "Warnings",
    noAssessment: "This workbook has no CTMM assessment sheet yet. Generate one first.",
    refresh: "Refresh",
    overall: "Overall",
    level: "Level",
    score: "Score",
    targetLevel: "Target level",
    reached: "Already at the target.",
    raise: "Raise",
    failed: (message) => `That did not work: ${message}`,
  },
  "zh-CN": {
    title: "CTMM 成熟度评估",
    subtitle: "城市全域数字化转型成熟度模型",
    activeModel: "当前模型",
    modelPack: "模型包",
    modelVersion: "版本",
    outsideExcel:
      "未连接 Excel。如需处理工作簿，请在 Excel 中打开本窗格：旁加载 manifest.xml（开始 > 加载项 > 更多加载项 > 上传我的加载项）。",
    tabs: { generate: "生成", validate: "校验", results: "结果", improve: "提升路径" },
    districts: "评估对象（城市或区县）",
    districtsHint: "每行一个；每个对象生成一张工作表。",
    workbookLanguage: "工作簿语言",
    mode: "评估方式",
    modeFull: "完整评估：逐级评分",
    modeQuick: "快速评估：每项直接定级",
    formulaStyle: "公式",
    formulasPortable: "通用公式（无需加载项）",
    formulasAddin: "CTMM 函数（需要加载项）",
    generate: "生成工作表",
    generated: (sheets) => `已生成：${sheets.join("、")}。`,
    replaceTitle: "替换已有工作表？",
    replaceBody: (sheets) =>
      `以下工作表已存在：${sheets.join("、")}。将重新生成，所有评分、佐证说明和表头信息都会保留。`,
    replaceKeep: "重新生成并保留填写内容",
    cancel: "取消",
    working: "正在处理…",
    check: "校验工作簿",
    noFindings: "未发现问题：所有评估表完整且未被改动。",
    errors: "错误",
    warnings: "警告",
    noAssessment: "此工作簿还没有 CTMM 评估表，请先生成。",
    refresh: "刷新",
    overall: "总体",
    level: "等级",
    score: "得分",
    targetLevel: "目标等级",
    reached: "已达到目标等级。",
    raise: "需提升",
    failed: (message) => `操作未完成：${message}`,
  },
};

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
