import type { Assessment, LevelResult, ModelPack, RatingCell } from "../model";
import { createRatingParser, LEVEL_COUNT, listItems, roundExcel, trimSpaces } from "../model";
import { quoteSheetName, rangeAddress } from "./a1";
import { NA_VALUE } from "./assessmentContext";
import type { CachedValue, CellAt, Computed, Scope, Side } from "./computed";
import { CHANGE_FIELDS } from "./computed";
import { REVIEW_NAMES, SHEET_NAMES } from "./contract";
import type { SheetMetadata } from "./contract";
import { readSheetEntries } from "./entries";
import type { GridCell, GridName, SheetGrid, WorkbookGrid } from "./grid";
import { cellKey } from "./grid";
import type { CellPlan, SheetPlan, WorkbookPlan } from "./plan";
import { listAssessmentSheets, readMetadata } from "./readAssessment";
import { scoreReviewed, scoreSheet } from "./scoreSheet";
import type { SheetText } from "./sheetText";
import { SHEET_TEXT } from "./sheetText";

/**
 * The plan with every formula cell that says what it computes carrying the value it evaluates to
 * for the entries in the plan (SPEC §4: values travel with formulas), so that Protected View, a
 * file preview and a spreadsheet that does not recalculate on open show the real levels. The
 * values are the engine's, on the sheets' entries read by the one rating rule; the three-engine
 * test holds them to LibreOffice's and Gnumeric's, cell by cell.
 *
 * @example
 * writeXlsx(withCachedValues(planWorkbook(pack, options).plan, pack));
 */
export function withCachedValues(plan: WorkbookPlan, pack: ModelPack): WorkbookPlan {
  if (!plan.sheets.some((s) => s.cells.some((c) => c.computes !== undefined))) return plan;
  const values = new PlanValues(plan, pack);
  return {
    ...plan,
    sheets: plan.sheets.map((sheet): SheetPlan => {
      if (!sheet.cells.some((c) => c.computes !== undefined)) return sheet;
      return {
        ...sheet,
        cells: sheet.cells.map((cell): CellPlan => {
          if (cell.computes === undefined || cell.formula === undefined) return cell;
          return { ...cell, cached: values.of(sheet.name, cell) };
        }),
      };
    }),
  };
}

/** A sheet's results on one side: the engine's assessment and each rating cell as parsed. */
interface SideResults {
  readonly result: Assessment;
  readonly cells: ReadonlyMap<string, readonly RatingCell[]>;
  readonly raw: ReadonlyMap<string, readonly unknown[]>;
}

interface SheetResults {
  readonly sheet: string;
  readonly text: SheetText;
  readonly metadata: SheetMetadata | null;
  readonly self: SideResults;
  readonly reviewed: SideResults | null;
}

/** Resolves what cells compute, each once, over one plan. */
class PlanValues {
  private readonly grid: WorkbookGrid;
  private readonly sheets = new Map<string, SheetResults | null>();
  private readonly memo = new Map<string, CachedValue>();
  private readonly planned = new Map<string, Map<string, CellPlan>>();
  private readonly metadata: ReadonlyMap<string, SheetMetadata>;
  private readonly assessments: ReadonlySet<string>;
  private changeTable: { flags: number[]; counts: number[]; data: CachedValue[][] } | null = null;
  private districts: string[] | null = null;

  constructor(
    private readonly plan: WorkbookPlan,
    private readonly pack: ModelPack,
  ) {
    this.grid = gridOfPlan(plan);
    this.metadata = readMetadata(this.grid);
    this.assessments = new Set(listAssessmentSheets(this.grid));
    for (const sheet of plan.sheets)
      this.planned.set(sheet.name, new Map(sheet.cells.map((c) => [cellKey(c.row, c.column), c])));
  }

  of(sheet: string, cell: CellPlan): CachedValue {
    const key = `${sheet}\u0000${cell.row},${cell.column}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const value = this.resolve(sheet, cell.computes!);
    this.memo.set(key, value);
    return value;
  }

  /** The value a cell shows: its entry, or what its formula computes. */
  private cellValue(sheet: string, at: CellAt): CachedValue {
    const cell = this.planned.get(sheet)?.get(cellKey(at.row, at.column));
    if (cell?.formula !== undefined) {
      if (cell.computes !== undefined) return this.of(sheet, cell);
      if (cell.cached !== undefined) return cell.cached;
      throw new Error(`${sheet}!${at.row},${at.column}: a formula without a meaning`);
    }
    return cell?.value ?? "";
  }

  private results(sheet: string): SheetResults {
    if (!this.sheets.has(sheet)) this.sheets.set(sheet, this.score(sheet));
    const found = this.sheets.get(sheet);
    if (!found) throw new Error(`${sheet} is not an assessment sheet of the plan`);
    return found;
  }

  private score(sheet: string): SheetResults | null {
    if (!this.assessments.has(sheet)) return null;
    const metadata = this.metadata.get(sheet) ?? null;
    const scored = scoreSheet(this.grid, sheet, this.pack);
    const parser = createRatingParser(this.pack, scored.read.input.mode);
    const side = (result: Assessment, raw: ReadonlyMap<string, readonly unknown[]>) => ({
      result,
      raw,
      cells: new Map([...raw].map(([id, row]) => [id, row.map((v) => parser.parse(v))])),
    });
    const reviewed = readSheetEntries(this.grid, sheet)?.reviewed;
    return {
      sheet,
      text: SHEET_TEXT[metadata?.language ?? "zh-CN"],
      metadata,
      self: side(scored.result, scored.read.input.ratings),
      reviewed:
        metadata?.kind === "review" && reviewed
          ? side(scoreReviewed(scored.read, reviewed, this.pack).result, reviewed)
          : null,
    };
  }

  private side(sheet: string, side: Side): SideResults & { text: SheetText } {
    const results = this.results(sheet);
    const found = side === "self" ? results.self : results.reviewed;
    if (!found) throw new Error(`${sheet} has no reviewed block`);
    return { ...found, text: results.text };
  }

  private resolve(sheet: string, computes: Computed): CachedValue {
    switch (computes.of) {
      case "applicable": {
        const cells = this.side(sheet, computes.side).cells.get(computes.item) ?? [];
        return cells.some((c) => c.kind === "na") ? 0 : 1;
      }
      case "r": {
        const cells = this.side(sheet, computes.side).cells.get(computes.item) ?? [];
        const values = cells.map((c) =>
          c.kind === "rated" ? c.value : c.kind === "na" ? NA_VALUE : 0,
        );
        if (values.length === 1) return values[0]! >= computes.level ? 1 : 0;
        return values[computes.level - 1] ?? 0;
      }
      case "levelScore":
      case "level":
      case "score":
      case "why":
      case "label": {
        const { result, text } = this.side(sheet, computes.side);
        const level = levelOf(result, computes.scope);
        const na = text.notApplicable;
        if (computes.of === "levelScore")
          return level ? level.levelScores[computes.level - 1]! : na;
        if (computes.of === "level") return level ? level.level : na;
        if (computes.of === "score") return level ? level.score : na;
        if (computes.of === "label") return level ? this.levelName(level, sheet) : na;
        return whyText(level, text, result.threshold);
      }
      case "change": {
        const self = levelOf(this.side(sheet, "self").result, computes.scope);
        const mine = levelOf(this.side(sheet, "reviewed").result, computes.scope);
        return self && mine ? mine.level - self.level : "";
      }
      case "changed":
        return this.changed(sheet, computes.item)
          ? this.results(sheet).text.review.changedMark
          : "";
      case "named":
        return this.named(computes.sheet, computes.name, computes.index);
      case "same":
        return this.cellValue(computes.sheet, computes.at);
      case "district":
        return this.district(computes.sheet);
      case "difference": {
        const to = this.cellValue(sheet, computes.to);
        const from = this.cellValue(sheet, computes.from);
        return typeof to === "number" && typeof from === "number" ? to - from : "";
      }
      case "spread": {
        const levels = this.reviewSheets()
          .map((s) => {
            const item = this.side(s, "reviewed").result.items.find((i) => i.id === computes.item);
            return item?.result?.level ?? null;
          })
          .filter((l): l is NonNullable<typeof l> => l !== null);
        if (computes.stat === "below2") return levels.filter((l) => l < 2).length;
        if (levels.length === 0) return this.results(this.reviewSheets()[0]!).text.notApplicable;
        return computes.stat === "min" ? Math.min(...levels) : Math.max(...levels);
      }
      case "changes":
        return this.changes(computes);
    }
  }

  private levelName(level: LevelResult, sheet: string): string {
    const language = this.results(sheet).metadata?.language ?? "zh-CN";
    return level.level === 0
      ? this.pack.belowLevel1[language]
      : this.pack.levels[level.level - 1]!.name[language];
  }

  /** An item's reviewed ratings differ from the self-assessed ones (or one side is N/A). */
  private changed(sheet: string, item: string): boolean {
    const r = (side: Side) =>
      Array.from({ length: LEVEL_COUNT }, (_, l) =>
        this.resolve(sheet, { of: "r", side, item, level: l + 1 }),
      );
    const a = (side: Side) => this.resolve(sheet, { of: "applicable", side, item });
    const self = r("self");
    const mine = r("reviewed");
    return self.some((v, l) => v !== mine[l]) || a("self") !== a("reviewed");
  }

  private named(sheet: string, name: string, index: number): CachedValue {
    const target = this.plan.sheets
      .find((s) => s.name === sheet)
      ?.names.find((n) => n.name === name)?.range;
    if (!target) throw new Error(`${sheet} has no ${name}`);
    const width = target.right - target.left + 1;
    const row = target.top + Math.floor((index - 1) / width);
    const column = target.left + ((index - 1) % width);
    return this.cellValue(sheet, { row, column });
  }

  private district(sheet: string): CachedValue {
    const field = this.named(sheet, SHEET_NAMES.district, 1);
    return typeof field === "string" && trimSpaces(field) === "" ? sheet : field;
  }

  /** The review's district sheets, in the plan's order. */
  private reviewSheets(): string[] {
    return (this.districts ??= this.plan.sheets
      .map((s) => s.name)
      .filter((name) => this.metadata.get(name)?.kind === "review"));
  }

  private changes(computes: Extract<Computed, { of: "changes" }>): CachedValue {
    const table = (this.changeTable ??= this.buildChanges());
    const total = table.flags.reduce((a, b) => a + b, 0);
    switch (computes.part) {
      case "total":
        return total;
      case "flag":
        return table.flags[computes.pair]!;
      case "count":
        return table.counts[computes.pair]!;
      case "data":
        return table.data[computes.pair]![computes.field]!;
      case "pick":
      case "list": {
        const k = computes.row + 1;
        const pick = k > total ? 0 : table.counts.indexOf(k) + 1;
        if (computes.part === "pick") return pick;
        return pick === 0 ? "" : table.data[pick - 1]![computes.field]!;
      }
    }
  }

  private buildChanges(): { flags: number[]; counts: number[]; data: CachedValue[][] } {
    const flags: number[] = [];
    const counts: number[] = [];
    const data: CachedValue[][] = [];
    const items = listItems(this.pack);
    for (const sheet of this.reviewSheets()) {
      const language = this.results(sheet).metadata?.language ?? "zh-CN";
      items.forEach(({ item }, i) => {
        const flag = this.changed(sheet, item.id) ? 1 : 0;
        flags.push(flag);
        counts.push((counts.at(-1) ?? 0) + flag);
        const joined = (name: string) => {
          const width = this.side(sheet, "self").result.mode === "full" ? LEVEL_COUNT : 1;
          return Array.from({ length: width }, (_, k) =>
            asText(this.named(sheet, name, i * width + k + 1)),
          ).join(" / ");
        };
        const fields: Record<(typeof CHANGE_FIELDS)[number], CachedValue> = {
          district: this.district(sheet),
          id: item.id,
          name: item.name[language],
          selfRatings: joined(SHEET_NAMES.ratings),
          reviewedRatings: joined(REVIEW_NAMES.reviewedRatings),
          selfLevel: asText(
            this.resolve(sheet, {
              of: "level",
              side: "self",
              scope: { kind: "item", id: item.id },
            }),
          ),
          reviewedLevel: asText(this.named(sheet, REVIEW_NAMES.reviewedItemLevels, i + 1)),
          reason: asText(this.named(sheet, REVIEW_NAMES.reviewReasons, i + 1)),
        };
        data.push(CHANGE_FIELDS.map((field) => fields[field]));
      });
    }
    return { flags, counts, data };
  }
}

/** The level result of an aggregate (or an item) of an assessment; null where nothing applies. */
function levelOf(result: Assessment, scope: Scope): LevelResult | null {
  if (scope.kind === "overall") return result.overall.result;
  const list =
    scope.kind === "item"
      ? result.items
      : scope.kind === "domain"
        ? result.domains
        : result.subdomains;
  return list.find((a) => a.id === scope.id)!.result;
}

/** "L3: 0.76 / 0.80" as whyFormula words it: the level score rounded down to 2 places. */
function whyText(level: LevelResult | null, text: SheetText, threshold: number): string {
  if (!level) return text.notApplicable;
  if (level.level === LEVEL_COUNT) return text.topLevel;
  const next = level.levelScores[level.level]!;
  return `L${level.level + 1}: ${roundDown2(next).toFixed(2)} / ${roundExcel(threshold, 2).toFixed(2)}`;
}

/** ROUNDDOWN(x, 2) as Excel computes it: on the 15-digit decimal value. */
function roundDown2(value: number): number {
  return Math.floor(Number((value * 100).toPrecision(15))) / 100;
}

/** `x&""`: a value as text, numbers as a spreadsheet writes them (up to 15 digits). */
function asText(value: CachedValue): string {
  if (typeof value === "number") return String(Number(value.toPrecision(15)));
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "object") return value.error;
  return value;
}

/** The plan as a grid: entries as values, formulas as formulas, names on their sheets. */
function gridOfPlan(plan: WorkbookPlan): WorkbookGrid {
  const names: GridName[] = [];
  const sheets = plan.sheets.map((sheet): SheetGrid => {
    const cells = new Map<string, GridCell>();
    for (const cell of sheet.cells) {
      const locked = cell.style?.locked !== false;
      cells.set(
        cellKey(cell.row, cell.column),
        cell.formula !== undefined
          ? { value: null, formula: cell.formula, locked }
          : { value: cell.value ?? null, locked },
      );
    }
    for (const name of sheet.names)
      names.push({
        name: name.name,
        scope: sheet.name,
        reference: `${quoteSheetName(sheet.name)}!${rangeAddress(name.range, true)}`,
        target: { sheet: sheet.name, ...name.range },
      });
    return {
      name: sheet.name,
      visibility: sheet.visibility ?? "visible",
      cells,
      protected: sheet.protect,
      validations: [],
      merges: sheet.merges,
    };
  });
  return { sheets, names };
}
