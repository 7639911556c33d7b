/** The charted workbooks the chart tests share: an assessment sheet with a radar of its levels. */
import { BUILTIN_PACK } from "../../src/model";
import { SHEET_NAMES } from "../../src/sheet/contract";
import type { ChartPlan, RangePlan, SheetPlan, WorkbookPlan } from "../../src/sheet/plan";
import { planWorkbook } from "../../src/sheet/planWorkbook";

export const DISTRICT = "和平区";
export const COMPARISON = "区县 对比";

/** The range of a sheet-scoped name of a planned sheet. */
export function named(sheet: SheetPlan, name: string): RangePlan {
  const found = sheet.names.find((n) => n.name === name);
  if (!found) throw new Error(`${sheet.name} has no name ${name}`);
  return found.range;
}

/**
 * A planned (protected) assessment sheet of DISTRICT, its domain ids and levels, and a radar of
 * them placed past the hidden helper columns, in `color`; `rest` is the metadata sheet.
 */
export function chartedAssessment(color: string): {
  readonly plan: WorkbookPlan;
  readonly assessment: SheetPlan;
  readonly rest: readonly SheetPlan[];
  readonly ids: RangePlan;
  readonly levels: RangePlan;
  readonly radar: ChartPlan;
} {
  const { plan } = planWorkbook(BUILTIN_PACK, {
    language: "zh-CN",
    mode: "full",
    formulaStyle: "portable",
    districts: [DISTRICT],
  });
  const [assessment, ...rest] = plan.sheets;
  const ids = named(assessment!, SHEET_NAMES.domainIds);
  const levels = named(assessment!, SHEET_NAMES.domainLevels);
  const radar: ChartPlan = {
    kind: "radar",
    title: `${DISTRICT}：各能力域等级`,
    anchor: { top: 0, left: 30, bottom: 15, right: 37 },
    categories: { sheet: DISTRICT, range: ids },
    series: [{ name: "等级", values: { sheet: DISTRICT, range: levels }, color }],
    axis: { min: 0, max: 5, majorUnit: 1 },
  };
  return { plan, assessment: assessment!, rest, ids, levels, radar };
}
