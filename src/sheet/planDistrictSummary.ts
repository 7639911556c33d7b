import type { Language, ModelPack } from "../model";
import { address, formulaText, quoteSheetName } from "./a1";
import type { CellPlan, ConditionalFormatPlan, SheetPlan } from "./plan";
import { sheetPlan } from "./plan";
import type { AssessmentSheet } from "./contract";
import { LEVEL_FILLS, SHEET_NAMES } from "./contract";

const TEXT = {
  "zh-CN": {
    sheet: "汇总",
    title: "评估汇总（随各评估表实时计算）",
    district: "评估对象",
    overallLevel: "总体等级",
    overallScore: "总体得分",
    level: "等级",
    score: "得分",
  },
  "en-US": {
    sheet: "Summary",
    title: "Summary (recalculates with every assessment sheet)",
    district: "District",
    overallLevel: "Overall level",
    overallScore: "Overall score",
    level: "level",
    score: "score",
  },
} as const;

/** The summary sheet's name in a language. */
export function districtSummaryName(language: Language): string {
  return TEXT[language].sheet;
}

/**
 * A live summary of freshly generated assessment sheets: one row per district with the overall
 * and domain levels and scores, each cell a portable formula pointing at the district sheet's
 * result cells, so the summary follows every rating; levels coloured like the sheets' own.
 * Written after the district sheets exist (its formulas refer to them by name).
 *
 * @example
 * const planned = planWorkbook(pack, { ...options, districts: ["和平区", "河西区"] });
 * planDistrictSummary(pack, planned.sheets, "zh-CN", "汇总");
 */
export function planDistrictSummary(
  pack: ModelPack,
  sheets: readonly AssessmentSheet[],
  language: Language,
  name: string,
): SheetPlan {
  const t = TEXT[language];
  const header = { bold: true, fill: "D9E1F2", wrap: true, vertical: "center", border: "thin" };
  const headings = [
    t.district,
    t.overallLevel,
    t.overallScore,
    ...pack.domains.flatMap((d) => [
      `${d.id} ${d.name[language]} ${t.level}`,
      `${d.id} ${d.name[language]} ${t.score}`,
    ]),
  ];
  const cells: CellPlan[] = [
    { row: 0, column: 0, value: t.title, style: { bold: true, fontSize: 13 } },
    ...headings.map((value, column): CellPlan => ({
      row: 2,
      column,
      value,
      style: header as CellPlan["style"],
    })),
  ];
  sheets.forEach((sheet, index) => {
    const row = 3 + index;
    const { layout, plan } = sheet;
    const ref = (r: number, c: number) => `${quoteSheetName(plan.name)}!${address(r, c, true)}`;
    const districtCell = plan.names.find((n) => n.name === SHEET_NAMES.district)?.range;
    // Each cell shows a result cell of the district's sheet: the value it computes is that cell's.
    const value = (
      r: number,
      c: number,
      numberFormat?: string,
    ): Omit<CellPlan, "row" | "column"> => ({
      formula: ref(r, c),
      computes: { of: "same", sheet: plan.name, at: { row: r, column: c } },
      style: { border: "thin", ...(numberFormat ? { numberFormat } : {}) },
    });
    const columns: Omit<CellPlan, "row" | "column">[] = [
      districtCell
        ? {
            formula: `IF(TRIM(${ref(districtCell.top, districtCell.left)})="",${formulaText(plan.name)},${ref(districtCell.top, districtCell.left)})`,
            computes: { of: "district", sheet: plan.name },
            style: { border: "thin" },
          }
        : { value: plan.name },
      value(layout.overallRow, layout.levelColumn),
      value(layout.overallRow, layout.scoreColumn, "0.00"),
      ...pack.domains.flatMap((d) => {
        const domainRow = layout.domainRows.get(d.id)!;
        return [value(domainRow, layout.levelColumn), value(domainRow, layout.scoreColumn, "0.00")];
      }),
    ];
    columns.forEach((cell, column) => cells.push({ row, column, ...cell }));
  });
  const last = 3 + Math.max(sheets.length, 1) - 1;
  const conditionalFormats: ConditionalFormatPlan[] = [];
  const levelColumns = [1, ...pack.domains.map((_, i) => 3 + 2 * i)];
  for (const column of levelColumns) {
    const cell = address(3, column);
    LEVEL_FILLS.forEach((fill, level) =>
      conditionalFormats.push({
        range: { top: 3, left: column, bottom: last, right: column },
        formula: `AND(ISNUMBER(${cell}),${cell}=${level})`,
        style: { fill },
        priority: conditionalFormats.length + 1,
      }),
    );
  }
  return sheetPlan(name, {
    cells,
    columns: headings.map((_, index) => ({ index, width: index === 0 ? 18 : index % 2 ? 12 : 8 })),
    rows: [{ index: 2, height: 45 }],
    conditionalFormats,
    protect: true,
    freeze: { rows: 3, columns: 1 },
  });
}
