// `ctmm upgrade`: a filled workbook's entries carried into a fresh template.
import { resolve } from "node:path";
import type { ModelPack } from "../../model";
import { describePack } from "../../model";
import { address } from "../../sheet/a1";
import type { WorkbookGrid } from "../../sheet/grid";
import { cellKey } from "../../sheet/grid";
import { SHEET_NAMES } from "../../sheet/contract";
import { carryEntries, readSheetEntries } from "../../sheet/entries";
import { planWorkbook } from "../../sheet/planWorkbook";
import { withCachedValues } from "../../sheet/cachedValues";
import {
  findName,
  listAssessmentSheets,
  readSheetAssessment,
  SheetReadError,
} from "../../sheet/readAssessment";
import { FINDING_CODES } from "../../sheet/validateWorkbook";
import { writeXlsx } from "../../xlsx";
import { cleanText, describeProblem, words } from "../messages";
import { fileIdentity, openReturn } from "../readReturn";
import type { CliOutput } from "../support";
import {
  EXIT,
  UsageError,
  parse,
  langOption,
  environmentLanguage,
  loadModel,
  refuseOverwrite,
  writeOutput,
  safeValidate,
} from "../support";

export function upgrade(
  args: readonly string[],
  out: CliOutput,
  env: Record<string, string | undefined>,
): number {
  const { values, positionals } = parse(args, {
    out: { type: "string" },
    model: { type: "string" },
    lang: { type: "string" },
    force: { type: "boolean" },
  });
  if (positionals.length !== 1) throw new UsageError("upgrade needs exactly one .xlsx file");
  if (values.out === undefined) throw new UsageError("upgrade needs --out NEW.xlsx");
  const file = positionals[0]!;
  const target = resolve(values.out as string);
  if (target === resolve(file) || fileIdentity(file)?.key === fileIdentity(target)?.key)
    throw new UsageError(`${file}: --out must be a new file; the input is never modified`);
  refuseOverwrite(target, values.force === true);
  const pack = loadModel(values.model as string | undefined);
  const opened = openReturn(file);
  if (!opened.ok)
    throw new UsageError(
      `${file}: ${describeProblem(opened.problem, langOption(values.lang) ?? environmentLanguage(env))}`,
    );
  const grid = opened.grid;
  const names = listAssessmentSheets(grid);
  if (names.length === 0) throw new UsageError(`${file}: no CTMM assessment sheet to upgrade`);

  const sheets = names.map((name) => {
    try {
      return readSheetAssessment(grid, name);
    } catch (error) {
      if (error instanceof SheetReadError)
        throw new UsageError(`${file}: sheet "${name}": ${error.message}`);
      throw error;
    }
  });
  const language = sheets[0]!.metadata?.language ?? "zh-CN";
  const messages = langOption(values.lang) ?? language;
  const mode = sheets[0]!.mode;
  if (sheets.some((s) => s.mode !== mode))
    throw new UsageError(
      `${file}: mixes full and quick sheets; upgrade them one workbook per mode`,
    );
  const planned = planWorkbook(pack, {
    language,
    mode,
    // A file written here cannot carry add-in formulas that Excel recognises (see template).
    formulaStyle: "portable",
    districts: sheets.map((s) => s.district),
    sheetNames: sheets.map((s) => s.sheet),
  });
  const sources = new Map(
    sheets.map((sheet, index) => [
      planned.sheets[index]!.plan.name,
      readSheetEntries(grid, sheet.sheet)!, // not null: every sheet was read above
    ]),
  );
  const { plan, dropped } = carryEntries(planned, sources, pack);
  writeOutput(target, writeXlsx(withCachedValues(plan, pack)));
  const w = words(messages);
  if (sheets.some((s) => s.metadata?.formulaStyle === "addin"))
    out.stderr(`${cleanText(file)}: ${w.addinConverted}`);
  for (const { sheet, itemId } of dropped)
    out.stderr(`${cleanText(file)}: ${w.dropped(cleanText(sheet), itemId, describePack(pack))}`);
  const formulas = ratingFormulas(grid, names, pack);
  for (const f of formulas)
    out.stderr(
      `${cleanText(file)}: ${words(messages).sheet(cleanText(f.sheet))}: ${words(messages).ratingFormula(f.cell, cleanText(f.formula).slice(0, 60))}`,
    );
  out.stdout(target);
  return formulas.length > 0 ? EXIT.findings : EXIT.ok;
}

/**
 * Rating cells that hold a formula: validation's RATING_FORMULA findings where validation has
 * that check, else the formula cells inside each sheet's CTMM_Ratings.
 */
function ratingFormulas(
  grid: WorkbookGrid,
  sheets: readonly string[],
  pack: ModelPack,
): { sheet: string; cell: string; formula: string }[] {
  const formulaAt = (sheet: string, cell: string) => {
    const found = grid.sheets.find((s) => s.name === sheet);
    for (const [key, value] of found?.cells ?? []) {
      const [row, column] = key.split(",").map(Number) as [number, number];
      if (address(row, column) === cell) return value.formula ?? "";
    }
    return "";
  };
  if ("RATING_FORMULA" in FINDING_CODES) {
    return safeValidate(grid, pack)
      .filter((f) => (f.code as string) === "RATING_FORMULA")
      .map((f) => ({
        sheet: f.sheet,
        cell: f.cell ?? "",
        formula: formulaAt(f.sheet, f.cell ?? ""),
      }));
  }
  const found: { sheet: string; cell: string; formula: string }[] = [];
  for (const name of sheets) {
    const target = findName(grid, name, SHEET_NAMES.ratings)?.target;
    const sheet = grid.sheets.find((s) => s.name === name);
    if (!target || !sheet || target.sheet !== name) continue;
    for (let row = target.top; row <= target.bottom; row++)
      for (let column = target.left; column <= target.right; column++) {
        const formula = sheet.cells.get(cellKey(row, column))?.formula;
        if (formula !== undefined) found.push({ sheet: name, cell: address(row, column), formula });
      }
  }
  return found;
}
