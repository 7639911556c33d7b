/**
 * A native Excel radar chart of an assessment sheet's domain levels, drawn from the sheet's own
 * cells (CTMM_DomainLevels, labelled by CTMM_DomainIds), so it follows the ratings.
 *
 * Requirement sets: ExcelApi 1.7 (ChartSeries.setXAxisValues, Chart.series), ExcelApi 1.4
 * (Worksheet.names), ExcelApi 1.2 (WorksheetProtection), ExcelApi 1.1 (charts).
 */
import { DOMAIN_CHART_NAME, SHEET_NAMES } from "../sheet/contract";
import { ExcelAdapterError } from "./errors";
import { splitReference } from "./readGrid";
import { parseRange, rangeAddress } from "../sheet/a1";

/** The name the chart gets (the planned chart's), so that inserting replaces it, never stacks. */
export { DOMAIN_CHART_NAME };

/**
 * Inserts (or replaces) the radar chart of `sheet`'s domain levels beside its results. A
 * protected sheet is unprotected for the insert and protected again in the same request. Two
 * syncs.
 */
export async function insertDomainChart(
  context: Excel.RequestContext,
  sheet: string,
  text: { readonly title: string; readonly series: string },
): Promise<void> {
  const worksheet = context.workbook.worksheets.getItem(sheet);
  const levels = worksheet.names.getItemOrNullObject(SHEET_NAMES.domainLevels);
  const ids = worksheet.names.getItemOrNullObject(SHEET_NAMES.domainIds);
  levels.load("formula");
  ids.load("formula");
  worksheet.protection.load("protected");
  const used = worksheet.getUsedRangeOrNullObject(true);
  used.load("address");
  const old = worksheet.charts.getItemOrNullObject(DOMAIN_CHART_NAME);
  try {
    await context.sync();
  } catch (error) {
    throw ExcelAdapterError.wrap(error, "readFailed");
  }
  if (levels.isNullObject || ids.isNullObject) {
    throw new ExcelAdapterError("notAssessment", null, `${sheet} has no ${SHEET_NAMES.domainIds}`);
  }
  const local = (formula: string) => splitReference(formula.replace(/^=/, "")).reference;
  const levelsRange = worksheet.getRange(local(levels.formula));
  const idsRange = worksheet.getRange(local(ids.formula));
  const protect = worksheet.protection.protected;
  if (protect) worksheet.protection.unprotect();
  if (!old.isNullObject) old.delete();
  const chart = worksheet.charts.add("RadarMarkers", levelsRange, "Columns");
  chart.name = DOMAIN_CHART_NAME;
  chart.title.text = text.title;
  chart.legend.visible = false;
  // Levels run 0..5 on every chart, so two districts' charts compare at a glance.
  chart.axes.valueAxis.minimum = 0;
  chart.axes.valueAxis.maximum = 5;
  chart.axes.valueAxis.majorUnit = 1;
  const series = chart.series.getItemAt(0);
  series.name = text.series;
  series.setXAxisValues(idsRange);
  // Beside the used range, at the top: out of the way of every input.
  const block = used.isNullObject ? null : parseRange(splitReference(used.address).reference);
  const left = block ? block.right + 2 : 0;
  chart.setPosition(
    rangeAddress({ top: 1, left, bottom: 1, right: left }),
    rangeAddress({ top: 20, left: left + 6, bottom: 20, right: left + 6 }),
  );
  if (protect) worksheet.protection.protect();
  try {
    await context.sync();
  } catch (error) {
    throw ExcelAdapterError.wrap(error, "writeFailed");
  }
}
