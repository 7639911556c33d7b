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
  },
  "zh-CN": {
    title: "CTMM 成熟度评估",
    subtitle: "城市全域数字化转型成熟度模型",
    activeModel: "当前模型",
    modelPack: "模型包",
    modelVersion: "版本",
    outsideExcel:
      "未连接 Excel。如需处理工作簿，请在 Excel 中打开本窗格：旁加载 manifest.xml（开始 > 加载项 > 更多加载项 > 上传我的加载项）。",
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
