import type { AssessmentMode, Language, ModelPack } from "../model";
import { computeEffectiveWeights, LEVEL_COUNT, listItems } from "../model";
import { rangeAddress } from "./a1";
import type {
  AssessmentSheetOptions,
  CellContent,
  SheetContext,
  SheetPart,
} from "./assessmentContext";
import {
  absolute,
  at,
  cellRange,
  domainRange,
  mergeBeside,
  NA_VALUE,
  ratingValue,
  ratingLookup,
  relative,
} from "./assessmentContext";
import type { LevelSource } from "./assessmentFormulas";
import {
  addinResults,
  changeFormula,
  labelFormula,
  levelChain,
  levelScoreFormula,
  scoreFormula,
  whyFormula,
} from "./assessmentFormulas";
import type { DomainLayout, LabelledCell, ReviewLayout } from "./assessmentLayout";
import { computeAssessmentLayout, publicLayout } from "./assessmentLayout";
import { STYLE } from "./assessmentStyles";
import type { AssessmentSheet, SheetMetadata } from "./contract";
import { DOMAIN_CHART_NAME, SHEET_NAMES, TEMPLATE_VERSION } from "./contract";
import type { Scope } from "./computed";
import type { CellPlan, CellStyle, ChartPlan, NamePlan, RangePlan, SheetPlan } from "./plan";
import {
  planColumns,
  planConditionalFormats,
  planNames,
  planPrint,
  planReviewNames,
  planValidations,
} from "./planAssessmentRules";
import { fitRowHeights } from "./rowHeights";
import { SHEET_TEXT } from "./sheetText";

export type { AssessmentSheetOptions } from "./assessmentContext";

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
 * Each section below plans its own cells from the computed layout; this function puts them
 * together in sheet order.
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
  const layout = computeAssessmentLayout(pack, {
    mode: options.mode,
    review: options.review === true,
  });
  const context: SheetContext = {
    pack,
    options,
    layout,
    text: SHEET_TEXT[options.language],
    addin: options.formulaStyle === "addin",
    theta: absolute(layout.thresholdCell.row, layout.thresholdCell.column),
    lookup: ratingLookup(pack, layout),
    side: "self",
  };
  const parts: SheetPart[] = [
    planHeader(context),
    planLegend(context),
    planResultsHeadings(context),
    planItemHeadings(context),
    planItemRows(context),
    ...pack.domains.flatMap((_, d) => [planDomainItems(context, d), planDomainResult(context, d)]),
    planOverallResult(context),
    { names: planNames(layout) },
    ...(layout.review ? planReviewBlock(context, layout.review) : []),
  ];
  const cells = parts.flatMap((p) => p.cells ?? []);
  const merges = parts.flatMap((p) => p.merges ?? []);
  const fixedRows = parts.flatMap((p) => p.rows ?? []);
  const columns = planColumns(layout);
  const rows = [
    ...fixedRows,
    ...fitRowHeights(cells, merges, columns, new Set(fixedRows.map((r) => r.index))),
  ].sort((a, b) => a.index - b.index);

  const plan: SheetPlan = {
    name: options.sheetName,
    cells,
    columns,
    rows,
    merges,
    // A review sheet's own ratings are locked as returned: only the reviewed ones take entries.
    validations: planValidations(layout.review ? reviewedContext(context, layout.review) : context),
    conditionalFormats: planConditionalFormats(context),
    names: parts.flatMap((p) => p.names ?? []),
    protect: true,
    print: planPrint(layout),
    charts: [planDomainChart(context)],
  };
  return { plan, layout: publicLayout(layout) };
}

/** Header rows: title, pack, mode, threshold, template version; district, date, assessor. */
function planHeader({ pack, options, text, layout }: SheetContext): SheetPart {
  const { header } = layout;
  const info = (field: LabelledCell, label: string, value: CellContent): CellPlan[] => [
    at(header.infoRow, field.label, { value: label, style: STYLE.label }),
    at(header.infoRow, field.value, value),
  ];
  const cells: CellPlan[] = [
    at(header.titleRow, 0, {
      value: options.review ? text.review.title : text.title,
      style: STYLE.title,
    }),
    ...info(header.model, text.model, {
      value: `${pack.title[options.language]} (${pack.id} ${pack.version})`,
      style: STYLE.plain,
    }),
    ...info(header.mode, text.mode, { value: text.modeNames[options.mode], style: STYLE.plain }),
    ...info(header.threshold, text.threshold, {
      value: pack.threshold,
      style: { ...STYLE.plain, numberFormat: "0.00" },
    }),
    ...info(header.templateVersion, text.templateVersion, {
      value: TEMPLATE_VERSION,
      style: STYLE.plain,
    }),
  ];
  const merges: RangePlan[] = [
    { top: header.titleRow, left: 0, bottom: header.titleRow, right: header.right },
    mergeBeside(header.infoRow, header.model),
  ];
  const names: NamePlan[] = [];
  const fields: [string, string | undefined, string][] = [
    [text.district, options.district, SHEET_NAMES.district],
    [text.date, options.date, SHEET_NAMES.date],
    [text.assessor, options.assessor, SHEET_NAMES.assessor],
  ];
  fields.forEach(([label, value, name], index) => {
    const field = header.fields[index]!;
    cells.push(
      at(header.fieldsRow, field.label, { value: label, style: STYLE.label }),
      at(header.fieldsRow, field.value, { value: value ?? null, style: STYLE.headerInput }),
    );
    merges.push(mergeBeside(header.fieldsRow, field));
    names.push({ name, range: cellRange(header.fieldsRow, field.value) });
  });
  return { cells, merges, names, rows: [{ index: header.titleRow, height: TITLE_HEIGHT }] };
}

/** The title row's height in points: room for its 15-point text. */
const TITLE_HEIGHT = 26;

/**
 * The legend (the scale in the sheet's language) and the hidden lookup table, which also holds
 * the other language's labels, so a label typed in either language scores as the engine scores it.
 */
function planLegend({ pack, options, text, layout, lookup }: SheetContext): SheetPart {
  const { header } = layout;
  const legend = layout.full
    ? [
        ...pack.ratingScale.map((o) => `${o.label[options.language]} = ${o.value}`),
        text.notApplicable,
      ]
    : [text.quickLegend];
  return {
    cells: [
      at(header.legendRow, header.legend.label, { value: text.legend, style: STYLE.label }),
      at(header.legendRow, header.legend.value, { value: legend.join("    "), style: STYLE.note }),
      ...lookup.entries.flatMap(([label, value], index) => [
        at(index, layout.lookup.labelColumn, { value: label }),
        at(index, layout.lookup.valueColumn, { value }),
      ]),
    ],
    merges: [mergeBeside(header.legendRow, header.legend)],
  };
}

/** The results block's title and column headings. */
function planResultsHeadings({ text, layout }: SheetContext): SheetPart {
  const { results } = layout;
  const headings: [number, string][] = [
    [results.idColumn, text.id],
    [results.nameColumn, text.domain],
    [layout.levelColumn, text.level],
    [layout.scoreColumn, text.score],
    ...results.traitColumns.map((column, i): [number, string] => [column, text.traitAt(i + 1)]),
    [layout.whyColumn, text.why],
    [layout.labelColumn, text.levelLabel],
  ];
  const title = layout.review ? text.review.selfResults : text.results;
  return headedBlock(
    {
      row: results.titleRow,
      left: 0,
      right: layout.labelColumn,
      text: title,
      style: STYLE.section,
    },
    results.headerRow,
    headings,
  );
}

/** The item block's title and column headings. */
function planItemHeadings({ text, layout }: SheetContext): SheetPart {
  const { items } = layout;
  const headings: [number, string][] = [
    [items.domainColumn, text.domain],
    [items.subdomainColumn, text.subdomain],
    [items.idColumn, text.id],
    [items.nameColumn, text.item],
    ...(layout.full
      ? layout.ratingColumns.map((column, i): [number, string] => [column, text.ratingAt(i + 1)])
      : [[layout.ratingColumns[0]!, text.quickRating] as [number, string]]),
    [layout.evidenceColumn, text.evidence],
    [layout.itemLevelColumn, text.itemLevel],
    [layout.itemScoreColumn, text.itemScore],
    [layout.subdomainLevelColumn, text.subdomainLevel],
    [layout.subdomainScoreColumn, text.subdomainScore],
  ];
  const title = layout.review ? text.review.selfItems : text.items;
  return headedBlock(
    {
      row: items.titleRow,
      left: 0,
      right: layout.subdomainScoreColumn,
      text: title,
      style: STYLE.section,
    },
    items.headerRow,
    headings,
  );
}

/** A block's title bar, merged across the block, and its column headings below it. */
function headedBlock(
  title: {
    readonly row: number;
    readonly left: number;
    readonly right: number;
    readonly text: string;
    readonly style: CellStyle;
  },
  headerRow: number,
  headings: readonly (readonly [number, string])[],
): SheetPart {
  return {
    cells: [
      at(title.row, title.left, { value: title.text, style: title.style }),
      ...headings.map(([column, value]) => at(headerRow, column, { value, style: STYLE.header })),
    ],
    merges: [{ top: title.row, left: title.left, bottom: title.row, right: title.right }],
  };
}

/** One row per item: id, name, rating inputs, evidence, weight, and the item's level and score. */
function planItemRows(context: SheetContext): SheetPart {
  const { pack, options, layout } = context;
  const weights = computeEffectiveWeights(pack);
  // On a review sheet the district's own ratings and evidence stay as returned: locked.
  const rating = layout.review ? STYLE.selfRating : STYLE.input;
  const evidence = layout.review ? STYLE.selfEvidence : STYLE.evidence;
  const cells = listItems(pack).flatMap(({ item }, index): CellPlan[] => {
    const row = layout.firstItemRow + index;
    return [
      at(row, layout.items.idColumn, { value: item.id, style: STYLE.id }),
      at(row, layout.items.nameColumn, { value: item.name[options.language], style: STYLE.name }),
      ...layout.ratingColumns.map((column) => at(row, column, { value: null, style: rating })),
      at(row, layout.evidenceColumn, { value: null, style: evidence }),
      at(row, layout.helpers.weightColumn, { value: weights.get(item.id)! }),
      ...(context.addin
        ? addinItemResults(context, row)
        : portableItemResults(context, row, item.id)),
    ];
  });
  return { cells };
}

/** Add-in style: the custom functions on the item on its own. */
function addinItemResults({ layout, text, theta }: SheetContext, row: number): CellPlan[] {
  const ratings = rangeAddress({
    top: row,
    left: layout.ratingColumns[0]!,
    bottom: row,
    right: layout.ratingColumns.at(-1)!,
  });
  // {1}: the item on its own, whatever its weight (a weight of 0 would leave nothing to rate).
  const results = addinResults(ratings, "{1}", theta, text.notApplicable);
  return [
    at(row, layout.itemLevelColumn, { formula: results.level, style: STYLE.result }),
    at(row, layout.itemScoreColumn, {
      formula: results.score(relative(row, layout.itemLevelColumn)),
      style: STYLE.score,
    }),
  ];
}

/** Portable style: applicability and r_1..r_5 in the hidden columns, then level and score. */
function portableItemResults(context: SheetContext, row: number, item: string): CellPlan[] {
  const { layout, text, theta, side } = context;
  const scope: Scope = { kind: "item", id: item };
  const { applicableColumn, rColumns } = layout.helpers;
  const first = relative(row, layout.ratingColumns[0]!);
  const value = (cell: string) => ratingValue(cell, context.lookup, 0);
  // Full mode: r is each cell's value, N/A as NA_VALUE; quick mode: 1 up to the level entered.
  const rFormulas = layout.full
    ? layout.ratingColumns.map((column) => value(relative(row, column)))
    : rColumns.map((_, i) => `IF(${value(first)}>=${i + 1},1,0)`);
  const r = (level: number) => relative(row, rColumns[level - 1]!);
  const notApplicable = layout.full
    ? `COUNTIF(${r(1)}:${r(LEVEL_COUNT)},${NA_VALUE})>0`
    : `${value(first)}=${NA_VALUE}`;
  return [
    at(row, applicableColumn, {
      formula: `IF(${notApplicable},0,1)`,
      computes: { of: "applicable", side, item },
    }),
    ...rFormulas.map((formula, i) =>
      at(row, rColumns[i]!, { formula, computes: { of: "r", side, item, level: i + 1 } }),
    ),
    // An item's level: the same rule on its own ratings (SPEC §3.8).
    at(row, layout.itemLevelColumn, {
      formula: `IF(${relative(row, applicableColumn)}=0,"${text.notApplicable}",${levelChain((l) => `ROUND(${r(l)},6)`, theta)})`,
      style: STYLE.result,
      computes: { of: "level", side, scope },
    }),
    at(row, layout.itemScoreColumn, {
      formula: scoreFormula(
        relative(row, layout.itemLevelColumn),
        `${r(1)}:${r(LEVEL_COUNT)}`,
        theta,
        text.notApplicable,
      ),
      style: STYLE.score,
      computes: { of: "score", side, scope },
    }),
  ];
}

/** Where an aggregate's level and score go, and over which item rows. */
interface AggregateTarget {
  /** The aggregate, for the values its cells compute. */
  readonly scope: Scope;
  readonly row: number;
  readonly levelColumn: number;
  readonly scoreColumn: number;
  /** Merged beside a sub-domain's items, or a row of the results block. */
  readonly style: "merged" | "summary";
  readonly top: number;
  readonly bottom: number;
  /** Names to use instead of the block's ratings and weights (the overall result). */
  readonly ranges?: { readonly ratings: string; readonly weights: string };
}

/**
 * An aggregate's level and score over a block of item rows. Portable: hidden S_1..S_5 on the row
 * that shows the result. Add-in: the custom functions over the block's ratings and weights (or
 * their names).
 */
function planAggregate(
  { layout, text, theta, addin, side }: SheetContext,
  target: AggregateTarget,
): { cells: CellPlan[]; source: LevelSource } {
  const { row, top, bottom, levelColumn, scoreColumn } = target;
  const merged = target.style === "merged";
  const levelStyle: CellStyle = merged ? STYLE.mergedResult : STYLE.result;
  const scoreStyle: CellStyle = merged ? STYLE.mergedScore : STYLE.score;
  const levelCell = relative(row, levelColumn);
  const { weightColumn, applicableColumn, rColumns, sColumns } = layout.helpers;
  if (addin) {
    const block = (left: number, right: number) => rangeAddress({ top, left, bottom, right }, true);
    const ratings =
      target.ranges?.ratings ?? block(layout.ratingColumns[0]!, layout.ratingColumns.at(-1)!);
    const weights = target.ranges?.weights ?? block(weightColumn, weightColumn);
    const results = addinResults(ratings, weights, theta, text.notApplicable);
    return {
      cells: [
        at(row, levelColumn, { formula: results.level, style: levelStyle }),
        at(row, scoreColumn, { formula: results.score(levelCell), style: scoreStyle }),
      ],
      // Beside a level that is text ("N/A") or an error, show that level itself.
      source: { levelCell, levelScores: results.levelScores, otherwise: levelCell },
    };
  }
  const column = (c: number) => `${absolute(top, c)}:${absolute(bottom, c)}`;
  const w = column(weightColumn);
  const a = column(applicableColumn);
  const denominator = `SUMPRODUCT(${w},${a})`;
  const s = (level: number) => relative(row, sColumns[level - 1]!);
  const levelScores = `${s(1)}:${s(LEVEL_COUNT)}`;
  const { scope } = target;
  return {
    cells: [
      ...sColumns.map((sColumn, i) =>
        at(row, sColumn, {
          formula: `IF(${denominator}=0,"${text.notApplicable}",${levelScoreFormula(`SUMPRODUCT(${w},${a},${column(rColumns[i]!)})/${denominator}`)})`,
          computes: { of: "levelScore", side, scope, level: i + 1 },
        }),
      ),
      at(row, levelColumn, {
        formula: `IF(ISNUMBER(${s(1)}),${levelChain(s, theta)},"${text.notApplicable}")`,
        style: levelStyle,
        computes: { of: "level", side, scope },
      }),
      at(row, scoreColumn, {
        formula: scoreFormula(levelCell, levelScores, theta, text.notApplicable),
        style: scoreStyle,
        computes: { of: "score", side, scope },
      }),
    ],
    source: { levelCell, levelScores, otherwise: `"${text.notApplicable}"` },
  };
}

/** A domain's item block: sub-domain headings and results merged beside their items, then the domain heading. */
function planDomainItems(context: SheetContext, d: number): SheetPart {
  const { pack, options, layout } = context;
  const domain = pack.domains[d]!;
  const place: DomainLayout = layout.domains[d]!;
  const { subdomainColumn, domainColumn } = layout.items;
  const cells: CellPlan[] = [];
  const merges: RangePlan[] = [];
  domain.subdomains.forEach((subdomain, s) => {
    const { top, bottom } = place.subdomains[s]!;
    cells.push(
      at(top, subdomainColumn, {
        value: `${subdomain.id} ${subdomain.name[options.language]}`,
        style: STYLE.subdomain,
      }),
    );
    if (bottom > top) {
      for (const column of [
        subdomainColumn,
        layout.subdomainLevelColumn,
        layout.subdomainScoreColumn,
      ])
        merges.push({ top, left: column, bottom, right: column });
    }
    const aggregate = planAggregate(context, {
      scope: { kind: "subdomain", id: subdomain.id },
      row: top,
      top,
      bottom,
      levelColumn: layout.subdomainLevelColumn,
      scoreColumn: layout.subdomainScoreColumn,
      style: "merged",
    });
    cells.push(...aggregate.cells);
  });
  cells.push(
    at(place.top, domainColumn, {
      value: `${domain.id} ${domain.name[options.language]}`,
      style: STYLE.domain,
    }),
  );
  if (place.bottom > place.top)
    merges.push({ top: place.top, left: domainColumn, bottom: place.bottom, right: domainColumn });
  return { cells, merges };
}

/** A domain's row in the results block: id, name, level, score, traits per level, why, label. */
function planDomainResult(context: SheetContext, d: number): SheetPart {
  const { pack, options, layout } = context;
  const domain = pack.domains[d]!;
  const place = layout.domains[d]!;
  const row = place.resultRow;
  const aggregate = planAggregate(context, {
    scope: { kind: "domain", id: domain.id },
    row,
    top: place.top,
    bottom: place.bottom,
    levelColumn: layout.levelColumn,
    scoreColumn: layout.scoreColumn,
    style: "summary",
  });
  return {
    cells: [
      at(row, layout.results.idColumn, { value: domain.id, style: STYLE.id }),
      at(row, layout.results.nameColumn, {
        value: domain.name[options.language],
        style: STYLE.name,
      }),
      ...domain.traits.map((trait, i) =>
        at(row, layout.results.traitColumns[i]!, {
          value: trait[options.language],
          style: STYLE.trait,
        }),
      ),
      ...aggregate.cells,
      ...explanationCells(context, row, aggregate.source, { kind: "domain", id: domain.id }),
    ],
  };
}

/** The overall row: its label, the levels' summaries in the trait columns, level, score, why. */
function planOverallResult(context: SheetContext): SheetPart {
  const { pack, options, layout, text } = context;
  const row = layout.overallRow;
  const aggregate = planAggregate(context, {
    scope: OVERALL,
    row,
    top: layout.firstItemRow,
    bottom: layout.lastItemRow,
    levelColumn: layout.levelColumn,
    scoreColumn: layout.scoreColumn,
    style: "summary",
    ranges: { ratings: SHEET_NAMES.ratings, weights: SHEET_NAMES.weights },
  });
  return {
    cells: [
      at(row, layout.results.idColumn, { value: text.overall, style: STYLE.overallLabel }),
      ...pack.levels.map((level, i) =>
        at(row, layout.results.traitColumns[i]!, {
          value: level.summary[options.language],
          style: STYLE.trait,
        }),
      ),
      ...aggregate.cells,
      ...explanationCells(context, row, aggregate.source, OVERALL),
    ],
    merges: [
      {
        top: row,
        left: layout.results.idColumn,
        bottom: row,
        right: layout.results.overallLabelRight,
      },
    ],
  };
}

/** The why and level-name cells beside a result. */
function explanationCells(
  { pack, options, layout, text, theta, side }: SheetContext,
  row: number,
  source: LevelSource,
  scope: Scope,
): CellPlan[] {
  return [
    at(row, layout.whyColumn, {
      formula: whyFormula(source, theta, text),
      style: STYLE.why,
      computes: { of: "why", side, scope },
    }),
    at(row, layout.labelColumn, {
      formula: labelFormula(pack, options.language, source),
      style: STYLE.why,
      computes: { of: "label", side, scope },
    }),
  ];
}

/** The overall aggregate, as the values of its cells name it. */
const OVERALL: Scope = { kind: "overall", id: "overall" };

/** Self-assessed and reviewed series in two colours, on every chart alike. */
export const SERIES_COLORS = { self: "4472C4", reviewed: "C55A11" } as const;

/**
 * The radar chart an assessment (or review) sheet was planned with, from what the sheet records
 * of itself (its metadata; `language` when it has none), to put it back on the sheet.
 *
 * @example
 * const read = readSheetAssessment(grid, "和平区");
 * domainChart(pack, read, "zh-CN"); // { kind: "radar", name: "CTMM_DomainRadar", … }
 */
export function domainChart(
  pack: ModelPack,
  sheet: {
    readonly sheet: string;
    readonly mode: AssessmentMode;
    readonly metadata: SheetMetadata | null;
  },
  language: Language,
): ChartPlan {
  const { metadata } = sheet;
  return planAssessmentSheet(pack, {
    language: metadata?.language ?? language,
    mode: sheet.mode,
    formulaStyle: metadata?.formulaStyle ?? "portable",
    sheetName: sheet.sheet,
    review: metadata?.kind === "review",
  }).plan.charts![0]!;
}

/**
 * The native radar chart of the domain levels (SPEC §4), drawn from the sheet's own names so it
 * follows the ratings, with or without the add-in; on a review sheet, self-assessed and reviewed.
 * Below the item rows, over no input; it prints after them.
 */
function planDomainChart({ layout, options, text }: SheetContext): ChartPlan {
  const source = (column: number) => ({
    sheet: options.sheetName,
    range: domainRange(layout, column),
  });
  const series = layout.review
    ? [
        {
          name: text.review.selfSeries,
          values: source(layout.levelColumn),
          color: SERIES_COLORS.self,
        },
        {
          name: text.review.reviewedSeries,
          values: source(layout.review.levelColumn),
          color: SERIES_COLORS.reviewed,
        },
      ]
    : [{ name: text.chartSeries, values: source(layout.levelColumn), color: SERIES_COLORS.self }];
  return {
    kind: "radar",
    name: DOMAIN_CHART_NAME,
    title: text.chart,
    anchor: layout.chart,
    // The domain names, in the sheet's language: the spokes read as the domains, not as 1-6.
    categories: source(layout.results.nameColumn),
    series,
    axis: { min: 0, max: 5, majorUnit: 1 },
  };
}

/**
 * The same sections over a review sheet's reviewed block: its ratings, helper columns and item
 * results stand in for the self-assessed ones (the effective weights are shared). Portable
 * formulas whatever the sheet's style: the review workbook is for any spreadsheet.
 */
function reviewedContext(context: SheetContext, review: ReviewLayout): SheetContext {
  const { layout } = context;
  return {
    ...context,
    addin: false,
    side: "reviewed",
    layout: {
      ...layout,
      ratingColumns: review.ratingColumns,
      helpers: { ...review.helpers, weightColumn: layout.helpers.weightColumn },
      itemLevelColumn: review.itemLevelColumn,
      itemScoreColumn: review.itemScoreColumn,
    },
  };
}

/**
 * A review sheet's reviewed block (SPEC §4, review workbook): headings; per item the reviewed
 * ratings (unlocked, filled with the self ratings by the review planner), a reason, the reviewed
 * item level and score and a mark where the reviewed ratings differ from the self ones; per
 * domain and overall the reviewed level and score and the change from the self level; the names.
 */
function planReviewBlock(context: SheetContext, review: ReviewLayout): SheetPart[] {
  const { pack, layout, text } = context;
  const reviewed = reviewedContext(context, review);
  const t = text.review;
  const title = (row: number, value: string) => ({
    row,
    left: review.left,
    right: review.right,
    text: value,
    style: STYLE.reviewSection,
  });

  // Results rows: reviewed level, score and change beside every domain and the overall.
  const resultHeadings = headedBlock(
    title(layout.results.titleRow, t.results),
    layout.results.headerRow,
    [
      [review.levelColumn, t.level],
      [review.scoreColumn, t.score],
      [review.changeColumn, t.change],
    ],
  );
  const cells: CellPlan[] = [];
  const resultRows = [
    ...layout.domains.map((place, d) => ({
      scope: { kind: "domain", id: pack.domains[d]!.id } as const,
      row: place.resultRow,
      top: place.top,
      bottom: place.bottom,
    })),
    {
      scope: OVERALL,
      row: layout.overallRow,
      top: layout.firstItemRow,
      bottom: layout.lastItemRow,
    },
  ];
  for (const { scope, row, top, bottom } of resultRows) {
    const aggregate = planAggregate(reviewed, {
      scope,
      row,
      top,
      bottom,
      levelColumn: review.levelColumn,
      scoreColumn: review.scoreColumn,
      style: "summary",
    });
    cells.push(
      ...aggregate.cells,
      at(row, review.changeColumn, {
        formula: changeFormula(
          relative(row, review.levelColumn),
          relative(row, layout.levelColumn),
        ),
        style: STYLE.change,
        computes: { of: "change", scope },
      }),
    );
  }

  // Item rows: reviewed ratings, reason, reviewed level and score, changed mark.
  const itemHeadings = headedBlock(title(layout.items.titleRow, t.items), layout.items.headerRow, [
    ...(layout.full
      ? review.ratingColumns.map((column, i): [number, string] => [column, t.ratingAt(i + 1)])
      : [[review.ratingColumns[0]!, t.quickRating] as [number, string]]),
    [review.reasonColumn, t.reason],
    [review.itemLevelColumn, t.itemLevel],
    [review.itemScoreColumn, t.itemScore],
    [review.changedColumn, t.changed],
  ]);
  const self = layout.helpers;
  const mine = review.helpers;
  listItems(pack).forEach(({ item }, index) => {
    const row = layout.firstItemRow + index;
    const span = (columns: readonly number[]) =>
      `${relative(row, columns[0]!)}:${relative(row, columns.at(-1)!)}`;
    cells.push(
      ...review.ratingColumns.map((column) => at(row, column, { value: null, style: STYLE.input })),
      at(row, review.reasonColumn, { value: null, style: STYLE.evidence }),
      ...portableItemResults(reviewed, row, item.id),
      // Changed when the ratings' values differ, or one side is N/A and the other not: a label
      // typed for a number of the same value is no change. --(a<>b), not ABS(a-b): Gnumeric
      // applies ABS to one cell of the range, inside SUMPRODUCT too.
      at(row, review.changedColumn, {
        formula: `IF(OR(SUMPRODUCT(--(${span(self.rColumns)}<>${span(mine.rColumns)}))>0,${relative(row, self.applicableColumn)}<>${relative(row, mine.applicableColumn)}),"${t.changedMark}","")`,
        style: STYLE.changed,
        computes: { of: "changed", item: item.id },
      }),
    );
  });
  return [resultHeadings, itemHeadings, { cells, names: planReviewNames(layout, review) }];
}
