import type { AssessmentMode, Language, Localized, ModelPack } from "../model";
import { listItems } from "../model";
import { address, formulaText, quoteSheetName } from "./a1";
import { changeFormula } from "./assessmentFormulas";
import { CHANGE_FIELDS } from "./computed";
import type { ConsolidatedFile } from "./consolidate";
import { consolidateGrid } from "./consolidate";
import type { AssessmentSheet, SheetMetadata } from "./contract";
import { LEVEL_FILLS, REVIEW_NAMES, REVIEW_SUMMARY_NAMES, SHEET_NAMES } from "./contract";
import type { SheetEntries } from "./entries";
import { readSheetEntries } from "./entries";
import { fillPlan } from "./fillPlan";
import type { WorkbookGrid } from "./grid";
import type {
  CellPlan,
  CellStyle,
  ChartPlan,
  ConditionalFormatPlan,
  NamePlan,
  RangePlan,
  SheetPlan,
  WorkbookPlan,
} from "./plan";
import { sheetPlan } from "./plan";
import { planAssessmentSheet, SERIES_COLORS } from "./planAssessmentSheet";
import { planMetaSheet, sheetMetadata, uniqueSheetNames } from "./planWorkbook";
import { readMetadata } from "./readAssessment";

/** A return that goes into the review: one assessment sheet's entries. */
export interface ReviewReturn {
  readonly file: string;
  readonly sheet: string;
  readonly mode: AssessmentMode;
  readonly entries: SheetEntries;
}

/** A return left out of the review, and why (in both languages). */
export interface ExcludedReturn {
  readonly file: string;
  readonly sheet: string;
  readonly reason: Localized;
}

/** What one returned workbook brings to a review. */
export interface ReviewCandidates {
  readonly returns: ReviewReturn[];
  readonly excluded: ExcludedReturn[];
}

/**
 * Sorts a returned workbook's assessment sheets into those a review takes — read and checked
 * with the one consolidation (`consolidateGrid`), without errors — and those it leaves out
 * (broken, foreign, tampered, another model or template), with the reason. Warnings (a missing
 * rating, a note not given) do not keep a return out: the meeting discusses them.
 *
 * @example
 * const { returns, excluded } = reviewCandidates("和平区.xlsx", readXlsx(bytes), BUILTIN_PACK);
 */
export function reviewCandidates(
  file: string,
  grid: WorkbookGrid,
  pack: ModelPack,
  /** The file's consolidation, when the caller has it already. */
  consolidated: ConsolidatedFile = consolidateGrid(file, grid, pack),
): ReviewCandidates {
  const metadata = readMetadata(grid);
  const returns: ReviewReturn[] = [];
  const excluded: ExcludedReturn[] = [];
  consolidated.rows.forEach((row, index) => {
    const problem = consolidated.problems[index];
    const errors = consolidated.findings.filter(
      (f) => f.sheet === row.sheet && f.severity === "error",
    );
    const entries = problem || errors.length > 0 ? null : readSheetEntries(grid, row.sheet);
    const mode = metadata.get(row.sheet)?.mode;
    if (entries && mode && metadata.get(row.sheet)?.kind !== "review") {
      returns.push({ file, sheet: row.sheet, mode, entries });
      return;
    }
    const first = errors[0];
    const more = (n: number, language: Language) =>
      n <= 1
        ? ""
        : language === "zh-CN"
          ? `（另有 ${n - 1} 个错误）`
          : ` (and ${n - 1} more errors)`;
    const reason: Localized = problem
      ? problem
      : first
        ? {
            "zh-CN": `${first.message["zh-CN"]}${more(errors.length, "zh-CN")}`,
            "en-US": `${first.message["en-US"]}${more(errors.length, "en-US")}`,
          }
        : {
            "zh-CN": "不是区县填报的评估表（无元数据，或已是复核表）",
            "en-US": "not a district's assessment sheet (no metadata, or already a review sheet)",
          };
    excluded.push({ file, sheet: row.sheet, reason });
  });
  return { returns, excluded };
}

const TEXT = {
  "zh-CN": {
    summary: "复核汇总",
    spread: "能力项分布",
    changes: "复核调整",
    summaryTitle: "复核汇总（随各区县表中的复核评分实时计算）",
    spreadTitle: "各区县复核后的能力项等级",
    changesTitle: "复核调整的能力项（随复核评分实时更新）",
    district: "评估对象",
    overall: "总体",
    self: "自评",
    reviewed: "复核",
    level: "等级",
    score: "得分",
    change: "变化",
    excluded: "未纳入复核的文件",
    file: "文件",
    sheet: "工作表",
    reason: "原因",
    id: "编号",
    item: "能力项",
    min: "最低",
    max: "最高",
    below2: "低于二级的区县数",
    count: "调整项数",
    selfRatings: "自评评分",
    reviewedRatings: "复核评分",
    selfLevel: "自评能力项等级",
    reviewedLevel: "复核能力项等级",
    chart: "总体等级（自评与复核）",
    na: "不适用",
  },
  "en-US": {
    summary: "Review summary",
    spread: "Item spread",
    changes: "Review changes",
    summaryTitle: "Review summary (recalculates with the reviewed ratings on every district sheet)",
    spreadTitle: "Each item's reviewed level in every district",
    changesTitle: "Items whose reviewed rating differs from the self-assessed one (updates live)",
    district: "District",
    overall: "Overall",
    self: "self",
    reviewed: "reviewed",
    level: "level",
    score: "score",
    change: "change",
    excluded: "Files left out of the review",
    file: "File",
    sheet: "Sheet",
    reason: "Reason",
    id: "ID",
    item: "Item",
    min: "Lowest",
    max: "Highest",
    below2: "Districts below level 2",
    count: "Items changed",
    selfRatings: "Self-assessed ratings",
    reviewedRatings: "Reviewed ratings",
    selfLevel: "Self-assessed item level",
    reviewedLevel: "Reviewed item level",
    chart: "Overall level (self-assessed and reviewed)",
    na: "N/A",
  },
} as const;

const HEADER: CellStyle = {
  bold: true,
  fill: "DDEBF7",
  wrap: true,
  vertical: "center",
  horizontal: "center",
  border: "thin",
};
const TITLE: CellStyle = { bold: true, fontSize: 13, fontColor: "1F4E79" };
const CELL: CellStyle = { border: "thin" };
const NUMBER: CellStyle = { border: "thin", horizontal: "center", numberFormat: "0.00" };
const LEVEL: CellStyle = { border: "thin", horizontal: "center", bold: true };
const CHANGE: CellStyle = { border: "thin", horizontal: "center", numberFormat: "+0;-0;0" };

/** A planned review workbook and its district sheets. */
export interface PlannedReview {
  /** The whole workbook: the overview sheets, the district sheets, the metadata sheet. */
  readonly plan: WorkbookPlan;
  readonly sheets: readonly AssessmentSheet[];
  readonly metadata: readonly SheetMetadata[];
  /**
   * The summary, spread and changes sheets: their formulas refer to the district sheets, so an
   * adapter writing into a live workbook writes them after the district sheets.
   */
  readonly overview: readonly SheetPlan[];
}

/**
 * Plans the review workbook (SPEC §4): one district sheet per return — its own ratings locked,
 * a reviewed block filled with the same ratings for reviewers to edit, a reason per item, levels
 * for both and a radar chart of both — and, all in portable formulas over the district sheets'
 * names, a live summary (districts × overall and domains, self and reviewed, the change; the
 * excluded returns listed with their reasons; a bar chart of overall levels), a per-item spread
 * (each item's reviewed level in every district, lowest, highest, districts below level 2) and
 * the list of changed items. Editing one reviewed rating recalculates everything, in any
 * spreadsheet.
 *
 * @example
 * const { returns, excluded } = reviewCandidates("和平区.xlsx", grid, BUILTIN_PACK);
 * const { plan } = planReviewWorkbook(BUILTIN_PACK, returns, excluded, "zh-CN");
 * writeXlsx(plan);
 */
export function planReviewWorkbook(
  pack: ModelPack,
  returns: readonly ReviewReturn[],
  excluded: readonly ExcludedReturn[],
  language: Language,
): PlannedReview {
  const t = TEXT[language];
  const names = uniqueSheetNames([
    t.summary,
    t.spread,
    t.changes,
    ...returns.map((r) => r.entries.header?.district || r.sheet),
  ]);
  const sheetNames = names.slice(3);
  const metadata: SheetMetadata[] = [];
  const sheets = returns.map((ret, index): AssessmentSheet => {
    const sheet = planAssessmentSheet(pack, {
      language,
      mode: ret.mode,
      formulaStyle: "portable",
      sheetName: sheetNames[index]!,
      review: true,
      ...(ret.entries.header?.district ? { district: ret.entries.header.district } : {}),
    });
    metadata.push(
      sheetMetadata(pack, sheet, {
        mode: ret.mode,
        language,
        formulaStyle: "portable",
        kind: "review",
      }),
    );
    // The reviewed block starts as the district's own ratings.
    const filled = fillPlan({ sheets: [sheet.plan] }, sheet, {
      ...ret.entries,
      reviewed: ret.entries.ratings,
    });
    return { ...sheet, plan: filled.sheets[0]! };
  });
  const districts = sheets.map((s, i) => ({
    sheet: s.plan.name,
    mode: returns[i]!.mode,
    layout: s,
  }));
  const overview = [
    planReviewSummary(pack, districts, excluded, language, names[0]!),
    planItemSpread(pack, districts, language, names[1]!),
    planChanges(pack, districts, language, names[2]!),
  ];
  return {
    plan: {
      sheets: [...overview, ...sheets.map((s) => s.plan), planMetaSheet(metadata)],
      title: `${pack.title[language]} — ${t.summary}`,
    },
    sheets,
    metadata,
    overview,
  };
}

interface District {
  readonly sheet: string;
  readonly mode: AssessmentMode;
  readonly layout: AssessmentSheet;
}

/** `'和平区'!CTMM_OverallLevel`: a district sheet's name, from another sheet. */
const onSheet = (sheet: string, name: string) => `${quoteSheetName(sheet)}!${name}`;

/** Heat-map fills on level columns: a colour per level, as on the district sheets. */
function levelFills(ranges: readonly RangePlan[]): ConditionalFormatPlan[] {
  const rules: ConditionalFormatPlan[] = [];
  for (const range of ranges) {
    const cell = address(range.top, range.left);
    LEVEL_FILLS.forEach((fill, level) =>
      rules.push({
        range,
        formula: `AND(ISNUMBER(${cell}),${cell}=${level})`,
        style: { fill },
        priority: rules.length + 1,
      }),
    );
  }
  return rules;
}

/** An overview sheet: protected (its cells are formulas), printed landscape, one page wide. */
function overviewSheet(name: string, parts: Partial<SheetPlan>): SheetPlan {
  return sheetPlan(name, {
    protect: true,
    print: { orientation: "landscape", paper: "A4", fitToWidth: 1, fitToHeight: 0 },
    ...parts,
  });
}

/** Every overview sheet: a title on row 1, headings on row 3, the data from row 4. */
const HEAD = 2;
const FIRST = HEAD + 1;

/** A district sheet's district field, live; the sheet's name while the field is blank. */
const districtName = (sheet: string): Pick<CellPlan, "formula" | "computes"> => {
  const field = onSheet(sheet, SHEET_NAMES.district);
  return {
    formula: `IF(TRIM(${field})="",${formulaText(sheet)},${field})`,
    computes: { of: "district", sheet },
  };
};

/**
 * A cell of a name on a district sheet: `'和平区'!CTMM_OverallLevel` for a single cell (index 0),
 * `INDEX('和平区'!CTMM_DomainLevels,3)` for the third of a column.
 */
const namedCell = (
  sheet: string,
  name: string,
  index: number,
): Pick<CellPlan, "formula" | "computes"> => ({
  formula: index === 0 ? onSheet(sheet, name) : `INDEX(${onSheet(sheet, name)},${index})`,
  computes: { of: "named", sheet, name, index: Math.max(index, 1) },
});

/**
 * The summary: a row per district with overall and domain levels and scores, self and reviewed,
 * and the change; then the returns left out. Names CTMM_ReviewDistricts, CTMM_ReviewOverallLevels
 * and CTMM_ReviewOverallScores over the district rows.
 */
function planReviewSummary(
  pack: ModelPack,
  districts: readonly District[],
  excluded: readonly ExcludedReturn[],
  language: Language,
  name: string,
): SheetPlan {
  const t = TEXT[language];
  // Each group's four cells: self level and score, reviewed level and score, as names' cells.
  const groups: { label: string; names: readonly string[]; index: number }[] = [
    {
      label: t.overall,
      names: [
        SHEET_NAMES.overallLevel,
        SHEET_NAMES.overallScore,
        REVIEW_NAMES.reviewedOverallLevel,
        REVIEW_NAMES.reviewedOverallScore,
      ],
      index: 0,
    },
    ...pack.domains.map((domain, d) => ({
      label: `${domain.id} ${domain.name[language]}`,
      names: [
        SHEET_NAMES.domainLevels,
        SHEET_NAMES.domainScores,
        REVIEW_NAMES.reviewedDomainLevels,
        REVIEW_NAMES.reviewedDomainScores,
      ],
      index: d + 1,
    })),
  ];
  // Each group: self level, self score, reviewed level, reviewed score, change.
  const groupColumn = (g: number) => 1 + 5 * g;
  const cells: CellPlan[] = [
    { row: 0, column: 0, value: t.summaryTitle, style: TITLE },
    { row: HEAD, column: 0, value: t.district, style: HEADER },
  ];
  groups.forEach((group, g) => {
    const c = groupColumn(g);
    const head = [
      `${t.self} ${t.level}`,
      `${t.self} ${t.score}`,
      `${t.reviewed} ${t.level}`,
      `${t.reviewed} ${t.score}`,
      t.change,
    ];
    cells.push({ row: HEAD - 1, column: c, value: group.label, style: HEADER });
    head.forEach((value, i) => cells.push({ row: HEAD, column: c + i, value, style: HEADER }));
  });
  const merges: RangePlan[] = groups.map((_, g) => ({
    top: HEAD - 1,
    left: groupColumn(g),
    bottom: HEAD - 1,
    right: groupColumn(g) + 4,
  }));
  districts.forEach((district, index) => {
    const row = FIRST + index;
    const s = district.sheet;
    cells.push({ row, column: 0, ...districtName(s), style: CELL });
    groups.forEach((group, g) => {
      const c = groupColumn(g);
      group.names.forEach((named, i) =>
        cells.push({
          row,
          column: c + i,
          ...namedCell(s, named, group.index),
          style: i % 2 === 0 ? LEVEL : NUMBER,
        }),
      );
      cells.push({
        row,
        column: c + 4,
        formula: changeFormula(address(row, c + 2), address(row, c)),
        computes: {
          of: "difference",
          to: { row, column: c + 2 },
          from: { row, column: c },
        },
        style: CHANGE,
      });
    });
  });
  const last = FIRST + Math.max(districts.length, 1) - 1;
  const lastColumn = groupColumn(groups.length - 1) + 4;
  const column = (c: number): RangePlan => ({ top: FIRST, left: c, bottom: last, right: c });
  const names: NamePlan[] = [
    { name: REVIEW_SUMMARY_NAMES.districts, range: column(0) },
    { name: REVIEW_SUMMARY_NAMES.overallLevels, range: column(groupColumn(0) + 2) },
    { name: REVIEW_SUMMARY_NAMES.overallScores, range: column(groupColumn(0) + 3) },
  ];

  // The returns left out, below the districts.
  const excludedTop = last + 2;
  if (excluded.length > 0) {
    cells.push({ row: excludedTop, column: 0, value: t.excluded, style: TITLE });
    [t.file, t.sheet, t.reason].forEach((value, i) =>
      cells.push({ row: excludedTop + 1, column: i, value, style: HEADER }),
    );
    excluded.forEach((e, i) =>
      [e.file, e.sheet, e.reason[language]].forEach((value, c) =>
        cells.push({ row: excludedTop + 2 + i, column: c, value, style: CELL }),
      ),
    );
  }

  const levelColumns = groups.flatMap((_, g) => [groupColumn(g), groupColumn(g) + 2]);
  const chart: ChartPlan | null =
    districts.length === 0
      ? null
      : {
          kind: "bar",
          title: t.chart,
          anchor: {
            top: excludedTop + (excluded.length > 0 ? excluded.length + 3 : 0),
            left: 0,
            bottom: excludedTop + (excluded.length > 0 ? excluded.length + 3 : 0) + 17,
            right: 7,
          },
          categories: { sheet: name, range: column(0) },
          series: [
            {
              name: t.self,
              values: { sheet: name, range: column(groupColumn(0)) },
              color: SERIES_COLORS.self,
            },
            {
              name: t.reviewed,
              values: { sheet: name, range: column(groupColumn(0) + 2) },
              color: SERIES_COLORS.reviewed,
            },
          ],
          axis: { min: 0, max: 5, majorUnit: 1 },
        };
  return overviewSheet(name, {
    cells,
    merges,
    names,
    columns: [
      { index: 0, width: 22 },
      ...Array.from({ length: lastColumn }, (_, i) => ({ index: i + 1, width: 9 })),
    ],
    rows: [{ index: HEAD, height: 45 }],
    conditionalFormats: districts.length > 0 ? levelFills(levelColumns.map(column)) : [],
    freeze: { rows: HEAD + 1, columns: 1 },
    ...(chart ? { charts: [chart] } : {}),
  });
}

/**
 * The spread: a row per item with its reviewed level in every district, the lowest and highest,
 * and how many districts are below level 2 — where districts disagree.
 */
function planItemSpread(
  pack: ModelPack,
  districts: readonly District[],
  language: Language,
  name: string,
): SheetPlan {
  const t = TEXT[language];
  const first = 2;
  const lastDistrict = first + districts.length - 1;
  const stats = lastDistrict + 1;
  const cells: CellPlan[] = [
    { row: 0, column: 0, value: t.spreadTitle, style: TITLE },
    { row: HEAD, column: 0, value: t.id, style: HEADER },
    { row: HEAD, column: 1, value: t.item, style: HEADER },
    ...districts.map((d, i): CellPlan => ({
      row: HEAD,
      column: first + i,
      ...districtName(d.sheet),
      style: HEADER,
    })),
    { row: HEAD, column: stats, value: t.min, style: HEADER },
    { row: HEAD, column: stats + 1, value: t.max, style: HEADER },
    { row: HEAD, column: stats + 2, value: t.below2, style: HEADER },
  ];
  const items = listItems(pack);
  items.forEach(({ item }, i) => {
    const row = FIRST + i;
    cells.push(
      { row, column: 0, value: item.id, style: CELL },
      { row, column: 1, value: item.name[language], style: { ...CELL, wrap: true } },
      ...districts.map((d, k): CellPlan => ({
        row,
        column: first + k,
        ...namedCell(d.sheet, REVIEW_NAMES.reviewedItemLevels, i + 1),
        style: LEVEL,
      })),
    );
    const span =
      districts.length > 0 ? `${address(row, first)}:${address(row, lastDistrict)}` : null;
    cells.push(
      {
        row,
        column: stats,
        ...(span
          ? {
              formula: `IF(COUNT(${span})=0,${formulaText(t.na)},MIN(${span}))`,
              computes: { of: "spread", item: item.id, stat: "min" },
            }
          : { value: null }),
        style: LEVEL,
      },
      {
        row,
        column: stats + 1,
        ...(span
          ? {
              formula: `IF(COUNT(${span})=0,${formulaText(t.na)},MAX(${span}))`,
              computes: { of: "spread", item: item.id, stat: "max" },
            }
          : { value: null }),
        style: LEVEL,
      },
      {
        row,
        column: stats + 2,
        ...(span
          ? {
              formula: `COUNTIF(${span},"<2")`,
              computes: { of: "spread", item: item.id, stat: "below2" },
            }
          : { value: 0 }),
        style: LEVEL,
      },
    );
  });
  const last = FIRST + items.length - 1;
  const range = (left: number, right = left): RangePlan => ({
    top: FIRST,
    left,
    bottom: last,
    right,
  });
  return overviewSheet(name, {
    cells,
    columns: [
      { index: 0, width: 9 },
      { index: 1, width: 30 },
      ...districts.map((_, i) => ({ index: first + i, width: 10 })),
      { index: stats, width: 9 },
      { index: stats + 1, width: 9 },
      { index: stats + 2, width: 12 },
    ],
    rows: [{ index: HEAD, height: 45 }],
    conditionalFormats: districts.length > 0 ? levelFills([range(first, stats + 1)]) : [],
    freeze: { rows: HEAD + 1, columns: 2 },
  });
}

/**
 * The changed items, as a list that follows the edits: a hidden table holds one row per district
 * and item with a changed flag and a running count; the visible list's k-th row shows the pair
 * where the count first reaches k (MATCH), blank past the last change. Classic functions only.
 */
function planChanges(
  pack: ModelPack,
  districts: readonly District[],
  language: Language,
  name: string,
): SheetPlan {
  const t = TEXT[language];
  const items = listItems(pack);
  const pairs = districts.flatMap((district) =>
    items.map(({ item }, i) => ({ district, item, index: i + 1 })),
  );
  const headings = [
    t.district,
    t.id,
    t.item,
    t.selfRatings,
    t.reviewedRatings,
    t.selfLevel,
    t.reviewedLevel,
    t.reason,
  ];
  // Hidden pair table: flag, running count, then the same columns as the visible list.
  const FLAG = headings.length + 1;
  const COUNT = FLAG + 1;
  const DATA = COUNT + 1;
  const PICK = DATA + headings.length; // the visible row's pair index
  const lastPair = FIRST + Math.max(pairs.length, 1) - 1;
  const cells: CellPlan[] = [
    { row: 0, column: 0, value: t.changesTitle, style: TITLE },
    { row: 1, column: 0, value: t.count, style: { bold: true } },
    {
      row: 1,
      column: 1,
      ...(pairs.length > 0
        ? {
            formula: `SUM(${address(FIRST, FLAG, true)}:${address(lastPair, FLAG, true)})`,
            computes: { of: "changes", part: "total" } as const,
          }
        : { value: 0 }),
      style: { bold: true, horizontal: "center" },
    },
    ...headings.map((value, column): CellPlan => ({ row: HEAD, column, value, style: HEADER })),
  ];
  const total = address(1, 1, true);
  pairs.forEach(({ district, item, index }, p) => {
    const row = FIRST + p;
    const s = district.sheet;
    const ratings = onSheet(s, SHEET_NAMES.ratings);
    const reviewed = onSheet(s, REVIEW_NAMES.reviewedRatings);
    const width = district.mode === "full" ? 5 : 1;
    const joined = (range: string) =>
      Array.from({ length: width }, (_, k) => `INDEX(${range},${index},${k + 1})`).join(`&" / "&`) +
      (width === 1 ? `&""` : "");
    const layout = district.layout.layout;
    const selfLevelCell = `${quoteSheetName(s)}!${address(layout.firstItemRow + index - 1, layout.itemLevelColumn, true)}`;
    const data: Record<(typeof CHANGE_FIELDS)[number], string> = {
      district: districtName(s).formula!,
      id: formulaText(item.id),
      name: formulaText(item.name[language]),
      selfRatings: joined(ratings),
      reviewedRatings: joined(reviewed),
      selfLevel: `${selfLevelCell}&""`,
      reviewedLevel: `INDEX(${onSheet(s, REVIEW_NAMES.reviewedItemLevels)},${index})&""`,
      reason: `INDEX(${onSheet(s, REVIEW_NAMES.reviewReasons)},${index})&""`,
    };
    const flag = address(row, FLAG);
    cells.push(
      {
        row,
        column: FLAG,
        formula: `IF(INDEX(${onSheet(s, REVIEW_NAMES.reviewChanged)},${index})="",0,1)`,
        computes: { of: "changes", part: "flag", pair: p },
      },
      {
        row,
        column: COUNT,
        formula: p === 0 ? flag : `${address(row - 1, COUNT)}+${flag}`,
        computes: { of: "changes", part: "count", pair: p },
      },
      ...CHANGE_FIELDS.map((field, c): CellPlan => ({
        row,
        column: DATA + c,
        formula: data[field],
        computes: { of: "changes", part: "data", pair: p, field: c },
      })),
    );
  });
  // The visible list: as many rows as there are pairs, filled from the top.
  const countRange = `${address(FIRST, COUNT, true)}:${address(lastPair, COUNT, true)}`;
  pairs.forEach((_, k) => {
    const row = FIRST + k;
    const pick = address(row, PICK);
    cells.push({
      row,
      column: PICK,
      formula: `IF(${k + 1}>${total},0,MATCH(${k + 1},${countRange},0))`,
      computes: { of: "changes", part: "pick", row: k },
    });
    headings.forEach((_, c) => {
      const source = `${address(FIRST, DATA + c, true)}:${address(lastPair, DATA + c, true)}`;
      cells.push({
        row,
        column: c,
        formula: `IF(${pick}=0,"",INDEX(${source},${pick}))`,
        computes: { of: "changes", part: "list", row: k, field: c },
        style: CELL,
      });
    });
  });
  const hidden = Array.from({ length: PICK - FLAG + 1 }, (_, i) => ({
    index: FLAG + i,
    hidden: true,
  }));
  return overviewSheet(name, {
    cells,
    columns: [
      { index: 0, width: 16 },
      { index: 1, width: 8 },
      { index: 2, width: 26 },
      { index: 3, width: 30 },
      { index: 4, width: 30 },
      { index: 5, width: 10 },
      { index: 6, width: 10 },
      { index: 7, width: 36 },
      ...hidden,
    ],
    rows: [{ index: HEAD, height: 30 }],
    freeze: { rows: HEAD + 1, columns: 1 },
  });
}

/** The review workbook's sheet names in a language (summary, spread, changes), for adapters. */
export function reviewSheetNames(language: Language): readonly string[] {
  const t = TEXT[language];
  return [t.summary, t.spread, t.changes];
}
