import type { Localized, ModelPack } from "../model";
import { createRatingParser, LEVEL_COUNT, levelFromScores, listItems } from "../model";
import type { RatingCell } from "../model";
import { address, rangeAddress } from "./a1";
import { matchPack, packMatchMessage } from "./matchPack";
import type { GridCell, SheetGrid, WorkbookGrid } from "./grid";
import { cellKey } from "./grid";
import type { RangePlan } from "./plan";
import type { AssessmentSheet } from "./planAssessmentSheet";
import { planAssessmentSheet, SHEET_NAMES } from "./planAssessmentSheet";
import { inputCells } from "./planWorkbook";
import type { SheetAssessment } from "./readAssessment";
import {
  findName,
  listAssessmentSheets,
  readSheetAssessment,
  SheetReadError,
  sheetThreshold,
} from "./readAssessment";

/** The findings of SPEC §8. Codes are stable: tools and people may rely on them. */
export const FINDING_CODES = {
  RATING_INVALID: "error",
  CELL_CHANGED: "error",
  NAME_MISSING: "error",
  NAME_MOVED: "error",
  ROWS_CHANGED: "error",
  MODEL_MISMATCH: "error",
  RATING_MISSING: "warning",
  ROW_MIXES_NA: "warning",
  ROW_NOT_CUMULATIVE: "warning",
  EVIDENCE_MISSING: "warning",
} as const;

export type FindingCode = keyof typeof FINDING_CODES;
export type Severity = (typeof FINDING_CODES)[FindingCode];

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly sheet: string;
  /** The A1 address of the cell at fault, or null for a finding about the whole sheet. */
  readonly cell: string | null;
  readonly message: Localized;
}

/** Items at this level or above should say what evidence supports them. */
const EVIDENCE_LEVEL = 3;

/**
 * Checks every assessment sheet of a workbook against the model pack (SPEC §8): the structure
 * (metadata, defined names, item rows, every formula and locked cell, compared with a fresh plan
 * of the same template) and the entries (ratings on the scale, missing ratings, N/A mixed with
 * ratings, non-cumulative rows, evidence for items at level 3 or above).
 */
export function validateWorkbook(grid: WorkbookGrid, pack: ModelPack): Finding[] {
  const findings: Finding[] = [];
  for (const name of listAssessmentSheets(grid)) {
    const sheet = grid.sheets.find((s) => s.name === name)!;
    let assessment: SheetAssessment;
    try {
      assessment = readSheetAssessment(grid, name);
    } catch (error) {
      if (!(error instanceof SheetReadError)) throw error;
      findings.push(
        finding("NAME_MISSING", name, null, {
          "zh-CN": `无法读取此评估表：${error.message}`,
          "en-US": `This assessment sheet cannot be read: ${error.message}`,
        }),
      );
      continue;
    }
    findings.push(...validateSheet(grid, sheet, assessment, pack));
  }
  return findings;
}

function validateSheet(
  grid: WorkbookGrid,
  sheet: SheetGrid,
  assessment: SheetAssessment,
  pack: ModelPack,
): Finding[] {
  const findings: Finding[] = [];
  const add = (code: FindingCode, cell: string | null, message: Localized) =>
    findings.push(finding(code, sheet.name, cell, message));
  const metadata = assessment.metadata;

  const match = matchPack(metadata, pack);
  if (match.status !== "match") {
    add("MODEL_MISMATCH", null, {
      "zh-CN": packMatchMessage(match, "zh-CN"),
      "en-US": packMatchMessage(match, "en-US"),
    });
  }

  if (match.status === "match" && metadata) {
    // Planned at the sheet's own threshold: a threshold set in the pane is not a changed cell.
    const threshold = sheetThreshold(metadata, pack);
    const expected = planAssessmentSheet(
      { ...pack, threshold },
      {
        language: metadata.language,
        mode: metadata.mode,
        formulaStyle: metadata.formulaStyle,
        sheetName: sheet.name,
      },
    );
    const structureIntact = checkNamesAndRows(grid, sheet, expected, pack, add);
    if (structureIntact) checkCells(sheet, expected, add);
  }
  checkEntries(sheet, assessment, pack, add);
  return findings;
}

type Add = (code: FindingCode, cell: string | null, message: Localized) => void;

/** Defined names where the template put them, and the item rows as the model lists them. */
function checkNamesAndRows(
  grid: WorkbookGrid,
  sheet: SheetGrid,
  expected: AssessmentSheet,
  pack: ModelPack,
  add: Add,
): boolean {
  let intact = true;
  const expectedIds = listItems(pack).map((p) => p.item.id as string);
  const idsName = findName(grid, sheet.name, SHEET_NAMES.itemIds)?.target;
  if (idsName && idsName.sheet === sheet.name) {
    const ids: string[] = [];
    for (let row = idsName.top; row <= idsName.bottom; row++)
      ids.push(text(sheet.cells.get(cellKey(row, idsName.left))));
    const firstDifference = Array.from(
      { length: Math.max(ids.length, expectedIds.length) },
      (_, i) => i,
    ).find((i) => ids[i] !== expectedIds[i]);
    if (firstDifference !== undefined) {
      intact = false;
      const row = idsName.top + Math.min(firstDifference, Math.max(ids.length - 1, 0));
      add("ROWS_CHANGED", address(row, idsName.left), {
        "zh-CN": `能力项区域有行被插入、删除或调换：应有 ${expectedIds.length} 个能力项，实有 ${ids.length} 行，第 ${firstDifference + 1} 个起不一致`,
        "en-US": `Rows were inserted, deleted or moved in the item block: ${expectedIds.length} items expected, ${ids.length} rows found, differing from item ${firstDifference + 1}`,
      });
    }
  }
  for (const name of expected.plan.names) {
    const found = findName(grid, sheet.name, name.name);
    const where = rangeAddress(name.range);
    if (!found) {
      intact = false;
      add("NAME_MISSING", where, {
        "zh-CN": `缺少名称 ${name.name}（应指向 ${where}）`,
        "en-US": `The defined name ${name.name} is missing (it should refer to ${where})`,
      });
    } else if (
      !found.target ||
      found.target.sheet !== sheet.name ||
      !sameRange(found.target, name.range)
    ) {
      if (!intact) continue; // moved rows move names too; one finding says it
      intact = false;
      add("NAME_MOVED", where, {
        "zh-CN": `名称 ${name.name} 指向 ${found.reference}，应为 ${where}`,
        "en-US": `The defined name ${name.name} refers to ${found.reference} instead of ${where}`,
      });
    }
  }
  return intact;
}

/** Every formula and locked constant as the template wrote it; nothing typed into locked cells. */
function checkCells(sheet: SheetGrid, expected: AssessmentSheet, add: Add): void {
  const inputs = inputCells(expected);
  const planned = new Map(expected.plan.cells.map((c) => [cellKey(c.row, c.column), c]));
  for (const [key, cell] of planned) {
    if (inputs.has(key)) continue;
    const actual = sheet.cells.get(key);
    const at = address(cell.row, cell.column);
    if (cell.formula !== undefined) {
      if (!actual?.formula || normalizeFormula(actual.formula) !== normalizeFormula(cell.formula)) {
        add("CELL_CHANGED", at, {
          "zh-CN": `公式被修改或删除：${at} 应为 =${cell.formula.slice(0, 60)}${cell.formula.length > 60 ? "…" : ""}`,
          "en-US": `A formula was changed or removed: ${at} should be =${cell.formula.slice(0, 60)}${cell.formula.length > 60 ? "…" : ""}`,
        });
      }
    } else if (cell.value !== null && cell.value !== undefined && !sameValue(actual, cell.value)) {
      add("CELL_CHANGED", at, {
        "zh-CN": `锁定单元格被修改：${at} 应为“${String(cell.value)}”`,
        "en-US": `A locked cell was changed: ${at} should read "${String(cell.value)}"`,
      });
    }
  }
  for (const [key, actual] of sheet.cells) {
    if (planned.has(key) || inputs.has(key)) continue;
    if (actual.formula === undefined && (actual.value === null || actual.value === "")) continue;
    const [row, column] = key.split(",").map(Number) as [number, number];
    const at = address(row, column);
    add("CELL_CHANGED", at, {
      "zh-CN": `锁定区域中出现了新内容：${at}`,
      "en-US": `Something was entered in a locked part of the sheet: ${at}`,
    });
  }
}

/** Ratings on the scale, complete, consistent, and evidence where a level of 3 or more is claimed. */
function checkEntries(
  sheet: SheetGrid,
  assessment: SheetAssessment,
  pack: ModelPack,
  add: Add,
): void {
  const parser = createRatingParser(pack, assessment.mode);
  const levelList = (columns: number[], separator: string) =>
    columns.map((c) => c + 1).join(separator);
  for (const { id, row } of assessment.items) {
    if (id === "") continue;
    const cells = assessment.ratingColumns.map((column) => ({
      column,
      raw: rawValue(sheet.cells.get(cellKey(row, column))),
    }));
    const parsed: (RatingCell & { column: number })[] = cells.map(({ column, raw }) => ({
      ...parser.parse(raw),
      column,
    }));
    let valid = true;
    for (const cell of parsed) {
      if (cell.kind !== "invalid") continue;
      valid = false;
      const at = address(row, cell.column);
      add("RATING_INVALID", at, {
        "zh-CN": `能力项 ${id}：“${cell.text}”不是有效评分${assessment.mode === "full" ? "（全部满足、大部分满足、部分满足、不满足、不适用或 1、0.8、0.5、0）" : "（0–5 的整数或不适用）"}`,
        "en-US": `Item ${id}: "${cell.text}" is not a rating on the scale${assessment.mode === "full" ? " (Fully met, Largely met, Partially met, Not met, N/A or 1, 0.8, 0.5, 0)" : " (a whole level 0-5, or N/A)"}`,
      });
    }
    const na = parsed.filter((c) => c.kind === "na");
    const rated = parsed.filter((c) => c.kind === "rated");
    const blank = parsed.filter((c) => c.kind === "blank");
    if (na.length > 0 && rated.length > 0) {
      add("ROW_MIXES_NA", address(row, na[0]!.column), {
        "zh-CN": `能力项 ${id}：同一行既有“不适用”又有评分；整项将按不适用处理`,
        "en-US": `Item ${id}: the row mixes N/A with ratings; the whole item is treated as not applicable`,
      });
    }
    if (na.length === 0 && blank.length > 0) {
      const levels = blank.map((c) => c.column - assessment.ratingColumns[0]!);
      add("RATING_MISSING", address(row, blank[0]!.column), {
        "zh-CN":
          assessment.mode === "full"
            ? `能力项 ${id}：${levelList(levels, "、")} 级未评分（按 0 计）`
            : `能力项 ${id}：未填写等级（按 0 级计）`,
        "en-US":
          assessment.mode === "full"
            ? `Item ${id}: no rating at level ${levelList(levels, ", ")} (counted as 0)`
            : `Item ${id}: no level entered (counted as level 0)`,
      });
    }
    if (assessment.mode === "full" && na.length === 0) {
      for (let i = 1; i < parsed.length; i++) {
        const lower = parsed[i - 1]!;
        const higher = parsed[i]!;
        if (lower.kind === "rated" && higher.kind === "rated" && higher.value > lower.value) {
          add("ROW_NOT_CUMULATIVE", address(row, higher.column), {
            "zh-CN": `能力项 ${id}：${i + 1} 级评分高于 ${i} 级；较高等级应以具备较低等级特征为前提`,
            "en-US": `Item ${id}: level ${i + 1} is rated above level ${i}; a higher level presumes the lower ones`,
          });
          break;
        }
      }
    }
    if (valid && na.length === 0 && assessment.evidenceColumn !== null) {
      const ratings =
        assessment.mode === "full"
          ? parsed.map((c) => (c.kind === "rated" ? c.value : 0))
          : Array.from({ length: LEVEL_COUNT }, (_, l) =>
              parsed[0]!.kind === "rated" && (parsed[0] as { value: number }).value > l ? 1 : 0,
            );
      const level = levelFromScores(ratings, pack.threshold);
      const note = text(sheet.cells.get(cellKey(row, assessment.evidenceColumn)));
      if (level >= EVIDENCE_LEVEL && note === "") {
        add("EVIDENCE_MISSING", address(row, assessment.evidenceColumn), {
          "zh-CN": `能力项 ${id} 达到 ${level} 级，但未填写佐证材料`,
          "en-US": `Item ${id} reaches level ${level} but no evidence is noted`,
        });
      }
    }
  }
}

function finding(
  code: FindingCode,
  sheet: string,
  cell: string | null,
  message: Localized,
): Finding {
  return { code, severity: FINDING_CODES[code], sheet, cell, message };
}

/** Formulas as apps save them: no spaces, upper case outside strings, no _xlfn. prefixes. */
export function normalizeFormula(formula: string): string {
  return formula
    .replace(/^=/, "")
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/\s+/g, "")
            .replace(/_xlfn\.|_xlws\./gi, "")
            .toUpperCase(),
    )
    .join("");
}

function sameRange(a: RangePlan, b: RangePlan): boolean {
  return a.top === b.top && a.left === b.left && a.bottom === b.bottom && a.right === b.right;
}

function sameValue(actual: GridCell | undefined, expected: string | number | boolean): boolean {
  if (!actual) return false;
  if (typeof expected === "number") {
    const value = typeof actual.value === "number" ? actual.value : Number(actual.value);
    return Math.abs(value - expected) <= 1e-12 * Math.max(1, Math.abs(expected));
  }
  return String(actual.value ?? "").trim() === String(expected).trim();
}

function rawValue(cell: GridCell | undefined): unknown {
  if (!cell) return null;
  return cell.error ?? cell.value;
}

function text(cell: GridCell | undefined): string {
  return cell && cell.value !== null ? String(cell.value).trim() : "";
}
