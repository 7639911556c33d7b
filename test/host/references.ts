/**
 * What Excel does to references when a sheet is renamed or deleted: every formula, name,
 * conditional format and validation that names the sheet follows the new name, or becomes #REF!.
 */
import type { FakeSheet, FakeName } from "./workbook";
import { sheetPrefix } from "./workbook";

const NAME_CHAR = /[\p{L}\p{N}_\\.]/u;

/**
 * Replaces every reference to sheet `from` ("'My sheet'!A1", "Sheet1!A1", any case) in a formula
 * with `to` (a sheet prefix such as "'New name'", or "#REF" for a deleted sheet, giving "#REF!A1").
 * Text inside string literals is left alone.
 */
export function replaceSheetReferences(formula: string, from: string, to: string): string {
  if (!formula.includes("!")) return formula;
  const lower = from.toLowerCase();
  let out = "";
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < formula.length && !(formula[j] === '"' && formula[j + 1] !== '"'))
        j += formula[j] === '"' ? 2 : 1;
      out += formula.slice(i, j + 1);
      i = j + 1;
    } else if (ch === "'") {
      let j = i + 1;
      while (j < formula.length && !(formula[j] === "'" && formula[j + 1] !== "'"))
        j += formula[j] === "'" ? 2 : 1;
      const name = formula.slice(i + 1, j).replace(/''/g, "'");
      const isRef = formula[j + 1] === "!";
      out += isRef && name.toLowerCase() === lower ? to : formula.slice(i, j + 1);
      i = j + 1;
    } else if (NAME_CHAR.test(ch) && (i === 0 || !NAME_CHAR.test(formula[i - 1]!))) {
      let j = i;
      while (j < formula.length && NAME_CHAR.test(formula[j]!)) j++;
      const word = formula.slice(i, j);
      out += formula[j] === "!" && word.toLowerCase() === lower ? to : word;
      i = j;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Applies a rename (`to` = the new name) or a deletion (`to` = null) to the whole workbook. */
export function followSheet(
  sheets: readonly FakeSheet[],
  workbookNames: FakeName[],
  from: string,
  to: string | null,
): void {
  const target = to === null ? "#REF" : sheetPrefix(to);
  const fix = (text: string) => replaceSheetReferences(text, from, target);
  // Formulas ("=…") and the series' source addresses ("values", "xAxisValues").
  const fixSettings = (settings: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(settings)) {
      if (typeof value !== "string") continue;
      if (value.startsWith("=") || key === "values" || key === "xAxisValues")
        settings[key] = fix(value);
    }
  };
  for (const name of workbookNames) name.formula = fix(name.formula);
  for (const sheet of sheets) {
    for (const cell of sheet.cells.values()) if (cell.formula) cell.formula = fix(cell.formula);
    for (const name of sheet.names) name.formula = fix(name.formula);
    for (const format of sheet.conditionalFormats) fixSettings(format.settings);
    for (const validation of sheet.validations) {
      const rule = validation.settings["rule"] as { list?: { source?: unknown } } | undefined;
      if (typeof rule?.list?.source === "string" && rule.list.source.startsWith("="))
        validation.settings["rule"] = {
          ...rule,
          list: { ...rule.list, source: fix(rule.list.source) },
        };
    }
    for (const chart of sheet.charts) {
      chart.source = fix(chart.source);
      fixSettings(chart.settings);
      for (const series of chart.series) fixSettings(series.settings);
    }
  }
}
