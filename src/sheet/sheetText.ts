import type { Language } from "../model";

/** Every text the assessment sheet shows, per language. */
export interface SheetText {
  readonly title: string;
  readonly model: string;
  readonly templateVersion: string;
  readonly mode: string;
  readonly modeNames: { readonly full: string; readonly quick: string };
  readonly threshold: string;
  readonly district: string;
  readonly date: string;
  readonly assessor: string;
  readonly legend: string;
  readonly quickLegend: string;
  readonly results: string;
  readonly items: string;
  readonly id: string;
  readonly domain: string;
  readonly subdomain: string;
  readonly item: string;
  readonly level: string;
  readonly score: string;
  readonly levelLabel: string;
  readonly why: string;
  readonly evidence: string;
  readonly itemLevel: string;
  readonly itemScore: string;
  readonly subdomainLevel: string;
  readonly subdomainScore: string;
  readonly ratingAt: (level: number) => string;
  readonly traitAt: (level: number) => string;
  readonly quickRating: string;
  readonly overall: string;
  readonly topLevel: string;
  readonly notApplicable: string;
  readonly validationTitle: string;
  /** The drop-down's error, naming the scale's labels (from the pack). */
  readonly validationError: (labels: readonly string[]) => string;
  readonly quickValidationError: string;
  readonly promptTitle: string;
  readonly prompt: string;
  readonly quickPrompt: string;
  /** The radar chart of the domain levels, and its series. */
  readonly chart: string;
  readonly chartSeries: string;
  /** A review workbook's district sheet. */
  readonly review: {
    readonly title: string;
    readonly selfResults: string;
    readonly selfItems: string;
    readonly results: string;
    readonly items: string;
    readonly level: string;
    readonly score: string;
    readonly change: string;
    readonly ratingAt: (level: number) => string;
    readonly quickRating: string;
    readonly reason: string;
    readonly itemLevel: string;
    readonly itemScore: string;
    readonly changed: string;
    readonly changedMark: string;
    readonly selfSeries: string;
    readonly reviewedSeries: string;
  };
}

const ZH: SheetText = {
  title: "城市全域数字化转型成熟度自评估",
  model: "模型",
  templateVersion: "模板版本",
  mode: "评估方式",
  modeNames: { full: "完整评估（逐级评分）", quick: "快速评估（直接定级）" },
  threshold: "达级阈值",
  district: "评估对象",
  date: "评估日期",
  assessor: "评估人",
  legend: "评分标准",
  quickLegend: "快速评估：每个能力项填写已达到的等级 0–5（0 表示未达一级），或“不适用”。",
  results: "评估结果",
  items: "能力项评分",
  id: "编号",
  domain: "能力域",
  subdomain: "能力子域",
  item: "能力项",
  level: "等级",
  score: "得分",
  levelLabel: "等级名称",
  why: "为何是此等级",
  evidence: "佐证材料 / 说明",
  itemLevel: "能力项等级",
  itemScore: "能力项得分",
  subdomainLevel: "子域等级",
  subdomainScore: "子域得分",
  ratingAt: (level) => `${"一二三四五"[level - 1]}级`,
  traitAt: (level) => `${"一二三四五"[level - 1]}级特征`,
  quickRating: "已达等级（0–5）",
  overall: "总体",
  topLevel: "已达最高级",
  notApplicable: "不适用",
  validationTitle: "评分无效",
  validationError: (labels) => `请从下拉列表中选择：${labels.join("、")}或不适用。`,
  quickValidationError: "请填写 0 到 5 的整数等级，或选择“不适用”。",
  promptTitle: "评分",
  prompt: "该能力项满足本级特征的程度",
  quickPrompt: "该能力项已达到的等级",
  chart: "各能力域等级",
  chartSeries: "等级",
  review: {
    title: "城市全域数字化转型成熟度评审",
    selfResults: "自评结果（区县填报，已锁定）",
    selfItems: "自评评分（区县填报，已锁定）",
    results: "复核结果",
    items: "复核评分（评审会填写）",
    level: "复核等级",
    score: "复核得分",
    change: "等级变化",
    ratingAt: (level) => `复核${"一二三四五"[level - 1]}级`,
    quickRating: "复核等级（0–5）",
    reason: "调整理由",
    itemLevel: "复核能力项等级",
    itemScore: "复核能力项得分",
    changed: "已调整",
    changedMark: "已调整",
    selfSeries: "自评",
    reviewedSeries: "复核",
  },
};

const EN: SheetText = {
  title: "City-wide Digital Transformation Maturity Self-assessment",
  model: "Model",
  templateVersion: "Template version",
  mode: "Mode",
  modeNames: { full: "Full (rated per level)", quick: "Quick (one level per item)" },
  threshold: "Threshold",
  district: "Assessed city / district",
  date: "Date",
  assessor: "Assessor",
  legend: "Rating scale",
  quickLegend:
    "Quick mode: enter the level each item has reached, 0-5 (0 = below level 1), or N/A.",
  results: "Results",
  items: "Item ratings",
  id: "ID",
  domain: "Domain",
  subdomain: "Sub-domain",
  item: "Item",
  level: "Level",
  score: "Score",
  levelLabel: "Level name",
  why: "Why this level",
  evidence: "Evidence / notes",
  itemLevel: "Item level",
  itemScore: "Item score",
  subdomainLevel: "Sub-domain level",
  subdomainScore: "Sub-domain score",
  ratingAt: (level) => `Level ${level}`,
  traitAt: (level) => `Level ${level} traits`,
  quickRating: "Level reached (0-5)",
  overall: "Overall",
  topLevel: "Top level reached",
  notApplicable: "N/A",
  validationTitle: "Invalid rating",
  validationError: (labels) => `Choose from the list: ${labels.join(", ")} or N/A.`,
  quickValidationError: "Enter a whole level from 0 to 5, or choose N/A.",
  promptTitle: "Rating",
  prompt: "How far the item meets this level's characteristics",
  quickPrompt: "The level this item has reached",
  chart: "Domain levels",
  chartSeries: "Level",
  review: {
    title: "City-wide Digital Transformation Maturity Review",
    selfResults: "Self-assessed results (the district's return, locked)",
    selfItems: "Self-assessed ratings (the district's return, locked)",
    results: "Reviewed results",
    items: "Reviewed ratings (edited in the review meeting)",
    level: "Reviewed level",
    score: "Reviewed score",
    change: "Level change",
    ratingAt: (level) => `Reviewed level ${level}`,
    quickRating: "Reviewed level (0-5)",
    reason: "Reason for the change",
    itemLevel: "Reviewed item level",
    itemScore: "Reviewed item score",
    changed: "Changed",
    changedMark: "Changed",
    selfSeries: "Self-assessed",
    reviewedSeries: "Reviewed",
  },
};

export const SHEET_TEXT: Readonly<Record<Language, SheetText>> = { "zh-CN": ZH, "en-US": EN };
