import type { Localized, ModelPack } from "../model";
import {
  createRatingParser,
  describeInvalidRating,
  LEVEL_COUNT,
  levelFromScores,
  listItems,
} from "../model";
import type { AssessmentMode, RatingCell } from "../model";
import { address, rangeAddress } from "./a1";
import { fingerprintSheet } from "./fingerprint";
import { compareVersions, matchPack, packMatchMessage } from "./matchPack";
import type { GridCell, GridName, SheetGrid, WorkbookGrid } from "./grid";
import { cellKey } from "./grid";
import type { CellPlan, RangePlan } from "./plan";
import type { AssessmentSheet, SheetMetadata } from "./contract";
import { inputCells, REVIEW_NAMES, SHEET_NAMES, TEMPLATE_VERSION } from "./contract";
import { planAssessmentSheet } from "./planAssessmentSheet";
import type { RatingFormula, SheetAssessment } from "./readAssessment";
import {
  listAssessmentSheets,
  readMetadata,
  readSheetAssessment,
  SheetReadError,
  sheetThreshold,
} from "./readAssessment";

/**
 * The findings of SPEC §8. Codes are stable: tools and people may rely on them; new codes are
 * added, never renamed.
 */
export const FINDING_CODES = {
  RATING_INVALID: "error",
  /**
   * A rating the sheet's formulas cannot read although its meaning is plain (a number stored as
   * text, a label with special spaces, full-width characters or a line break): retype it.
   */
  RATING_TEXT: "error",
  /** A formula in a rating cell: its result is never taken as the rating, nor as a blank. */
  RATING_FORMULA: "error",
  CELL_CHANGED: "error",
  NAME_MISSING: "error",
  NAME_MOVED: "error",
  /** CTMM names defined for the whole workbook instead of for their assessment sheet. */
  NAME_WRONG_SCOPE: "error",
  ROWS_CHANGED: "error",
  MODEL_MISMATCH: "error",
  /** Made from an older template: one finding (upgrade it), no cell-by-cell comparison. */
  TEMPLATE_OUTDATED: "error",
  /** Made from a newer template than this version knows: update CTMM, no comparison. */
  TEMPLATE_NEWER: "error",
  /** The metadata's fingerprint is not the fingerprint of the template it names. */
  FINGERPRINT_MISMATCH: "error",
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
 * Checks every assessment sheet of a workbook against the model pack (SPEC §8): the metadata
 * (model pack and version, template version, fingerprint), the structure (defined names and their
 * scope, item rows, every formula and locked cell, compared with a fresh plan of the same
 * template) and the entries (ratings on the scale and not computed, missing ratings, N/A mixed
 * with ratings, non-cumulative rows, evidence for items at level 3 or above).
 *
 * A sheet made for another model or from another template version gets one finding saying what
 * to do, and no comparison with a template it was not made from.
 */
export function validateWorkbook(grid: WorkbookGrid, pack: ModelPack): Finding[] {
  return checkWorkbook(grid, pack).findings;
}

/**
 * `validateWorkbook`, and the sheets as it read them (those it could read), so that scoring the
 * same returns does not read every sheet a second time.
 */
export function checkWorkbook(
  grid: WorkbookGrid,
  pack: ModelPack,
): { findings: Finding[]; reads: ReadonlyMap<string, SheetAssessment> } {
  const metadata = readMetadata(grid);
  const findings: Finding[] = [];
  const reads = new Map<string, SheetAssessment>();
  const names = indexNames(grid);
  for (const name of listAssessmentSheets(grid)) {
    const sheet = grid.sheets.find((s) => s.name === name)!;
    // A loop, not push(...): a tampered sheet can have more findings than the stack has room.
    for (const found of validateSheet(grid, names, sheet, metadata.get(name) ?? null, pack, reads))
      findings.push(found);
  }
  return { findings, reads };
}

function validateSheet(
  grid: WorkbookGrid,
  names: NameIndex,
  sheet: SheetGrid,
  metadata: SheetMetadata | null,
  pack: ModelPack,
  reads: Map<string, SheetAssessment>,
): Finding[] {
  const findings: Finding[] = [];
  const add = (code: FindingCode, cell: string | null, message: Localized) =>
    findings.push(finding(code, sheet.name, cell, message));

  checkScope(names, sheet, add);
  const template = expectedTemplate(sheet, metadata, pack, add);
  const expected = template?.sheet ?? null;
  let structure = { intact: true, reported: false };
  if (template && expected && metadata) {
    checkFingerprint(metadata, template, add);
    structure = checkNamesAndRows(names, sheet, expected, pack, add);
  }

  let assessment: SheetAssessment;
  try {
    assessment = readSheetAssessment(grid, sheet.name);
  } catch (error) {
    if (!(error instanceof SheetReadError)) throw error;
    // The names' findings say already why the sheet cannot be read.
    if (!structure.reported) addReadError(error, expected, add);
    return findings;
  }
  reads.set(sheet.name, assessment);
  if (template && structure.intact) checkCells(sheet, template, add);
  checkEntries(sheet, assessment, pack, add);
  if (metadata?.kind === "review") checkReviewed(names, sheet, assessment, pack, add);
  return findings;
}

type Add = (code: FindingCode, cell: string | null, message: Localized) => void;

const itemIds = new WeakMap<ModelPack, readonly string[]>();

/** The pack's item ids in sheet order; packs are immutable once loaded. */
function itemIdsOf(pack: ModelPack): readonly string[] {
  let ids = itemIds.get(pack);
  if (!ids) itemIds.set(pack, (ids = listItems(pack).map((p) => p.item.id as string)));
  return ids;
}

/** Defined names where the template put them, and the item rows as the model lists them. */
function checkNamesAndRows(
  names: NameIndex,
  sheet: SheetGrid,
  expected: AssessmentSheet,
  pack: ModelPack,
  add: Add,
): { intact: boolean; reported: boolean } {
  let intact = true;
  const expectedIds = itemIdsOf(pack);
  const idsName = nameOf(names, sheet.name, SHEET_NAMES.itemIds)?.target;
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
    const found = nameOf(names, sheet.name, name.name);
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
  // Every break found above is reported: intact or not, there is nothing left to explain.
  return { intact, reported: !intact };
}

/**
 * The template to compare the sheet with: the current template of the pack, planned as the
 * metadata says the sheet was made (language, mode, formulas, threshold). Null, after one finding
 * saying why, when the sheet was made for another model, from another template version, or has no
 * metadata: comparing it cell by cell with a template it was not made from would only cascade.
 */
function expectedTemplate(
  sheet: SheetGrid,
  metadata: SheetMetadata | null,
  pack: ModelPack,
  add: Add,
): Template | null {
  const match = matchPack(metadata, pack);
  if (match.status !== "match") {
    add("MODEL_MISMATCH", null, {
      "zh-CN": packMatchMessage(match, "zh-CN"),
      "en-US": packMatchMessage(match, "en-US"),
    });
    return null;
  }
  if (!metadata) return null; // only recorded metadata matches
  const made = metadata.templateVersion;
  const order = /^\d+(\.\d+)*$/.test(made) ? compareVersions(made, TEMPLATE_VERSION) : -1;
  if (order < 0) {
    add("TEMPLATE_OUTDATED", null, {
      "zh-CN": `此表按较早的模板${made ? `（版本 ${made}）` : ""}生成，当前模板为版本 ${TEMPLATE_VERSION}；请用 ctmm upgrade 升级，评分、佐证和表头信息都会保留`,
      "en-US": `This sheet was made from an older template${made ? ` (version ${made})` : ""} than the current one (version ${TEMPLATE_VERSION}); upgrade it with ctmm upgrade, which keeps every rating, evidence note and header field`,
    });
    return null;
  }
  if (order > 0) {
    add("TEMPLATE_NEWER", null, {
      "zh-CN": `此表按模板版本 ${made} 生成，新于本版本 CTMM 支持的模板版本 ${TEMPLATE_VERSION}；请更新 CTMM 加载项或 ctmm 命令后再校验`,
      "en-US": `This sheet was made from template version ${made}, newer than this version of CTMM knows (version ${TEMPLATE_VERSION}); update the CTMM add-in or the ctmm command to check it`,
    });
    return null;
  }
  // Planned at the sheet's own threshold: a threshold set in the pane is not a changed cell.
  return templateFor(pack, metadata);
}

/**
 * A template as validation compares against it, planned once per pack, language, mode, formula
 * style and threshold (the plan does not depend on the sheet's name): its fingerprint, its input
 * cells, and every locked cell with the formula already normalised. Returns come in batches of
 * hundreds made from the same template, so each is checked against the same precomputed data.
 */
interface Template {
  readonly sheet: AssessmentSheet;
  readonly fingerprint: string;
  readonly inputs: ReadonlySet<string>;
  readonly planned: ReadonlyMap<string, CellPlan>;
  /** The locked cells to compare, with normalised formulas. */
  readonly locked: readonly {
    readonly key: string;
    readonly cell: CellPlan;
    readonly normalized: string | null;
  }[];
}

const templates = new WeakMap<ModelPack, Map<string, Template>>();

function templateFor(pack: ModelPack, metadata: SheetMetadata): Template {
  const threshold = sheetThreshold(metadata, pack);
  const review = metadata.kind === "review";
  const key = [metadata.language, metadata.mode, metadata.formulaStyle, threshold, review].join(
    "|",
  );
  let byKey = templates.get(pack);
  if (!byKey) templates.set(pack, (byKey = new Map()));
  let template = byKey.get(key);
  if (!template) {
    const sheet = planAssessmentSheet(
      { ...pack, threshold },
      {
        language: metadata.language,
        mode: metadata.mode,
        formulaStyle: metadata.formulaStyle,
        sheetName: "CTMM",
        review,
      },
    );
    const inputs = inputCells(sheet);
    const planned = new Map(sheet.plan.cells.map((c) => [cellKey(c.row, c.column), c]));
    const locked = [...planned]
      .filter(([key]) => !inputs.has(key))
      .map(([key, cell]) => ({
        key,
        cell,
        normalized: cell.formula === undefined ? null : normalizeFormula(cell.formula),
      }));
    template = {
      sheet,
      fingerprint: fingerprintSheet(sheet.plan, inputs),
      inputs,
      planned,
      locked,
    };
    byKey.set(key, template);
  }
  return template;
}

/**
 * The fingerprint recorded at generation against the fingerprint of the template the metadata
 * names. They differ when the metadata was edited (a version, mode or threshold changed to fit),
 * or copied from another sheet: the sheet is then not what its metadata says.
 */
function checkFingerprint(metadata: SheetMetadata, template: Template, add: Add): void {
  const fingerprint = template.fingerprint;
  if (metadata.fingerprint === fingerprint) return;
  const recorded = metadata.fingerprint === "" ? "—" : metadata.fingerprint;
  add("FINGERPRINT_MISMATCH", null, {
    "zh-CN": `此表在 CTMM_Meta 中记录的结构指纹（${recorded}）与其模板不符（应为 ${fingerprint}）：表的结构或元数据被改动过`,
    "en-US": `The structure fingerprint recorded for this sheet in CTMM_Meta (${recorded}) does not match its template (${fingerprint}): the sheet's structure or its metadata was altered`,
  });
}

/**
 * CTMM names defined for the whole workbook instead of for the sheet they point into: one
 * finding on that sheet, whatever the number of names. Readers still find them (as Excel
 * resolves them), but a second assessment sheet could not have its own.
 */
function checkScope(names: NameIndex, sheet: SheetGrid, add: Add): void {
  const wrong = Object.values(SHEET_NAMES).filter((name) => {
    const matches = names.get(name.toLowerCase()) ?? [];
    return (
      !matches.some((n) => n.scope === sheet.name) &&
      matches.some((n) => n.scope === null && n.target?.sheet === sheet.name)
    );
  });
  if (wrong.length === 0) return;
  add("NAME_WRONG_SCOPE", null, {
    "zh-CN": `定义名称 ${wrong.join("、")} 的范围是整个工作簿，应为此工作表（工作表级名称），以便每张评估表各有一套`,
    "en-US": `The defined names ${wrong.join(", ")} are scoped to the whole workbook; they must be scoped to this sheet, so that every assessment sheet has its own`,
  });
}

/** A sheet that cannot be read, when no name finding says why already. */
function addReadError(error: SheetReadError, expected: AssessmentSheet | null, add: Add): void {
  const name = error.definedName;
  const range = expected?.plan.names.find((n) => n.name === name)?.range;
  const where = range ? rangeAddress(range) : null;
  if (name && error.reason === "missing") {
    add("NAME_MISSING", where, {
      "zh-CN": `缺少名称 ${name}，无法读取此评估表`,
      "en-US": `The defined name ${name} is missing, so this assessment sheet cannot be read`,
    });
    return;
  }
  add(
    "NAME_MOVED",
    where,
    name
      ? {
          "zh-CN": `名称 ${name} 未指向此表中应有的区域，无法读取此评估表`,
          "en-US": `This assessment sheet cannot be read: ${error.message}`,
        }
      : {
          "zh-CN": `无法读取此评估表：其定义名称不完整或位置不对`,
          "en-US": `This assessment sheet cannot be read: ${error.message}`,
        },
  );
}

/** Every formula and locked constant as the template wrote it; nothing typed into locked cells. */
function checkCells(sheet: SheetGrid, template: Template, add: Add): void {
  const { inputs, planned } = template;
  for (const { key, cell, normalized } of template.locked) {
    const actual = sheet.cells.get(key);
    if (normalized !== null) {
      // As written, or as another app saved it (spacing, case, _xlfn. prefixes).
      if (actual?.formula === cell.formula) continue;
      if (!actual?.formula || normalizeFormula(actual.formula) !== normalized) {
        const at = address(cell.row, cell.column);
        const formula = cell.formula!;
        add("CELL_CHANGED", at, {
          "zh-CN": `公式被修改或删除：${at} 应为 =${formula.slice(0, 60)}${formula.length > 60 ? "…" : ""}`,
          "en-US": `A formula was changed or removed: ${at} should be =${formula.slice(0, 60)}${formula.length > 60 ? "…" : ""}`,
        });
      }
    } else if (cell.value !== null && cell.value !== undefined && !sameValue(actual, cell.value)) {
      const at = address(cell.row, cell.column);
      add("CELL_CHANGED", at, {
        "zh-CN": `锁定单元格被修改：${at} 应为“${String(cell.value)}”`,
        "en-US": `A locked cell was changed: ${at} should read "${String(cell.value)}"`,
      });
    }
  }
  for (const [key, actual] of sheet.cells) {
    if (actual.formula === undefined && (actual.value === null || actual.value === "")) continue;
    if (planned.has(key) || inputs.has(key)) continue;
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
  const { mode, ratingColumns, evidenceColumn } = assessment;
  const parser = createRatingParser(pack, mode);
  const threshold = sheetThreshold(assessment.metadata, pack);
  const formulas = new Map(assessment.ratingFormulas.map((f) => [cellKey(f.row, f.column), f]));
  const levelOf = (column: number) => column - ratingColumns[0]! + 1;
  const levelList = (cells: readonly ParsedRating[], separator: string) =>
    cells.map((c) => levelOf(c.column)).join(separator);
  for (const { id, row } of assessment.items) {
    if (id === "") continue;
    // A computed cell is reported, and is neither blank nor a rating: the row's other checks
    // leave it out.
    const parsed: ParsedRating[] = [];
    let valid = true;
    for (const column of ratingColumns) {
      const key = cellKey(row, column);
      const formula = formulas.size === 0 ? undefined : formulas.get(key);
      if (formula) {
        valid = false;
        add("RATING_FORMULA", formula.cell, ratingFormulaMessage(formula));
      } else {
        parsed.push({ rating: parser.parse(rawValue(sheet.cells.get(key))), column });
      }
    }
    let firstNa: ParsedRating | undefined;
    let rated = 0;
    const blank: ParsedRating[] = [];
    for (const cell of parsed) {
      const { rating } = cell;
      if (rating.kind === "rated") rated++;
      else if (rating.kind === "blank") blank.push(cell);
      else if (rating.kind === "na") firstNa ??= cell;
      else {
        valid = false;
        addInvalidRating(add, address(row, cell.column), id, rating, mode);
      }
    }
    if (firstNa && rated > 0) {
      add("ROW_MIXES_NA", address(row, firstNa.column), {
        "zh-CN": `能力项 ${id}：同一行既有“不适用”又有评分；整项将按不适用处理`,
        "en-US": `Item ${id}: the row mixes N/A with ratings; the whole item is treated as not applicable`,
      });
    }
    if (!firstNa && blank.length > 0) {
      add("RATING_MISSING", address(row, blank[0]!.column), {
        "zh-CN":
          mode === "full"
            ? `能力项 ${id}：${levelList(blank, "、")} 级未评分（按 0 计）`
            : `能力项 ${id}：未填写等级（按 0 级计）`,
        "en-US":
          mode === "full"
            ? `Item ${id}: no rating at level ${levelList(blank, ", ")} (counted as 0)`
            : `Item ${id}: no level entered (counted as level 0)`,
      });
    }
    if (mode === "full" && !firstNa) {
      for (let i = 1; i < parsed.length; i++) {
        const lower = parsed[i - 1]!;
        const higher = parsed[i]!;
        if (levelOf(higher.column) !== levelOf(lower.column) + 1) continue;
        if (
          lower.rating.kind === "rated" &&
          higher.rating.kind === "rated" &&
          higher.rating.value > lower.rating.value
        ) {
          const level = levelOf(higher.column);
          add("ROW_NOT_CUMULATIVE", address(row, higher.column), {
            "zh-CN": `能力项 ${id}：${level} 级评分高于 ${level - 1} 级；较高等级应以具备较低等级特征为前提`,
            "en-US": `Item ${id}: level ${level} is rated above level ${level - 1}; a higher level presumes the lower ones`,
          });
          break;
        }
      }
    }
    if (valid && !firstNa && evidenceColumn !== null) {
      const value = (c: ParsedRating | undefined) =>
        c?.rating.kind === "rated" ? c.rating.value : 0;
      const ratings =
        mode === "full"
          ? parsed.map(value)
          : Array.from({ length: LEVEL_COUNT }, (_, l) => (value(parsed[0]) > l ? 1 : 0));
      const level = levelFromScores(ratings, threshold);
      const note = text(sheet.cells.get(cellKey(row, evidenceColumn)));
      if (level >= EVIDENCE_LEVEL && note === "") {
        add("EVIDENCE_MISSING", address(row, evidenceColumn), {
          "zh-CN": `能力项 ${id} 达到 ${level} 级，但未填写佐证材料`,
          "en-US": `Item ${id} reaches level ${level} but no evidence is noted`,
        });
      }
    }
  }
}

/**
 * A review sheet's reviewed ratings: each on the scale and entered, not computed (the sheet's
 * formulas would count anything else as 0). Rows are the self-assessed block's item rows.
 */
function checkReviewed(
  names: NameIndex,
  sheet: SheetGrid,
  assessment: SheetAssessment,
  pack: ModelPack,
  add: Add,
): void {
  const target = nameOf(names, sheet.name, REVIEW_NAMES.reviewedRatings)?.target;
  if (!target || target.sheet !== sheet.name) return; // the names' findings say why
  const parser = createRatingParser(pack, assessment.mode);
  for (const { id, row } of assessment.items) {
    if (id === "" || row < target.top || row > target.bottom) continue;
    for (let column = target.left; column <= target.right; column++) {
      const cell = sheet.cells.get(cellKey(row, column));
      const at = address(row, column);
      if (cell?.formula !== undefined) {
        const formula = {
          id,
          row,
          column,
          cell: at,
          level: column - target.left + 1,
          formula: cell.formula,
          cached: cell.value,
        };
        add("RATING_FORMULA", at, ratingFormulaMessage(formula));
        continue;
      }
      const rating = parser.parse(rawValue(cell));
      if (rating.kind !== "invalid") continue;
      addInvalidRating(add, at, id, rating, assessment.mode, true);
    }
  }
}

/**
 * RATING_TEXT for a rating whose meaning is plain but which the sheet's formulas cannot read
 * (retype it), RATING_INVALID for anything else; both say the sheet counts it as 0 (SPEC §3.1).
 */
function addInvalidRating(
  add: Add,
  at: string,
  id: string,
  rating: Extract<RatingCell, { kind: "invalid" }>,
  mode: AssessmentMode,
  reviewed = false,
): void {
  const said = describeInvalidRating(rating, mode);
  const what = reviewed
    ? { "zh-CN": `能力项 ${id} 的复核评分`, "en-US": `Item ${id}, reviewed rating` }
    : { "zh-CN": `能力项 ${id}`, "en-US": `Item ${id}` };
  add(rating.suggestion !== undefined ? "RATING_TEXT" : "RATING_INVALID", at, {
    "zh-CN": `${what["zh-CN"]}：${said["zh-CN"]}`,
    "en-US": `${what["en-US"]}: ${said["en-US"]}`,
  });
}

/** A rating cell as parsed, with its column. */
interface ParsedRating {
  readonly rating: RatingCell;
  readonly column: number;
}

/**
 * The RATING_FORMULA finding for a rating cell that holds a formula, as validation reports it;
 * for other surfaces that meet such a cell (`ctmm upgrade`, which does not carry it).
 *
 * @example
 * const read = readSheetAssessment(grid, "和平区");
 * read.ratingFormulas.map((f) => ratingFormulaFinding(read.sheet, f));
 * // [{ code: "RATING_FORMULA", severity: "error", sheet: "和平区", cell: "E19", message: … }]
 */
export function ratingFormulaFinding(sheet: string, formula: RatingFormula): Finding {
  return finding("RATING_FORMULA", sheet, formula.cell, ratingFormulaMessage(formula));
}

function ratingFormulaMessage({ id, formula }: RatingFormula): Localized {
  const shown = `=${formula.slice(0, 60)}${formula.length > 60 ? "…" : ""}`;
  return {
    "zh-CN": `能力项 ${id}：评分单元格中是公式（${shown}）；请直接填写评分，公式的结果不作为评分`,
    "en-US": `Item ${id}: the rating cell holds a formula (${shown}); enter the rating itself, as a formula's result is not taken as a rating`,
  };
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

/**
 * A CTMM name as it stands for one sheet: its sheet-scoped definition, else a workbook-scoped
 * one that points into this sheet (reported as NAME_WRONG_SCOPE). A workbook-scoped name that
 * points elsewhere is another sheet's, so for this one the name is missing.
 */
function nameOf(names: NameIndex, sheet: string, name: string): GridName | undefined {
  const matches = names.get(name.toLowerCase()) ?? [];
  return (
    matches.find((n) => n.scope === sheet) ??
    matches.find((n) => n.scope === null && n.target?.sheet === sheet)
  );
}

/** The workbook's names by lower-cased name (names are case-insensitive). */
type NameIndex = ReadonlyMap<string, readonly GridName[]>;

function indexNames(grid: WorkbookGrid): NameIndex {
  const byName = new Map<string, GridName[]>();
  for (const n of grid.names) {
    const key = n.name.toLowerCase();
    const list = byName.get(key);
    if (list) list.push(n);
    else byName.set(key, [n]);
  }
  return byName;
}

function sameRange(a: RangePlan, b: RangePlan): boolean {
  return a.top === b.top && a.left === b.left && a.bottom === b.bottom && a.right === b.right;
}

function sameValue(actual: GridCell | undefined, expected: string | number | boolean): boolean {
  if (!actual) return false;
  if (actual.value === expected) return true;
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
