/** Range, its formats, data validation and conditional formats. */
import { rangeAddress } from "../../src/sheet/a1";
import type { RangePlan } from "../../src/sheet/plan";
import { FakeExcelError } from "./errors";
import type { FakeExcel } from "./fakeExcel";
import { formulaSyntaxError } from "./formulaSyntax";
import type { ParsedInput } from "./input";
import { checkedFormula, parseInput, storeInput } from "./input";
import { clientResult, FakeObject, settingsTree } from "./proxy";
import { operationBytes, serializedBytes } from "./requests";
import type { FakeCell, FakeConditionalFormat, FakeSheet, FakeValidation } from "./workbook";
import { cellKey, overlaps, sheetPrefix } from "./workbook";

export interface RangeTarget {
  sheet: FakeSheet;
  areas: RangePlan[];
}

/** Excel refuses a literal list source longer than this. */
export const MAX_LIST_SOURCE = 255;

/** `Excel.ConditionalFormatType` values. */
const CONDITIONAL_FORMAT_TYPES = [
  "Custom",
  "DataBar",
  "ColorScale",
  "IconSet",
  "TopBottom",
  "PresetCriteria",
  "ContainsText",
  "CellValue",
];

const CONDITIONAL_FORMAT_CHILDREN = [
  "custom",
  "rule",
  "format",
  "font",
  "fill",
  "borders",
  "cellValue",
  "dataBar",
  "colorScale",
  "iconSet",
  "topBottom",
  "preset",
  "textComparison",
  "criteria",
  "positiveFormat",
  "negativeFormat",
];

export class FakeRange extends FakeObject {
  protected readonly kind = "Range";
  private resolved: RangeTarget | null | undefined;
  private conditionalFormatCollection?: FakeConditionalFormatCollection;

  constructor(
    host: FakeExcel,
    private readonly resolver: () => RangeTarget | null,
    private readonly nullable = false,
  ) {
    super(host);
  }

  /** Resolved once, at first use in the queue (a used range is the one at that moment). */
  resolveTarget(): RangeTarget {
    if (this.resolved === undefined) this.resolved = this.resolver();
    if (!this.resolved) throw new FakeExcelError("ItemNotFound", "the range is a null object");
    if (this.resolved.sheet.deleted) throw new FakeExcelError("ItemNotFound", "sheet deleted");
    return this.resolved;
  }

  area(): RangePlan {
    const { areas } = this.resolveTarget();
    if (areas.length !== 1)
      throw new FakeExcelError("InvalidArgument", "a multi-area range has no 2-D values");
    return areas[0]!;
  }

  fullAddress(absolute = false): string {
    const { sheet, areas } = this.resolveTarget();
    return areas.map((a) => `${sheetPrefix(sheet.name)}!${rangeAddress(a, absolute)}`).join(",");
  }

  protected override isNull(): boolean {
    if (this.resolved === undefined) this.resolved = this.resolver();
    if (this.resolved === null && !this.nullable)
      throw new FakeExcelError("ItemNotFound", "no such range");
    return this.resolved === null;
  }

  protected override snapshot(property: string): unknown {
    const { sheet } = this.resolveTarget();
    if (property === "address") return this.fullAddress();
    const area = this.area();
    const grid = <T>(f: (cell: FakeCell | undefined) => T): T[][] => {
      if ((area.bottom - area.top + 1) * (area.right - area.left + 1) > 1_000_000)
        throw new FakeExcelError("ResponsePayloadSizeLimitExceeded", "range too large");
      const rows: T[][] = [];
      for (let r = area.top; r <= area.bottom; r++) {
        const row: T[] = [];
        for (let c = area.left; c <= area.right; c++) row.push(f(sheet.cells.get(cellKey(r, c))));
        rows.push(row);
      }
      return rows;
    };
    switch (property) {
      case "values":
        return grid(
          (cell) => (cell?.error ?? (cell?.formula ? "" : (cell?.value ?? ""))) as unknown,
        );
      case "formulas":
        return grid((cell) => (cell?.formula ?? cell?.error ?? cell?.value ?? "") as unknown);
      case "text":
        return grid((cell) => String(cell?.error ?? (cell?.formula ? "" : (cell?.value ?? ""))));
      case "valueTypes":
        return grid((cell) => valueType(cell));
      case "numberFormat":
        return grid((cell) => cell?.numberFormat ?? "General");
      case "rowCount":
        return area.bottom - area.top + 1;
      case "columnCount":
        return area.right - area.left + 1;
      case "rowIndex":
        return area.top;
      case "columnIndex":
        return area.left;
    }
    return super.snapshot(property);
  }

  get address(): string {
    return this.read("address");
  }
  get values(): unknown[][] {
    return this.read("values");
  }
  get formulas(): unknown[][] {
    return this.read("formulas");
  }
  get text(): string[][] {
    return this.read("text");
  }
  get valueTypes(): string[][] {
    return this.read("valueTypes");
  }
  get numberFormat(): string[][] {
    return this.read("numberFormat");
  }
  get rowCount(): number {
    return this.read("rowCount");
  }
  get columnCount(): number {
    return this.read("columnCount");
  }

  /**
   * Queues a change of the range's sheet, refused on a protected sheet as Excel does. `payload`
   * is what the operation sends (for the request size).
   */
  change(action: (target: RangeTarget) => void, ...payload: unknown[]): void {
    this.host.enqueue(
      () => {
        const target = this.resolveTarget();
        if (target.sheet.protected)
          throw new FakeExcelError(
            "AccessDenied",
            "the cell you are trying to change is protected",
          );
        action(target);
      },
      operationBytes(...payload),
    );
  }

  /** Checks the 2-D shape, then writes every cell; `prepare` may refuse an input first. */
  private writeGrid<T>(
    input: unknown,
    prepare: (x: unknown, sheet: FakeSheet, row: number, column: number) => T,
    write: (sheet: FakeSheet, row: number, column: number, prepared: T) => void,
  ) {
    this.change(({ sheet }) => {
      const area = this.area();
      const height = area.bottom - area.top + 1;
      const width = area.right - area.left + 1;
      const rows = Array.isArray(input) ? (input as unknown[][]) : null;
      if (rows && (rows.length !== height || rows.some((r) => r.length !== width)))
        throw new FakeExcelError("InvalidArgument", "the array does not match the range size");
      // Every input is checked before any cell changes: one write is all or nothing.
      const prepared: T[][] = [];
      for (let r = 0; r < height; r++) {
        const row: T[] = [];
        for (let c = 0; c < width; c++)
          row.push(prepare(rows ? rows[r]![c] : input, sheet, area.top + r, area.left + c));
        prepared.push(row);
      }
      for (let r = 0; r < height; r++)
        for (let c = 0; c < width; c++) write(sheet, area.top + r, area.left + c, prepared[r]![c]!);
    }, input);
  }

  private writeInputs(input: unknown): void {
    this.writeGrid<ParsedInput>(
      input,
      (x, sheet, r, c) => parseInput(x, sheet.cells.get(cellKey(r, c))?.numberFormat),
      storeInput,
    );
  }

  set values(input: unknown) {
    this.writeInputs(input);
  }
  set formulas(input: unknown) {
    this.writeInputs(input);
  }
  set numberFormat(input: unknown) {
    this.writeGrid(
      input,
      (x) => String(x),
      (sheet, r, c, format) => {
        const cell = sheet.cells.get(cellKey(r, c)) ?? { value: null, format: {} };
        cell.numberFormat = format;
        sheet.cells.set(cellKey(r, c), cell);
      },
    );
  }

  set columnHidden(hidden: boolean) {
    this.change(({ sheet, areas }) => {
      for (const a of areas)
        for (let c = a.left; c <= a.right; c++)
          if (hidden) sheet.hiddenColumns.add(c);
          else sheet.hiddenColumns.delete(c);
    }, hidden);
  }

  set rowHidden(hidden: boolean) {
    this.change(({ sheet, areas }) => {
      for (const a of areas)
        for (let r = a.top; r <= a.bottom; r++)
          if (hidden) sheet.hiddenRows.add(r);
          else sheet.hiddenRows.delete(r);
    }, hidden);
  }

  get format(): object {
    return settingsTree(
      "RangeFormat",
      (path, value) =>
        this.change(
          ({ sheet, areas }) => {
            for (const a of areas) {
              if (path === "columnWidth") {
                for (let c = a.left; c <= a.right; c++) sheet.columnWidths.set(c, Number(value));
              } else if (path === "rowHeight") {
                for (let r = a.top; r <= a.bottom; r++) sheet.rowHeights.set(r, Number(value));
              } else {
                if ((a.bottom - a.top + 1) * (a.right - a.left + 1) > 100_000)
                  throw new FakeExcelError(
                    "NotImplemented",
                    "the fake formats at most 100,000 cells",
                  );
                for (let r = a.top; r <= a.bottom; r++) {
                  for (let c = a.left; c <= a.right; c++) {
                    const cell = sheet.cells.get(cellKey(r, c)) ?? { value: null, format: {} };
                    cell.format[path] = value;
                    sheet.cells.set(cellKey(r, c), cell);
                  }
                }
              }
            }
          },
          path,
          value,
        ),
      {
        methods: {
          // Autofit leaves heights to Excel's own measure: the rows lose any custom height.
          autofitRows: () =>
            this.change(({ sheet, areas }) => {
              for (const a of areas)
                for (let r = a.top; r <= a.bottom; r++) sheet.rowHeights.delete(r);
            }),
        },
      },
    );
  }

  merge(across = false): void {
    this.change(({ sheet }) => {
      const area = this.area();
      if (across) throw new FakeExcelError("NotImplemented", "merge across");
      if (sheet.merges.some((m) => overlaps(m, area)))
        throw new FakeExcelError("InvalidOperation", "merged areas cannot overlap");
      sheet.merges.push(area);
    }, across);
  }

  get dataValidation(): object {
    let record: FakeValidation | null = null;
    const clear = () =>
      this.change(({ sheet }) => {
        const area = this.area();
        sheet.validations = sheet.validations.filter((v) => !overlaps(v.area, area));
        record = null;
      });
    return settingsTree(
      "DataValidation",
      (path, value) =>
        this.change(
          ({ sheet }) => {
            if (path === "rule") checkValidationRule(value);
            if (!record) {
              const area = this.area();
              sheet.validations = sheet.validations.filter((v) => !overlaps(v.area, area));
              record = { area, settings: {} };
              sheet.validations.push(record);
            }
            record.settings[path] = value;
          },
          path,
          value,
        ),
      { children: [], methods: { clear } },
    );
  }

  get conditionalFormats(): FakeConditionalFormatCollection {
    this.conditionalFormatCollection ??= new FakeConditionalFormatCollection(this.host, this);
    return this.conditionalFormatCollection;
  }

  getCellProperties(options: { format?: { protection?: boolean } }): { value: unknown[][] } {
    return clientResult(this.host, () => {
      const { sheet } = this.resolveTarget();
      const area = this.area();
      const value: unknown[][] = [];
      for (let r = area.top; r <= area.bottom; r++) {
        const row: unknown[] = [];
        for (let c = area.left; c <= area.right; c++) {
          const cell = sheet.cells.get(cellKey(r, c));
          row.push(
            options.format?.protection
              ? { format: { protection: { locked: cell?.format["protection.locked"] !== false } } }
              : {},
          );
        }
        value.push(row);
      }
      return value;
    });
  }

  /** Selects the range, activating its sheet (a hidden sheet cannot be). */
  select(): void {
    this.host.enqueue(() => {
      const { sheet, areas } = this.resolveTarget();
      if (sheet.visibility !== "Visible")
        throw new FakeExcelError("InvalidOperation", "cannot select a range on a hidden sheet");
      this.host.active = sheet;
      sheet.selection = areas.map((a) => rangeAddress(a)).join(",");
    }, operationBytes());
  }
}

/** Refuses a data validation rule Excel refuses: a literal list over 255 characters, a bad formula. */
function checkValidationRule(rule: unknown): void {
  if (typeof rule !== "object" || rule === null)
    throw new FakeExcelError("InvalidArgument", "a data validation rule is an object");
  const list = (rule as { list?: { source?: unknown } }).list;
  if (list) {
    const source = list.source;
    if (typeof source !== "string") return; // a Range
    if (source.startsWith("=")) checkedFormula(source);
    else if (source.length > MAX_LIST_SOURCE)
      throw new FakeExcelError(
        "InvalidArgument",
        `the list source is ${source.length} characters; Excel allows ${MAX_LIST_SOURCE}`,
      );
    else if (source.trim() === "")
      throw new FakeExcelError("InvalidArgument", "the list source is empty");
  }
  const custom = (rule as { custom?: { formula?: unknown } }).custom;
  if (custom && typeof custom.formula === "string") checkFormulaText(custom.formula);
}

/** A formula given where Excel expects one, with or without its "=". */
function checkFormulaText(formula: string): void {
  checkedFormula(formula.startsWith("=") ? formula : `=${formula}`);
}

/** Formulas inside conditional format settings: `…rule.formula`, `rule.formula1/formula2`. */
function checkConditionalFormula(path: string, value: unknown): void {
  if (/(^|\.)formula$/.test(path) && typeof value === "string") checkFormulaText(value);
  if (typeof value === "object" && value !== null)
    for (const key of ["formula", "formula1", "formula2"]) {
      const formula = (value as Record<string, unknown>)[key];
      if (typeof formula === "string" && formula.startsWith("=")) {
        const problem = formulaSyntaxError(formula);
        if (problem) throw new FakeExcelError("InvalidArgument", `${problem}: ${formula}`);
      }
    }
}

/**
 * The conditional formats of a range: those of its sheet that intersect it, in priority order.
 * `add` puts the new format at the top (priority 0) of the sheet's order, as Excel does; the
 * others move down one.
 */
export class FakeConditionalFormatCollection extends FakeObject {
  protected readonly kind = "ConditionalFormatCollection";

  constructor(
    host: FakeExcel,
    readonly range: FakeRange,
  ) {
    super(host);
  }

  /** The formats this collection holds now, in priority order. */
  members(): { sheet: FakeSheet; formats: FakeConditionalFormat[] } {
    const { sheet, areas } = this.range.resolveTarget();
    return {
      sheet,
      formats: sheet.conditionalFormats.filter((f) =>
        areas.some((a) => f.ranges.some((r) => overlaps(a, r))),
      ),
    };
  }

  get items(): FakeConditionalFormatObject[] {
    return this.read("items");
  }

  protected override loadItems(properties: readonly string[]): FakeConditionalFormatObject[] {
    return this.members().formats.map((record) => {
      const item = new FakeConditionalFormatObject(this.host, () => record, this);
      item.absorb(properties);
      return item;
    });
  }

  add(type: string): FakeConditionalFormatObject {
    let record: FakeConditionalFormat | null = null;
    this.range.change(({ sheet }) => {
      if (!CONDITIONAL_FORMAT_TYPES.includes(type))
        throw new FakeExcelError("InvalidArgument", `no conditional format type ${type}`);
      const { areas } = this.range.resolveTarget();
      record = { area: areas[0]!, ranges: areas.map((a) => ({ ...a })), type, settings: {} };
      sheet.conditionalFormats.unshift(record); // added at the top priority
    }, type);
    return new FakeConditionalFormatObject(this.host, () => record, this);
  }

  getItemAt(index: number): FakeConditionalFormatObject {
    let record: FakeConditionalFormat | null = null;
    return new FakeConditionalFormatObject(
      this.host,
      () => {
        record ??= this.members().formats[index] ?? null;
        if (!record) throw new FakeExcelError("ItemNotFound", `no conditional format ${index}`);
        return record;
      },
      this,
    );
  }

  getCount(): { readonly value: number } {
    return clientResult(this.host, () => this.members().formats.length);
  }

  clearAll(): void {
    this.range.change(({ sheet }) => {
      const mine = new Set(this.members().formats);
      sheet.conditionalFormats = sheet.conditionalFormats.filter((f) => !mine.has(f));
    });
  }
}

export class FakeConditionalFormatObject extends FakeObject {
  protected readonly kind = "ConditionalFormat";
  /** Values loaded through the rule and format trees: "custom.rule.formula", … */
  private readonly loadedSettings = new Map<string, unknown>();

  constructor(
    host: FakeExcel,
    private readonly resolver: () => FakeConditionalFormat | null,
    private readonly collection: FakeConditionalFormatCollection,
  ) {
    super(host);
  }

  private record(): FakeConditionalFormat {
    const record = this.resolver();
    if (!record) throw new FakeExcelError("ItemNotFound", "the conditional format was not added");
    if (!this.collection.members().sheet.conditionalFormats.includes(record))
      throw new FakeExcelError("ItemNotFound", "the conditional format was deleted");
    return record;
  }

  protected override snapshot(property: string): unknown {
    const record = this.record();
    if (property === "priority") return this.collection.members().formats.indexOf(record);
    if (property === "type") return record.type;
    if (property === "stopIfTrue") return record.settings["stopIfTrue"] ?? false;
    return super.snapshot(property);
  }

  get priority(): number {
    return this.read("priority");
  }

  /**
   * Moves the format within its collection: 0 is the top; a negative priority counts from the
   * back; out-of-range priorities go to the nearest end. The others shift to stay contiguous.
   */
  set priority(priority: number) {
    this.collection.range.change(() => {
      const record = this.record();
      const { sheet, formats } = this.collection.members();
      const others = formats.filter((f) => f !== record);
      let target = Math.trunc(priority);
      if (target < 0) target = formats.length + target;
      target = Math.max(0, Math.min(others.length, target));
      sheet.conditionalFormats.splice(sheet.conditionalFormats.indexOf(record), 1);
      const before = others[target];
      const at = before
        ? sheet.conditionalFormats.indexOf(before)
        : others.length > 0
          ? sheet.conditionalFormats.indexOf(others[others.length - 1]!) + 1
          : 0;
      sheet.conditionalFormats.splice(at, 0, record);
    }, priority);
  }

  get type(): string {
    return this.read("type");
  }

  set stopIfTrue(value: boolean) {
    this.collection.range.change(() => (this.record().settings["stopIfTrue"] = value), value);
  }

  delete(): void {
    this.collection.range.change(({ sheet }) => {
      const record = this.record();
      sheet.conditionalFormats.splice(sheet.conditionalFormats.indexOf(record), 1);
    });
  }

  private tree(root: string): object {
    return settingsTree(
      "ConditionalFormat",
      (path, value) =>
        this.collection.range.change(
          () => {
            checkConditionalFormula(path, value);
            this.record().settings[path] = value;
          },
          path,
          value,
        ),
      {
        children: CONDITIONAL_FORMAT_CHILDREN,
        loaded: this.loadedSettings,
        onLoad: (paths) =>
          this.host.enqueue(
            () => {
              const record = this.record();
              for (const path of paths) {
                const value = record.settings[path] ?? null;
                this.host.respond(serializedBytes(value));
                this.loadedSettings.set(path, value);
              }
            },
            operationBytes(paths.join(",")),
          ),
      },
      root,
    );
  }

  get custom(): object {
    return this.tree("custom");
  }
  get cellValue(): object {
    return this.tree("cellValue");
  }
  get textComparison(): object {
    return this.tree("textComparison");
  }
  get preset(): object {
    return this.tree("preset");
  }
  get dataBar(): object {
    return this.tree("dataBar");
  }
  get colorScale(): object {
    return this.tree("colorScale");
  }
  get iconSet(): object {
    return this.tree("iconSet");
  }
  get topBottom(): object {
    return this.tree("topBottom");
  }
}

export function valueType(cell: FakeCell | undefined): string {
  if (!cell) return "Empty";
  if (cell.error) return "Error";
  if (cell.formula) return "Empty"; // never computed
  if (cell.value === null) return "Empty";
  if (typeof cell.value === "number") return "Double";
  if (typeof cell.value === "boolean") return "Boolean";
  return "String";
}
