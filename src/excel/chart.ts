/**
 * A planned chart put (back) on a sheet of the live workbook: the same requests generation
 * queues, replacing a chart of the same name, so inserting again never stacks copies.
 *
 * Requirement sets: ExcelApi 1.7 (ChartSeries.setValues/setXAxisValues, Chart.series), ExcelApi 1.2
 * (WorksheetProtection), ExcelApi 1.1 (charts).
 */
import { chartName } from "../sheet/contract";
import type { ChartPlan } from "../sheet/plan";
import { ExcelAdapterError } from "./errors";
import { chartRequest } from "./sheetRequests";

/**
 * Inserts `chart` on `sheet`, replacing the chart of its name. A protected sheet is unprotected
 * for the insert and protected again in the same request. Two syncs.
 *
 * @example
 * // The radar of the domain levels, as the sheet was planned with it:
 * await insertChart(context, "和平区", planAssessmentSheet(pack, options).plan.charts![0]!);
 */
export async function insertChart(
  context: Excel.RequestContext,
  sheet: string,
  chart: ChartPlan,
): Promise<void> {
  const worksheet = context.workbook.worksheets.getItem(sheet);
  worksheet.protection.load("protected");
  const old = worksheet.charts.getItemOrNullObject(chart.name ?? chartName(0));
  try {
    await context.sync();
  } catch (error) {
    throw ExcelAdapterError.wrap(error, "readFailed");
  }
  const protect = worksheet.protection.protected;
  if (protect) worksheet.protection.unprotect();
  if (!old.isNullObject) old.delete();
  chartRequest(sheet, chart, 0).queue(worksheet, (name) =>
    context.workbook.worksheets.getItem(name),
  );
  if (protect) worksheet.protection.protect();
  try {
    await context.sync();
  } catch (error) {
    throw ExcelAdapterError.wrap(error, "writeFailed");
  }
}
