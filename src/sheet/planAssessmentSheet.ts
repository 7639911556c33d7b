import type { AssessmentMode, Language, ModelPack } from "../model";
import { computeEffectiveWeights, LEVEL_COUNT, listItems, NOT_APPLICABLE } from "../model";
import { address, columnLetters, rangeAddress } from "./a1";
import type {
  CellPlan,
  CellStyle,
  ColumnPlan,
  ConditionalFormatPlan,
  NamePlan,
  PrintPlan,
  RangePlan,
  RowPlan,
  SheetPlan,
  ValidationPlan,
} from "./plan";
import type { SheetText } from "./sheetText";
import { SHEET_TEXT } from "./sheetText";

/** Bumped whenever the sheet's layout or formulas change; recorded in every workbook. */
export const TEMPLATE_VERSION = "1";

export type FormulaStyle = "portable" | "addin";

export interface AssessmentSheetOptions {
  readonly language: Language;
  readonly mode: AssessmentMode;
  readonly formulaStyle: FormulaStyle;
  readonly sheetName: string;
  /** Header fields, written as text. */
  readonly district?: string;
  readonly date?: string;
  readonly assessor?: string;
}

/** The defined names of SPEC §4, on every assessment sheet. */
export const SHEET_NAMES = {
  itemIds: "CTMM_ItemIds",
  ratings: "CTMM_Ratings",
  weights: "CTMM_Weights",
  evidence: "CTMM_Evidence",
  domainIds: "CTMM_DomainIds",
  domainLevels: "CTMM_DomainLevels",
  domainScores: "CTMM_DomainScores",
  overallLevel: "CTMM_OverallLevel",
  overallScore: "CTMM_OverallScore",
  district: "CTMM_District",
  date: "CTMM_Date",
  assessor: "CTMM_Assessor",
} as const;

/** Where things are on an assessment sheet (0-based), for adapters, the reader and tests. */
export interface AssessmentSheetLayout {
  readonly firstItemRow: number;
  readonly lastItemRow: number;
  readonly ratingColumns: readonly number[];
  readonly evidenceColumn: number;
  readonly itemLevelColumn: number;
  readonly itemScoreColumn: number;
  readonly subdomainRows: ReadonlyMap<string, number>;
  readonly subdomainLevelColumn: number;
  readonly subdomainScoreColumn: number;
  readonly domainRows: ReadonlyMap<string, number>;
  readonly overallRow: number;
  readonly levelColumn: number;
  readonly scoreColumn: number;
  readonly whyColumn: number;
  readonly labelColumn: number;
}

export interface AssessmentSheet {
  readonly plan: SheetPlan;
  readonly layout: AssessmentSheetLayout;
}

// Columns (0-based). Items sit in one contiguous block so that CTMM_Ratings is n×5 (n×1).
const COL = {
  domain: 0,
  subdomain: 1,
  id: 2,
  name: 3,
  firstRating: 4, // E..I in full mode, E in quick mode
  // Helper columns, hidden: effective weight, applicability, r_1..r_5, S_1..S_5, label lookup.
  weight: 16,
  applicable: 17,
  firstR: 18,
  firstS: 23,
  lookupLabel: 28,
  lookupValue: 29,
} as const;

const COLORS = {
  title: "1F4E79",
  header: "DDEBF7",
  domain: "BDD7EE",
  input: "FFF2CC",
  result: "E2EFDA",
  border: "thin",
} as const;

/**
 * Plans one assessment sheet (SPEC §4): header, rating legend, results by domain with each
 * domain's traits per level, one row per item with inputs, evidence and live levels, hidden
 * helper columns, the defined names, drop-downs, conditional formats and protection.
 *
 * In the `portable` style every computed cell is a classic formula (Excel 2010+, WPS,
 * LibreOffice): no custom functions, no dynamic arrays, no volatile functions, so a district
 * without the add-in gets the same levels as the engine. In the `addin` style the levels and
 * scores come from the CTMM custom functions over the same cells and names, with only
 * Excel 2007 functions around them; the "why" and level-name cells keep their native wording over
 * those results, and conditional formats and drop-downs stay native (Excel evaluates only
 * built-in functions there). Layout, names, inputs and protection are the same in both styles.
 *
 * @example
 * // The add-in style, full mode, sub-domain 1.1 (items in rows 18-19), level and score:
 * // IF(ISNA(CTMM.LEVEL($E$18:$I$19,$Q$18:$Q$19,$H$2)),"N/A",CTMM.LEVEL(…))
 * // IF(ISNUMBER(M18),CTMM.SCORE($E$18:$I$19,$Q$18:$Q$19,$H$2),M18)
 * planAssessmentSheet(BUILTIN_PACK, { language: "en-US", mode: "full", formulaStyle: "addin",
 *   sheetName: "Heping" });
 */
export function planAssessmentSheet(
  pack: ModelPack,
  options: AssessmentSheetOptions,
): AssessmentSheet {
  const addin = options.formulaStyle === "addin";
  const text = SHEET_TEXT[options.language];
  const full = options.mode === "full";
  const ratingWidth = full ? LEVEL_COUNT : 1;
  const ratingColumns = Array.from({ length: ratingWidth }, (_, i) => COL.firstRating + i);
  // After the ratings: evidence, item level/score, sub-domain level/score.
  const evidenceColumn = full ? 9 : 5;
  const itemLevelColumn = evidenceColumn + 1;
  const itemScoreColumn = evidenceColumn + 2;
  const subdomainLevelColumn = evidenceColumn + 3;
  const subdomainScoreColumn = evidenceColumn + 4;
  // The results block reuses the first columns: id, name, level, score, traits E..I, why, label.
  const levelColumn = 2;
  const scoreColumn = 3;
  const whyColumn = 9;
  const labelColumn = 10;

  const cells: CellPlan[] = [];
  const merges: RangePlan[] = [];
  const rows: RowPlan[] = [];
  const names: NamePlan[] = [];
  const put = (row: number, column: number, cell: Omit<CellPlan, "row" | "column">): void => {
    cells.push({ row, column, ...cell });
  };
  const abs = (row: number, column: number): string => address(row, column, true);
  const rel = (row: number, column: number): string => address(row, column);

  // --- Header (rows 1-4) -------------------------------------------------------------------
  const thresholdCell = abs(1, 7);
  put(0, 0, { value: text.title, style: STYLE.title });
  merges.push({ top: 0, left: 0, bottom: 0, right: 9 });
  rows.push({ index: 0, height: 26 });
  put(1, 0, { value: text.model, style: STYLE.label });
  put(1, 1, {
    value: `${pack.title[options.language]} (${pack.id} ${pack.version})`,
    style: STYLE.plain,
  });
  merges.push({ top: 1, left: 1, bottom: 1, right: 3 });
  put(1, 4, { value: text.mode, style: STYLE.label });
  put(1, 5, { value: text.modeNames[options.mode], style: STYLE.plain });
  put(1, 6, { value: text.threshold, style: STYLE.label });
  put(1, 7, { value: pack.threshold, style: { ...STYLE.plain, numberFormat: "0.00" } });
  put(1, 8, { value: text.templateVersion, style: STYLE.label });
  put(1, 9, { value: TEMPLATE_VERSION, style: STYLE.plain });

  const headerFields: [string, string | undefined, string][] = [
    [text.district, options.district, SHEET_NAMES.district],
    [text.date, options.date, SHEET_NAMES.date],
    [text.assessor, options.assessor, SHEET_NAMES.assessor],
  ];
  headerFields.forEach(([label, value, name], index) => {
    const column = index * 3;
    put(2, column, { value: label, style: STYLE.label });
    put(2, column + 1, { value: value ?? null, style: STYLE.headerInput });
    merges.push({ top: 2, left: column + 1, bottom: 2, right: column + 2 });
    names.push({ name, range: cellRange(2, column + 1) });
  });

  // Legend: the scale in the sheet's language. The hidden lookup table also holds the other
  // language's labels, so a label typed in either language scores as the engine scores it.
  put(3, 0, { value: text.legend, style: STYLE.label });
  const legend = full
    ? pack.ratingScale.map((o) => `${o.label[options.language]} = ${o.value}`)
    : [text.quickLegend];
  put(3, 1, {
    value: [...legend, ...(full ? [`${text.notApplicable}`] : [])].join("    "),
    style: STYLE.note,
  });
  merges.push({ top: 3, left: 1, bottom: 3, right: 9 });

  const lookup: [string, number][] = full
    ? pack.ratingScale.flatMap((o) => [
        [o.label["zh-CN"], o.value] as [string, number],
        [o.label["en-US"], o.value] as [string, number],
      ])
    : [
        [pack.belowLevel1["zh-CN"], 0],
        [pack.belowLevel1["en-US"], 0],
        ...pack.levels.flatMap((l) => [
          [l.name["zh-CN"], l.level] as [string, number],
          [l.name["en-US"], l.level] as [string, number],
        ]),
      ];
  lookup.forEach(([label, value], index) => {
    put(index, COL.lookupLabel, { value: label });
    put(index, COL.lookupValue, { value });
  });
  const lookupLabels = `${abs(0, COL.lookupLabel)}:${abs(lookup.length - 1, COL.lookupLabel)}`;
  const lookupValues = `${abs(0, COL.lookupValue)}:${abs(lookup.length - 1, COL.lookupValue)}`;

  // --- Results by domain (rows 6-13) --------------------------------------------------------
  const resultsTitleRow = 5;
  const resultsHeaderRow = 6;
  const firstDomainRow = 7;
  const overallRow = firstDomainRow + pack.domains.length;
  put(resultsTitleRow, 0, { value: text.results, style: STYLE.section });
  merges.push({ top: resultsTitleRow, left: 0, bottom: resultsTitleRow, right: 10 });
  const resultsHeader: [number, string][] = [
    [0, text.id],
    [1, text.domain],
    [levelColumn, text.level],
    [scoreColumn, text.score],
    ...Array.from({ length: LEVEL_COUNT }, (_, i): [number, string] => [
      4 + i,
      text.traitAt(i + 1),
    ]),
    [whyColumn, text.why],
    [labelColumn, text.levelLabel],
  ];
  for (const [column, value] of resultsHeader)
    put(resultsHeaderRow, column, { value, style: STYLE.header });

  // --- Item block ---------------------------------------------------------------------------
  const itemsTitleRow = overallRow + 2;
  const itemsHeaderRow = itemsTitleRow + 1;
  const firstItemRow = itemsHeaderRow + 1;
  put(itemsTitleRow, 0, { value: text.items, style: STYLE.section });
  merges.push({ top: itemsTitleRow, left: 0, bottom: itemsTitleRow, right: subdomainScoreColumn });
  const itemsHeader: [number, string][] = [
    [COL.domain, text.domain],
    [COL.subdomain, text.subdomain],
    [COL.id, text.id],
    [COL.name, text.item],
    ...(full
      ? ratingColumns.map((column, i): [number, string] => [column, text.ratingAt(i + 1)])
      : [[COL.firstRating, text.quickRating] as [number, string]]),
    [evidenceColumn, text.evidence],
    [itemLevelColumn, text.itemLevel],
    [itemScoreColumn, text.itemScore],
    [subdomainLevelColumn, text.subdomainLevel],
    [subdomainScoreColumn, text.subdomainScore],
  ];
  for (const [column, value] of itemsHeader)
    put(itemsHeaderRow, column, { value, style: STYLE.header });

  const theta = thresholdCell;
  const placements = listItems(pack);
  const weights = computeEffectiveWeights(pack);
  const lastItemRow = firstItemRow + placements.length - 1;
  const naMarks = [...new Set(Object.values(NOT_APPLICABLE).flat())];

  placements.forEach(({ item }, index) => {
    const row = firstItemRow + index;
    put(row, COL.id, { value: item.id, style: STYLE.id });
    put(row, COL.name, { value: item.name[options.language], style: STYLE.name });
    for (const column of ratingColumns) put(row, column, { value: null, style: STYLE.input });
    put(row, evidenceColumn, { value: null, style: STYLE.evidence });
    put(row, COL.weight, { value: weights.get(item.id)! });

    const inputs = `${rel(row, ratingColumns[0]!)}:${rel(row, ratingColumns.at(-1)!)}`;
    const itemLevel = rel(row, itemLevelColumn);
    if (addin) {
      // {1}: the item on its own, whatever its weight (a weight of 0 would leave nothing to rate).
      const cells = rangeAddress({
        top: row,
        left: ratingColumns[0]!,
        bottom: row,
        right: ratingColumns.at(-1)!,
      });
      const results = addinResults(cells, "{1}", theta, text.notApplicable);
      put(row, itemLevelColumn, { formula: results.level, style: STYLE.result });
      put(row, itemScoreColumn, { formula: results.score(itemLevel), style: STYLE.score });
      return;
    }
    put(row, COL.applicable, {
      formula: `IF(${naMarks.map((mark) => `COUNTIF(${inputs},"${mark}")`).join("+")}>0,0,1)`,
    });
    // Numeric rating per level: a number as is, a label through the lookup, blank or unknown 0.
    const numeric = (cell: string) =>
      `IF(ISNUMBER(${cell}),${cell},IFERROR(INDEX(${lookupValues},MATCH(TRIM(${cell}),${lookupLabels},0)),0))`;
    if (full) {
      ratingColumns.forEach((column, level) => {
        put(row, COL.firstR + level, { formula: numeric(rel(row, column)) });
      });
    } else {
      const k = numeric(rel(row, COL.firstRating));
      for (let level = 1; level <= LEVEL_COUNT; level++) {
        put(row, COL.firstR + level - 1, { formula: `IF(${k}>=${level},1,0)` });
      }
    }
    // An item's level: the same rule on its own ratings (SPEC §3.8).
    const r = (level: number) => rel(row, COL.firstR + level - 1);
    const rRange = `${r(1)}:${r(LEVEL_COUNT)}`;
    put(row, itemLevelColumn, {
      formula: `IF(${rel(row, COL.applicable)}=0,"${text.notApplicable}",${levelChain((l) => `ROUND(${r(l)},6)`, theta)})`,
      style: STYLE.result,
    });
    put(row, itemScoreColumn, {
      formula: scoreFormula(itemLevel, rRange, theta, text.notApplicable),
      style: STYLE.score,
    });
  });

  // Aggregates over a block of item rows. Portable: hidden S_1..S_5 on the row that shows the
  // result. Add-in: the custom functions over the block's ratings and weights (or their names).
  const aggregate = (
    row: number,
    top: number,
    bottom: number,
    levelCol: number,
    scoreCol: number,
    style: "merged" | "summary",
    ranges?: { ratings: string; weights: string },
  ): { levelCell: string; levelScores: string; otherwise: string } => {
    const levelCell = rel(row, levelCol);
    if (addin) {
      const block = (left: number, right: number) =>
        rangeAddress({ top, left, bottom, right }, true);
      const ratings = ranges?.ratings ?? block(ratingColumns[0]!, ratingColumns.at(-1)!);
      const weights = ranges?.weights ?? block(COL.weight, COL.weight);
      const results = addinResults(ratings, weights, theta, text.notApplicable);
      put(row, levelCol, {
        formula: results.level,
        style: style === "merged" ? STYLE.mergedResult : STYLE.result,
      });
      put(row, scoreCol, {
        formula: results.score(levelCell),
        style: style === "merged" ? STYLE.mergedScore : STYLE.score,
      });
      // Beside a level that is text ("N/A") or an error, show that level itself.
      return { levelCell, levelScores: results.levelScores, otherwise: levelCell };
    }
    const w = `${abs(top, COL.weight)}:${abs(bottom, COL.weight)}`;
    const a = `${abs(top, COL.applicable)}:${abs(bottom, COL.applicable)}`;
    const denominator = `SUMPRODUCT(${w},${a})`;
    for (let level = 1; level <= LEVEL_COUNT; level++) {
      const rl = `${abs(top, COL.firstR + level - 1)}:${abs(bottom, COL.firstR + level - 1)}`;
      put(row, COL.firstS + level - 1, {
        formula: `IF(${denominator}=0,"${text.notApplicable}",ROUND(SUMPRODUCT(${w},${a},${rl})/${denominator},6))`,
      });
    }
    const s = (level: number) => rel(row, COL.firstS + level - 1);
    put(row, levelCol, {
      formula: `IF(ISNUMBER(${s(1)}),${levelChain(s, theta)},"${text.notApplicable}")`,
      style: style === "merged" ? STYLE.mergedResult : STYLE.result,
    });
    put(row, scoreCol, {
      formula: scoreFormula(levelCell, `${s(1)}:${s(LEVEL_COUNT)}`, theta, text.notApplicable),
      style: style === "merged" ? STYLE.mergedScore : STYLE.score,
    });
    return {
      levelCell,
      levelScores: `${s(1)}:${s(LEVEL_COUNT)}`,
      otherwise: `"${text.notApplicable}"`,
    };
  };

  // Domain and sub-domain headings: merged cells beside their items.
  const subdomainRows = new Map<string, number>();
  const domainRows = new Map<string, number>();
  let cursor = firstItemRow;
  pack.domains.forEach((domain, d) => {
    const domainTop = cursor;
    for (const subdomain of domain.subdomains) {
      const top = cursor;
      const bottom = cursor + subdomain.items.length - 1;
      put(top, COL.subdomain, {
        value: `${subdomain.id} ${subdomain.name[options.language]}`,
        style: STYLE.subdomain,
      });
      if (bottom > top) {
        merges.push({ top, left: COL.subdomain, bottom, right: COL.subdomain });
        merges.push({ top, left: subdomainLevelColumn, bottom, right: subdomainLevelColumn });
        merges.push({ top, left: subdomainScoreColumn, bottom, right: subdomainScoreColumn });
      }
      aggregate(top, top, bottom, subdomainLevelColumn, subdomainScoreColumn, "merged");
      subdomainRows.set(subdomain.id, top);
      cursor = bottom + 1;
    }
    const domainBottom = cursor - 1;
    put(domainTop, COL.domain, {
      value: `${domain.id} ${domain.name[options.language]}`,
      style: STYLE.domain,
    });
    if (domainBottom > domainTop)
      merges.push({ top: domainTop, left: COL.domain, bottom: domainBottom, right: COL.domain });

    // The domain's results row, with its traits per level.
    const row = firstDomainRow + d;
    domainRows.set(domain.id, row);
    put(row, 0, { value: domain.id, style: STYLE.id });
    put(row, 1, { value: domain.name[options.language], style: STYLE.name });
    domain.traits.forEach((trait, i) =>
      put(row, 4 + i, { value: trait[options.language], style: STYLE.trait }),
    );
    const result = aggregate(row, domainTop, domainBottom, levelColumn, scoreColumn, "summary");
    put(row, whyColumn, { formula: whyFormula(result, theta, text), style: STYLE.why });
    put(row, labelColumn, {
      formula: labelFormula(pack, options.language, result),
      style: STYLE.why,
    });
  });

  // Overall row, with the levels' summaries in the trait columns.
  put(overallRow, 0, { value: text.overall, style: STYLE.overallLabel });
  merges.push({ top: overallRow, left: 0, bottom: overallRow, right: 1 });
  pack.levels.forEach((level, i) =>
    put(overallRow, 4 + i, { value: level.summary[options.language], style: STYLE.trait }),
  );
  const overall = aggregate(
    overallRow,
    firstItemRow,
    lastItemRow,
    levelColumn,
    scoreColumn,
    "summary",
    { ratings: SHEET_NAMES.ratings, weights: SHEET_NAMES.weights },
  );
  put(overallRow, whyColumn, { formula: whyFormula(overall, theta, text), style: STYLE.why });
  put(overallRow, labelColumn, {
    formula: labelFormula(pack, options.language, overall),
    style: STYLE.why,
  });

  // --- Names, validation, conditional formats ----------------------------------------------
  const itemRange = (left: number, right = left): RangePlan => ({
    top: firstItemRow,
    left,
    bottom: lastItemRow,
    right,
  });
  const summaryRange = (column: number): RangePlan => ({
    top: firstDomainRow,
    left: column,
    bottom: overallRow - 1,
    right: column,
  });
  const ratingRange = itemRange(ratingColumns[0]!, ratingColumns.at(-1)!);
  names.push(
    { name: SHEET_NAMES.itemIds, range: itemRange(COL.id) },
    { name: SHEET_NAMES.ratings, range: ratingRange },
    { name: SHEET_NAMES.weights, range: itemRange(COL.weight) },
    { name: SHEET_NAMES.evidence, range: itemRange(evidenceColumn) },
    { name: SHEET_NAMES.domainIds, range: summaryRange(0) },
    { name: SHEET_NAMES.domainLevels, range: summaryRange(levelColumn) },
    { name: SHEET_NAMES.domainScores, range: summaryRange(scoreColumn) },
    { name: SHEET_NAMES.overallLevel, range: cellRange(overallRow, levelColumn) },
    { name: SHEET_NAMES.overallScore, range: cellRange(overallRow, scoreColumn) },
  );

  const naLabel = options.language === "zh-CN" ? "不适用" : "N/A";
  const validations: ValidationPlan[] = [
    full
      ? {
          range: ratingRange,
          list: [...pack.ratingScale.map((o) => o.label[options.language]), naLabel],
          allowBlank: true,
          errorTitle: text.validationTitle,
          error: text.validationError,
          promptTitle: text.promptTitle,
          prompt: text.prompt,
        }
      : {
          range: ratingRange,
          list: [...Array.from({ length: LEVEL_COUNT + 1 }, (_, k) => String(k)), naLabel],
          allowBlank: true,
          errorTitle: text.validationTitle,
          error: text.quickValidationError,
          promptTitle: text.promptTitle,
          prompt: text.quickPrompt,
        },
  ];

  const conditionalFormats: ConditionalFormatPlan[] = [];
  const topLeft = rel(ratingRange.top, ratingRange.left);
  if (full) {
    // Colour ratings by value, whether typed as a number or picked as a label.
    const ratingValue = `IF(ISNUMBER(${topLeft}),${topLeft},IFERROR(INDEX(${lookupValues},MATCH(TRIM(${topLeft}),${lookupLabels},0)),-1))`;
    const bands: [string, string][] = [
      [`${ratingValue}=1`, "C6EFCE"],
      [`${ratingValue}=0.8`, "E2EFDA"],
      [`${ratingValue}=0.5`, "FFEB9C"],
      [`AND(${topLeft}<>"",${ratingValue}=0)`, "FFC7CE"],
    ];
    bands.forEach(([formula, fill], i) =>
      conditionalFormats.push({ range: ratingRange, formula, style: { fill }, priority: i + 1 }),
    );
  }
  conditionalFormats.push({
    range: ratingRange,
    formula: naMarks.map((mark) => `TRIM(${topLeft})="${mark}"`).reduce((a, b) => `OR(${a},${b})`),
    style: { fill: "D9D9D9", fontColor: "595959" },
    priority: conditionalFormats.length + 1,
  });
  // Level cells: a colour per level, the same in every block.
  const levelRanges: RangePlan[] = [
    { top: firstDomainRow, left: levelColumn, bottom: overallRow, right: levelColumn },
    itemRange(itemLevelColumn),
    itemRange(subdomainLevelColumn),
  ];
  for (const range of levelRanges) {
    const cell = rel(range.top, range.left);
    LEVEL_FILLS.forEach((fill, level) =>
      conditionalFormats.push({
        range,
        formula: `AND(ISNUMBER(${cell}),${cell}=${level})`,
        style: { fill },
        priority: conditionalFormats.length + 1,
      }),
    );
  }
  // Highlight the traits of the levels each domain (and the overall) has reached.
  const traitRange: RangePlan = { top: firstDomainRow, left: 4, bottom: overallRow, right: 8 };
  const reached = `$${columnLetters(levelColumn)}${firstDomainRow + 1}`;
  conditionalFormats.push({
    range: traitRange,
    formula: `AND(ISNUMBER(${reached}),COLUMN(${rel(firstDomainRow, 4)})-4<=${reached})`,
    style: { fill: "E2EFDA", bold: true },
    priority: conditionalFormats.length + 1,
  });

  const columns: ColumnPlan[] = [
    { index: COL.domain, width: 18 },
    { index: COL.subdomain, width: 18 },
    { index: COL.id, width: 9 },
    { index: COL.name, width: 26 },
    // In quick mode the evidence shares a trait column, made wide so that notes print on a few
    // lines: with every column on one page width, lines saved are pages saved.
    ...Array.from({ length: LEVEL_COUNT }, (_, i): ColumnPlan => ({
      index: 4 + i,
      width: 4 + i === evidenceColumn ? 48 : 14,
    })),
    // The why column; in full mode also the evidence.
    { index: 9, width: full ? 34 : 20 },
    { index: 10, width: 16 },
    { index: 11, width: 11 },
    { index: 12, width: 11 },
    { index: 13, width: 11 },
    ...Array.from({ length: COL.lookupValue - COL.weight + 1 }, (_, i): ColumnPlan => ({
      index: COL.weight + i,
      hidden: true,
    })),
  ];

  rows.push(...fitRowHeights(cells, merges, columns, new Set(rows.map((r) => r.index))));
  rows.sort((a, b) => a.index - b.index);

  const plan: SheetPlan = {
    name: options.sheetName,
    cells,
    columns,
    rows,
    merges,
    validations,
    conditionalFormats,
    names,
    protect: true,
    print: printSetup({
      titleRows: { top: itemsHeaderRow, bottom: itemsHeaderRow },
      // The visible blocks only: the hidden helper columns and lookup table stay off paper.
      area: {
        top: 0,
        left: 0,
        bottom: lastItemRow,
        right: Math.max(labelColumn, subdomainScoreColumn),
      },
    }),
  };
  return {
    plan,
    layout: {
      firstItemRow,
      lastItemRow,
      ratingColumns,
      evidenceColumn,
      itemLevelColumn,
      itemScoreColumn,
      subdomainRows,
      subdomainLevelColumn,
      subdomainScoreColumn,
      domainRows,
      overallRow,
      levelColumn,
      scoreColumn,
      whyColumn,
      labelColumn,
    },
  };
}

/**
 * The district's printed return (SPEC §4): A4 landscape, every column on one page width and as
 * many pages tall as the items need, the item table's header row on every page, narrow margins.
 */
function printSetup(blocks: Pick<PrintPlan, "titleRows" | "area">): PrintPlan {
  return {
    orientation: "landscape",
    paper: "A4",
    fitToWidth: 1,
    fitToHeight: 0,
    ...blocks,
    // Excel's "Narrow" margins: the sheet is wide, so every inch across is scale gained.
    margins: { left: 0.25, right: 0.25, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    centerHorizontally: true,
  };
}

/** Points per line of wrapped 11-point text, as Excel fits a row of Calibri 11 (15 for one line). */
const LINE_POINTS = 15;

/**
 * The sheet with its fitted row heights estimated again from the cells it now holds, e.g. once
 * evidence has been filled in: a file written from it prints the evidence whole, where a
 * spreadsheet would have grown the rows as the evidence was typed. Fixed heights stay.
 *
 * @example
 * const filled = fillPlan(plan, sheet, entries);
 * const printable = { ...filled, sheets: filled.sheets.map(refitRowHeights) };
 */
export function refitRowHeights(sheet: SheetPlan): SheetPlan {
  const kept = sheet.rows.filter((r) => !r.fitted);
  const fixed = new Set(kept.filter((r) => r.height !== undefined).map((r) => r.index));
  const fitted = fitRowHeights(sheet.cells, sheet.merges, sheet.columns, fixed);
  const hidden = new Set(kept.filter((r) => r.hidden).map((r) => r.index));
  const rows = [
    ...kept.filter((r) => !fitted.some((f) => f.index === r.index)),
    ...fitted.map((r) => (hidden.has(r.index) ? { ...r, hidden: true } : r)),
  ].sort((a, b) => a.index - b.index);
  return { ...sheet, rows };
}

/**
 * Heights for the rows whose wrapped text needs more than one line, for every row not in `fixed`:
 * each wrapped text cell needs its lines (`wrappedLines`) across the width of its columns (all of
 * a horizontal merge); a vertical merge's text is shared out over its rows when they are too
 * short together. Formula results are not known here and count as one line. Rows come out
 * `fitted`: spreadsheets may refit them and grow them as evidence is typed.
 */
export function fitRowHeights(
  cells: readonly CellPlan[],
  merges: readonly RangePlan[],
  columns: readonly ColumnPlan[],
  fixed: ReadonlySet<number>,
): RowPlan[] {
  const widths = new Map(columns.map((c) => [c.index, c.hidden ? 0 : (c.width ?? 8.43)]));
  const width = (left: number, right: number) => {
    let total = 0;
    for (let column = left; column <= right; column++) total += widths.get(column) ?? 8.43;
    return total;
  };
  const mergeAt = new Map(merges.map((m) => [`${m.top},${m.left}`, m]));
  const heights = new Map<number, number>();
  const blocks: { top: number; bottom: number; points: number }[] = [];
  for (const cell of cells) {
    if (!cell.style?.wrap || typeof cell.value !== "string" || cell.value === "") continue;
    const merge = mergeAt.get(`${cell.row},${cell.column}`);
    const right = merge?.right ?? cell.column;
    const lines = wrappedLines(cell.value, width(cell.column, right), cell.style.bold === true);
    const points = lines * LINE_POINTS * ((cell.style.fontSize ?? 11) / 11);
    if (merge && merge.bottom > merge.top) blocks.push({ ...merge, points });
    else heights.set(cell.row, Math.max(heights.get(cell.row) ?? LINE_POINTS, points));
  }
  for (const block of blocks) {
    let total = 0;
    for (let row = block.top; row <= block.bottom; row++) total += heights.get(row) ?? LINE_POINTS;
    if (total >= block.points) continue;
    const extra = (block.points - total) / (block.bottom - block.top + 1);
    for (let row = block.top; row <= block.bottom; row++)
      heights.set(row, (heights.get(row) ?? LINE_POINTS) + extra);
  }
  return [...heights]
    .filter(([row, points]) => !fixed.has(row) && points > LINE_POINTS)
    .map(([index, points]) => ({ index, height: Math.min(409, Math.ceil(points)), fitted: true }))
    .sort((a, b) => a.index - b.index);
}

/**
 * How many lines a text takes when wrapped in a column `width` characters wide (in the default
 * font's digit widths), as a spreadsheet wraps it: at spaces and between CJK characters, a word
 * longer than a line broken anywhere, each line break starting a new line. A CJK (or full-width)
 * character counts as two digit widths; bold text as a tenth wider. Errs on the side of a line more.
 *
 * @example
 * wrappedLines("Data circulation and utilisation facilities", 26); // 2
 * wrappedLines("数据流通利用设施", 14); // 2: eight characters need 16 widths of a 13-wide line
 */
export function wrappedLines(text: string, width: number, bold = false): number {
  // A cell's padding takes about one character of its width.
  const usable = Math.max(1, width - 1);
  const scale = bold ? 1.1 : 1;
  let lines = 0;
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    lines++;
    let used = 0;
    for (const token of paragraph.match(TOKENS) ?? []) {
      const word = token.trimEnd();
      const size = textWidth(word) * scale;
      const spaces = (token.length - word.length) * scale;
      if (used > 0 && used + size > usable) {
        lines++;
        used = 0;
      }
      if (size > usable) {
        // A word longer than a line: broken across as many lines as it fills.
        lines += Math.ceil(size / usable) - 1;
        used = size - (Math.ceil(size / usable) - 1) * usable;
      } else used += size;
      used += spaces;
    }
  }
  return Math.max(1, lines);
}

/** A text's width in digit widths: CJK and full-width characters count two, others one. */
function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

// CJK, Hangul and full-width forms: about two digit widths each in any spreadsheet's fonts.
const WIDE_CHARACTERS =
  "\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6";
const WIDE = new RegExp(`[${WIDE_CHARACTERS}]`);
/** Words with their trailing spaces, each wide character on its own, and leading spaces. */
const TOKENS = new RegExp(`[${WIDE_CHARACTERS}]|[^\\s${WIDE_CHARACTERS}]+\\s*|\\s+`, "g");

/** IF(S1<θ,0,IF(S2<θ,1,…,5)): the largest L with S_1..S_L ≥ θ (SPEC §3.6). */
function levelChain(levelScore: (level: number) => string, theta: string): string {
  let formula = String(LEVEL_COUNT);
  for (let level = LEVEL_COUNT; level >= 1; level--) {
    formula = `IF(${levelScore(level)}<${theta},${level - 1},${formula})`;
  }
  return formula;
}

/** Level + S_{Level+1}/θ below level 5, else 5 (SPEC §3.7). */
function scoreFormula(levelCell: string, sRange: string, theta: string, na: string): string {
  return `IF(ISNUMBER(${levelCell}),IF(${levelCell}=${LEVEL_COUNT},${LEVEL_COUNT},${levelCell}+INDEX(${sRange},1,${levelCell}+1)/${theta}),"${na}")`;
}

/**
 * The add-in style's result formulas over a block of ratings and its weights. Only Excel 2007
 * functions wrap the custom functions: IFNA would need the `_xlfn.` prefix in the file, which
 * the plan (also applied through Office JS) cannot carry, so an empty aggregate's #N/A becomes
 * the N/A text through ISNA. Wrong entries still show the functions' #VALUE!.
 *
 * @example
 * addinResults("E18:I18", "{1}", "$H$2", "N/A").level;
 * // IF(ISNA(CTMM.LEVEL(E18:I18,{1},$H$2)),"N/A",CTMM.LEVEL(E18:I18,{1},$H$2))
 */
function addinResults(ratings: string, weights: string, theta: string, na: string) {
  const level = `CTMM.LEVEL(${ratings},${weights},${theta})`;
  return {
    level: `IF(ISNA(${level}),"${na}",${level})`,
    /** The score beside a level cell: computed when the level is a number, else the level's text. */
    score: (levelCell: string) =>
      `IF(ISNUMBER(${levelCell}),CTMM.SCORE(${ratings},${weights},${theta}),${levelCell})`,
    levelScores: `CTMM.LEVELSCORES(${ratings},${weights})`,
  };
}

/** An aggregate's level cell, its S_1..S_5 (a range or an array), and what to show without one. */
interface LevelSource {
  readonly levelCell: string;
  readonly levelScores: string;
  /** The result beside a level that is not a number: the N/A text, or the level cell itself. */
  readonly otherwise: string;
}

/** "L3: 0.76 / 0.80": the next level and its level score against the threshold. */
function whyFormula(source: LevelSource, theta: string, text: SheetText): string {
  const { levelCell, levelScores, otherwise } = source;
  // Rounded down, so a blocked level never shows as reaching the threshold (0.799999 → 0.79).
  const shortfall = `FIXED(ROUNDDOWN(INDEX(${levelScores},1,${levelCell}+1),2),2)`;
  return `IF(ISNUMBER(${levelCell}),IF(${levelCell}=${LEVEL_COUNT},"${text.topLevel}","L"&(${levelCell}+1)&": "&${shortfall}&" / "&FIXED(${theta},2)),${otherwise})`;
}

/** The level's name in the sheet's language, from the pack that planned the sheet. */
function labelFormula(pack: ModelPack, language: Language, source: LevelSource): string {
  const { levelCell, otherwise } = source;
  const labels = [pack.belowLevel1[language], ...pack.levels.map((l) => l.name[language])];
  return `IF(ISNUMBER(${levelCell}),CHOOSE(${levelCell}+1,${labels.map((l) => `"${l.replace(/"/g, '""')}"`).join(",")}),${otherwise})`;
}

function cellRange(row: number, column: number): RangePlan {
  return { top: row, left: column, bottom: row, right: column };
}

export const LEVEL_FILLS = ["F8CBAD", "FCE4D6", "FFF2CC", "E2EFDA", "C6EFCE", "A9D08E"];

const STYLE = {
  title: { bold: true, fontSize: 15, fontColor: COLORS.title, vertical: "center" },
  label: { bold: true, fontColor: "404040" },
  plain: {},
  note: { italic: true, fontColor: "595959" },
  section: { bold: true, fontSize: 12, fontColor: "FFFFFF", fill: COLORS.title },
  header: {
    bold: true,
    fill: COLORS.header,
    wrap: true,
    vertical: "center",
    horizontal: "center",
    border: "thin",
  },
  input: { fill: COLORS.input, locked: false, border: "thin", horizontal: "center" },
  headerInput: { fill: COLORS.input, locked: false, border: "thin", numberFormat: "@" },
  evidence: { fill: COLORS.input, locked: false, border: "thin", wrap: true, numberFormat: "@" },
  id: { border: "thin", horizontal: "left" },
  name: { border: "thin", wrap: true },
  domain: { bold: true, fill: COLORS.domain, wrap: true, vertical: "top", border: "thin" },
  subdomain: { fill: COLORS.header, wrap: true, vertical: "top", border: "thin" },
  trait: { wrap: true, fontColor: "404040", border: "thin", vertical: "top" },
  result: { bold: true, horizontal: "center", border: "thin", fill: COLORS.result },
  score: { horizontal: "center", border: "thin", numberFormat: "0.00" },
  mergedResult: { bold: true, horizontal: "center", vertical: "center", border: "thin" },
  mergedScore: { horizontal: "center", vertical: "center", border: "thin", numberFormat: "0.00" },
  why: { border: "thin", wrap: true },
  overallLabel: { bold: true, border: "thin", fill: COLORS.domain },
} satisfies Record<string, CellStyle>;
