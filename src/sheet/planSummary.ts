import type { Language, LevelResult, ModelPack } from "../model";
import type { CellPlan, ChartPlan, ConditionalFormatPlan, SheetPlan } from "./plan";
import { sheetPlan } from "./plan";
import { address } from "./a1";
import { LEVEL_FILLS } from "./contract";
import type { Finding } from "./validateWorkbook";

/** One returned assessment sheet, checked and scored, as the summary shows it. */
export interface SummaryRow {
  readonly file: string;
  readonly sheet: string;
  readonly district: string;
  /** Share of rating cells filled in (N/A counts as filled), 0..1. */
  readonly completeness: number;
  readonly errors: number;
  readonly warnings: number;
  /** null when the sheet could not be scored (see `problem`) or no item applies. */
  readonly overall: LevelResult | null;
  /** One per domain of the pack, in order; null where no item applies. */
  readonly domains: readonly (LevelResult | null)[];
  /** Why the sheet could not be read or scored, if it could not. */
  readonly problem?: string;
}

export interface SummaryFinding extends Finding {
  readonly file: string;
}

const TEXT = {
  "zh-CN": {
    summary: "回收汇总",
    findings: "问题清单",
    file: "文件",
    sheet: "工作表",
    district: "评估对象",
    status: "状态",
    ok: "通过",
    hasErrors: "有错误",
    unreadable: "无法读取",
    completeness: "完成度",
    errors: "错误",
    warnings: "警告",
    overallLevel: "总体等级",
    overallScore: "总体得分",
    level: "等级",
    score: "得分",
    cell: "单元格",
    severity: "级别",
    code: "代码",
    message: "说明",
    na: "不适用",
    error: "错误",
    warning: "警告",
    chart: "各评估对象总体等级",
  },
  "en-US": {
    summary: "Returns summary",
    findings: "Findings",
    file: "File",
    sheet: "Sheet",
    district: "District",
    status: "Status",
    ok: "OK",
    hasErrors: "Errors",
    unreadable: "Unreadable",
    completeness: "Completeness",
    errors: "Errors",
    warnings: "Warnings",
    overallLevel: "Overall level",
    overallScore: "Overall score",
    level: "level",
    score: "score",
    cell: "Cell",
    severity: "Severity",
    code: "Code",
    message: "Message",
    na: "N/A",
    error: "error",
    warning: "warning",
    chart: "Overall level by district",
  },
} as const;

/** The column headings of the summary, also used for CSV. */
export function summaryHeadings(pack: ModelPack, language: Language): string[] {
  const t = TEXT[language];
  return [
    t.file,
    t.sheet,
    t.district,
    t.status,
    t.completeness,
    t.errors,
    t.warnings,
    t.overallLevel,
    t.overallScore,
    ...pack.domains.flatMap((d) => [
      `${d.id} ${d.name[language]} ${t.level}`,
      `${d.id} ${d.name[language]} ${t.score}`,
    ]),
  ];
}

/** The summary's values, row by row (numbers stay numbers; N/A as text), also used for CSV. */
export function summaryValues(
  rows: readonly SummaryRow[],
  language: Language,
): (string | number)[][] {
  const t = TEXT[language];
  const level = (r: LevelResult | null) => (r ? r.level : t.na);
  const score = (r: LevelResult | null) => (r ? r.score : t.na);
  return rows.map((row) => [
    row.file,
    row.sheet,
    row.district,
    row.problem ? t.unreadable : row.errors > 0 ? t.hasErrors : t.ok,
    row.completeness,
    row.errors,
    row.warnings,
    level(row.overall),
    score(row.overall),
    ...row.domains.flatMap((d) => [level(d), score(d)]),
  ]);
}

/** Up to this many rows, the summary gets a bar chart of the overall levels. */
const MAX_CHART_ROWS = 100;

/**
 * Plans the consolidation workbook's two sheets: the summary (district × overall and domain levels
 * and scores, completeness, findings counts, heat-map colouring of levels) and the findings list.
 */
export function planSummarySheets(
  pack: ModelPack,
  rows: readonly SummaryRow[],
  findings: readonly SummaryFinding[],
  language: Language,
): SheetPlan[] {
  const t = TEXT[language];
  const headings = summaryHeadings(pack, language);
  const cells: CellPlan[] = headings.map((value, column) => ({
    row: 0,
    column,
    value,
    style: HEADER,
  }));
  summaryValues(rows, language).forEach((values, r) =>
    values.forEach((value, column) =>
      cells.push({
        row: r + 1,
        column,
        value,
        style:
          column === 4
            ? { numberFormat: "0%", horizontal: "center" }
            : column >= 7 && column % 2 === 0
              ? { numberFormat: "0.00", horizontal: "center" }
              : column >= 7
                ? { bold: true, horizontal: "center" }
                : {},
      }),
    ),
  );
  const conditionalFormats: ConditionalFormatPlan[] = [];
  if (rows.length > 0) {
    for (let column = 7; column < headings.length; column += 2) {
      const range = { top: 1, left: column, bottom: rows.length, right: column };
      const cell = address(1, column);
      LEVEL_FILLS.forEach((fill, level) =>
        conditionalFormats.push({
          range,
          formula: `AND(ISNUMBER(${cell}),${cell}=${level})`,
          style: { fill },
          priority: conditionalFormats.length + 1,
        }),
      );
    }
  }
  // A bar chart of the overall levels beside the table, while bars can still be told apart.
  const rowsRange = (column: number) => ({
    sheet: t.summary,
    range: { top: 1, left: column, bottom: rows.length, right: column },
  });
  const chart: ChartPlan | null =
    rows.length > 0 && rows.length <= MAX_CHART_ROWS
      ? {
          kind: "bar",
          title: t.chart,
          anchor: { top: 1, left: headings.length + 1, bottom: 18, right: headings.length + 8 },
          categories: rowsRange(2),
          series: [{ name: t.overallLevel, values: rowsRange(7), color: "4472C4" }],
          axis: { min: 0, max: 5, majorUnit: 1 },
        }
      : null;
  const summary: SheetPlan = sheetPlan(t.summary, {
    ...(chart ? { charts: [chart] } : {}),
    cells,
    columns: [
      { index: 0, width: 28 },
      { index: 1, width: 14 },
      { index: 2, width: 16 },
      ...headings.slice(3).map((_, i) => ({ index: i + 3, width: i < 4 ? 10 : 12 })),
    ],
    rows: [{ index: 0, height: 45 }],
    conditionalFormats,
    freeze: { rows: 1, columns: 3 },
  });

  const findingHeadings = [t.file, t.sheet, t.cell, t.severity, t.code, t.message];
  const findingCells: CellPlan[] = findingHeadings.map((value, column) => ({
    row: 0,
    column,
    value,
    style: HEADER,
  }));
  findings.forEach((f, r) =>
    findingValues(f, language).forEach((value, column) =>
      findingCells.push({ row: r + 1, column, value }),
    ),
  );
  const findingSheet: SheetPlan = sheetPlan(t.findings, {
    cells: findingCells,
    columns: [
      { index: 0, width: 28 },
      { index: 1, width: 14 },
      { index: 2, width: 9 },
      { index: 3, width: 8 },
      { index: 4, width: 20 },
      { index: 5, width: 80 },
    ],
    freeze: { rows: 1, columns: 0 },
  });
  return [summary, findingSheet];
}

/**
 * One row of the findings sheet: file, sheet, cell, severity, code, message. Also for writers that
 * stream a large batch's findings after the sheet's heading row instead of planning them as cells.
 */
export const FINDING_COLUMNS = 6;

export function findingValues(finding: SummaryFinding, language: Language): string[] {
  const t = TEXT[language];
  return [
    finding.file,
    finding.sheet,
    finding.cell ?? "",
    finding.severity === "error" ? t.error : t.warning,
    finding.code,
    finding.message[language],
  ];
}

const HEADER = {
  bold: true,
  fill: "DDEBF7",
  wrap: true,
  vertical: "center",
  horizontal: "center",
  border: "thin",
} as const;
