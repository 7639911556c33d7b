/** Worksheets, their protection and panes, and defined names. */
import type { RangePlan } from "../../src/sheet/plan";
import { FakeChartCollection } from "./charts";
import { definedNameError } from "./definedNames";
import { FakeExcelError } from "./errors";
import type { FakeExcel } from "./fakeExcel";
import { checkedFormula } from "./input";
import { FakeObject } from "./proxy";
import { FakeRange } from "./range";
import { followSheet } from "./references";
import { operationBytes } from "./requests";
import type { FakeName, FakePageLayout, FakeSheet } from "./workbook";
import { MAX_COLUMNS, newSheet, parseAddress, visibleSheets, wholeSheet } from "./workbook";

export class FakeWorksheetCollection extends FakeObject {
  protected readonly kind = "WorksheetCollection";

  get items(): FakeWorksheet[] {
    return this.read("items");
  }

  protected override loadItems(properties: readonly string[]): FakeWorksheet[] {
    return this.host.sheets.map((sheet) => {
      const worksheet = new FakeWorksheet(this.host, () => sheet, false);
      worksheet.absorb(properties);
      return worksheet;
    });
  }

  getItemOrNullObject(name: string): FakeWorksheet {
    return new FakeWorksheet(this.host, () => this.host.findSheet(name) ?? null, true).lookUp(
      operationBytes(name),
    );
  }

  getItem(name: string): FakeWorksheet {
    this.host.track(operationBytes(name));
    return new FakeWorksheet(this.host, () => this.host.findSheet(name) ?? null, false);
  }

  getActiveWorksheet(): FakeWorksheet {
    this.host.track(operationBytes());
    return new FakeWorksheet(this.host, () => this.host.active, false);
  }

  add(name?: string): FakeWorksheet {
    let created: FakeSheet | null = null;
    this.host.enqueue(() => {
      const wanted = name ?? `Sheet${this.host.sheets.length + 1}`;
      checkSheetName(this.host, wanted);
      created = newSheet(wanted);
      this.host.sheets.push(created);
    }, operationBytes(name));
    return new FakeWorksheet(this.host, () => created, false);
  }
}

function checkSheetName(host: FakeExcel, name: string, except?: FakeSheet): void {
  if (name.length === 0 || name.length > 31 || /[[\]:*?/\\]/.test(name) || /^'|'$/.test(name))
    throw new FakeExcelError("InvalidArgument", `invalid sheet name ${name}`);
  if (name.toLowerCase() === "history")
    throw new FakeExcelError("InvalidArgument", '"History" is a sheet name Excel reserves');
  const other = host.findSheet(name);
  if (other && other !== except)
    throw new FakeExcelError("ItemAlreadyExists", `a sheet named ${name} exists`);
}

export class FakeWorksheet extends FakeObject {
  protected readonly kind = "Worksheet";
  private resolved: FakeSheet | null | undefined;
  private namesCollection?: FakeNamedItemCollection;
  private protectionObject?: FakeProtection;
  private chartsCollection?: FakeChartCollection;
  private pageLayoutObject?: FakePageLayoutObject;

  constructor(
    host: FakeExcel,
    private readonly resolver: () => FakeSheet | null,
    private readonly nullable: boolean,
  ) {
    super(host);
  }

  /** The sheet this proxy stands for, resolved once, at its first use in the queue. */
  resolve(): FakeSheet | null {
    if (this.resolved === undefined) this.resolved = this.resolver();
    if (this.resolved?.deleted) throw new FakeExcelError("ItemNotFound", "the sheet was deleted");
    return this.resolved;
  }

  target(): FakeSheet {
    const sheet = this.resolve();
    if (!sheet) throw new FakeExcelError("ItemNotFound", "the worksheet does not exist");
    return sheet;
  }

  protected override isNull(): boolean {
    const sheet = this.resolve();
    if (!sheet && !this.nullable) throw new FakeExcelError("ItemNotFound", "no such worksheet");
    return sheet === null;
  }

  protected override snapshot(property: string): unknown {
    const sheet = this.target();
    if (property === "name") return sheet.name;
    if (property === "visibility") return sheet.visibility;
    if (property === "tabColor") return sheet.tabColor ?? "";
    if (property === "position") return this.host.sheets.indexOf(sheet);
    return super.snapshot(property);
  }

  get name(): string {
    return this.read("name");
  }
  set name(value: string) {
    this.host.enqueue(() => {
      const sheet = this.target();
      checkSheetName(this.host, value, sheet);
      const old = sheet.name;
      sheet.name = value;
      if (old !== value) followSheet(this.host.sheets, this.host.names, old, value);
    }, operationBytes(value));
  }

  get position(): number {
    return this.read("position");
  }

  get visibility(): string {
    return this.read("visibility");
  }
  set visibility(value: FakeSheet["visibility"]) {
    this.host.enqueue(() => {
      const sheet = this.target();
      if (!["Visible", "Hidden", "VeryHidden"].includes(value))
        throw new FakeExcelError("InvalidArgument", `visibility ${value}`);
      if (value !== "Visible" && visibleSheets(this.host.sheets, sheet).length === 0)
        throw new FakeExcelError("InvalidOperation", "cannot hide the last visible sheet");
      sheet.visibility = value;
      if (value !== "Visible" && this.host.active === sheet)
        this.host.active = visibleSheets(this.host.sheets)[0] ?? null;
    }, operationBytes(value));
  }

  get tabColor(): string {
    return this.read("tabColor");
  }
  set tabColor(value: string) {
    this.host.enqueue(() => (this.target().tabColor = value), operationBytes(value));
  }

  /**
   * Deletes the sheet. Refused for the last visible sheet and, as the Office JS reference says,
   * for a very hidden sheet ("change its visibility to hidden or visible before deleting it").
   */
  delete(): void {
    this.host.enqueue(() => {
      const sheet = this.target();
      if (sheet.visibility === "VeryHidden")
        throw new FakeExcelError("InvalidOperation", `cannot delete the very hidden ${sheet.name}`);
      if (sheet.visibility === "Visible" && visibleSheets(this.host.sheets, sheet).length === 0)
        throw new FakeExcelError("InvalidOperation", "cannot delete the last visible sheet");
      sheet.deleted = true;
      this.host.sheets.splice(this.host.sheets.indexOf(sheet), 1);
      followSheet(this.host.sheets, this.host.names, sheet.name, null);
      if (this.host.active === sheet) this.host.active = visibleSheets(this.host.sheets)[0] ?? null;
    }, operationBytes());
  }

  activate(): void {
    this.host.enqueue(() => {
      const sheet = this.target();
      if (sheet.visibility !== "Visible")
        throw new FakeExcelError("InvalidOperation", "cannot activate a hidden sheet");
      this.host.active = sheet;
    }, operationBytes());
  }

  getRange(address?: string): FakeRange {
    this.host.track(operationBytes(address));
    return new FakeRange(this.host, () => ({
      sheet: this.target(),
      areas: [address === undefined ? wholeSheet() : parseAddress(address)],
    }));
  }

  getRanges(address: string): FakeRange {
    this.host.track(operationBytes(address));
    return new FakeRange(this.host, () => ({
      sheet: this.target(),
      areas: address.split(",").map(parseAddress),
    }));
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    return new FakeRange(
      this.host,
      () => {
        const sheet = this.target();
        const area = usedArea(sheet, valuesOnly === true);
        return area ? { sheet, areas: [area] } : null;
      },
      true,
    ).lookUp(operationBytes(valuesOnly));
  }

  get names(): FakeNamedItemCollection {
    this.namesCollection ??= new FakeNamedItemCollection(this.host, () => this.target());
    return this.namesCollection;
  }

  get protection(): FakeProtection {
    this.protectionObject ??= new FakeProtection(this.host, () => this.target());
    return this.protectionObject;
  }

  get charts(): FakeChartCollection {
    this.chartsCollection ??= new FakeChartCollection(this.host, () => this.target());
    return this.chartsCollection;
  }

  get pageLayout(): FakePageLayoutObject {
    this.pageLayoutObject ??= new FakePageLayoutObject(this.host, () => this.target());
    return this.pageLayoutObject;
  }

  get freezePanes(): object {
    const set = (freeze: FakeSheet["freeze"]) =>
      this.host.enqueue(() => (this.target().freeze = freeze), operationBytes(freeze));
    return {
      freezeRows: (count = 1) => set({ rows: count, columns: 0 }),
      freezeColumns: (count = 1) => set({ rows: 0, columns: count }),
      freezeAt: (range: FakeRange | string) =>
        this.host.enqueue(
          () => {
            const area =
              typeof range === "string" ? parseAddress(range) : range.resolveTarget().areas[0]!;
            this.target().freeze = { rows: area.bottom + 1, columns: area.right + 1 };
          },
          operationBytes(typeof range === "string" ? range : ""),
        ),
      unfreeze: () => set(null),
    };
  }
}

const PAGE_LAYOUT_PROPERTIES = [
  "orientation",
  "paperSize",
  "zoom",
  "centerHorizontally",
  "leftMargin",
  "rightMargin",
  "topMargin",
  "bottomMargin",
  "headerMargin",
  "footerMargin",
] as const;

const POINTS_PER = { Points: 1, Inches: 72, Centimeters: 72 / 2.54 } as const;

/**
 * `Worksheet.pageLayout` (ExcelApi 1.9): properties read only after a load, writes and the
 * print area / title setters queued and checked at sync, as Office JS does them.
 */
export class FakePageLayoutObject extends FakeObject {
  protected readonly kind = "PageLayout";

  constructor(
    host: FakeExcel,
    private readonly sheet: () => FakeSheet,
  ) {
    super(host);
  }

  protected override snapshot(property: string): unknown {
    const layout = this.sheet().pageLayout;
    const margin = /^(left|right|top|bottom|header|footer)Margin$/.exec(property);
    if (margin) return layout.margins[margin[1] as keyof FakePageLayout["margins"]];
    if (property === "zoom") return { ...layout.zoom };
    if ((PAGE_LAYOUT_PROPERTIES as readonly string[]).includes(property))
      return layout[property as "orientation" | "paperSize" | "centerHorizontally"];
    return super.snapshot(property);
  }

  private set<K extends keyof FakePageLayout>(
    key: K,
    value: FakePageLayout[K],
    check: () => boolean,
  ): void {
    this.host.enqueue(() => {
      if (!check()) throw new FakeExcelError("InvalidArgument", `${key}: ${JSON.stringify(value)}`);
      this.sheet().pageLayout[key] = value;
    }, operationBytes(value));
  }

  get orientation(): string {
    return this.read("orientation");
  }
  set orientation(value: FakePageLayout["orientation"]) {
    this.set("orientation", value, () => value === "Portrait" || value === "Landscape");
  }

  get paperSize(): string {
    return this.read("paperSize");
  }
  set paperSize(value: string) {
    this.set("paperSize", value, () => ["A4", "A3", "A5", "Letter", "Legal"].includes(value));
  }

  get zoom(): FakePageLayout["zoom"] {
    return this.read("zoom");
  }
  /** Either a scale (10..400) or pages to fit, each a whole number 0..32767 (0 = automatic). */
  set zoom(value: FakePageLayout["zoom"]) {
    const pages = (n: unknown) =>
      n === undefined || (Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 32_767);
    this.set("zoom", { ...value }, () =>
      value.scale !== undefined
        ? value.horizontalFitToPages === undefined &&
          value.verticalFitToPages === undefined &&
          value.scale >= 10 &&
          value.scale <= 400
        : pages(value.horizontalFitToPages) && pages(value.verticalFitToPages),
    );
  }

  get centerHorizontally(): boolean {
    return this.read("centerHorizontally");
  }
  set centerHorizontally(value: boolean) {
    this.set("centerHorizontally", value, () => typeof value === "boolean");
  }

  get leftMargin(): number {
    return this.read("leftMargin");
  }
  get topMargin(): number {
    return this.read("topMargin");
  }

  setPrintMargins(
    unit: keyof typeof POINTS_PER,
    options: Partial<Record<keyof FakePageLayout["margins"], number>>,
  ): void {
    this.host.enqueue(
      () => {
        const factor = POINTS_PER[unit];
        if (factor === undefined) throw new FakeExcelError("InvalidArgument", `unit ${unit}`);
        const margins = { ...this.sheet().pageLayout.margins };
        for (const [side, value] of Object.entries(options)) {
          if (!(side in margins) || typeof value !== "number" || value < 0)
            throw new FakeExcelError("InvalidArgument", `margin ${side}: ${value}`);
          margins[side as keyof typeof margins] = Math.round(value * factor * 100) / 100;
        }
        this.sheet().pageLayout.margins = margins;
      },
      operationBytes(unit, options),
    );
  }

  setPrintArea(area: FakeRange | string): void {
    this.host.enqueue(
      () => {
        const areas =
          typeof area === "string" ? area.split(",").map(parseAddress) : area.resolveTarget().areas;
        if (areas.length !== 1) throw new FakeExcelError("NotImplemented", "one print area only");
        this.sheet().pageLayout.printArea = areas[0]!;
      },
      operationBytes(typeof area === "string" ? area : ""),
    );
  }

  /** Whole rows only ("$17:$18"), as Excel's print titles are. */
  setPrintTitleRows(rows: FakeRange | string): void {
    this.host.enqueue(
      () => {
        const area = typeof rows === "string" ? parseAddress(rows) : rows.resolveTarget().areas[0]!;
        if (area.left !== 0 || area.right !== MAX_COLUMNS - 1)
          throw new FakeExcelError("InvalidArgument", "print title rows must be whole rows");
        this.sheet().pageLayout.printTitleRows = { top: area.top, bottom: area.bottom };
      },
      operationBytes(typeof rows === "string" ? rows : ""),
    );
  }
}

class FakeProtection extends FakeObject {
  protected readonly kind = "WorksheetProtection";

  constructor(
    host: FakeExcel,
    private readonly sheet: () => FakeSheet,
  ) {
    super(host);
  }

  protected override snapshot(property: string): unknown {
    if (property === "protected") return this.sheet().protected;
    return super.snapshot(property);
  }

  get protected(): boolean {
    return this.read("protected");
  }

  /** Protects the sheet; "fails if the worksheet has already been protected" (Office JS reference). */
  protect(options?: unknown, password?: string): void {
    this.host.enqueue(() => {
      const sheet = this.sheet();
      if (password) throw new FakeExcelError("NotImplemented", "the fake keeps no passwords");
      if (sheet.protected)
        throw new FakeExcelError("InvalidOperation", `${sheet.name} is already protected`);
      sheet.protected = true;
    }, operationBytes(options));
  }

  unprotect(password?: string): void {
    this.host.enqueue(() => {
      if (password) throw new FakeExcelError("NotImplemented", "the fake keeps no passwords");
      this.sheet().protected = false;
    }, operationBytes());
  }
}

export class FakeNamedItemCollection extends FakeObject {
  protected readonly kind = "NamedItemCollection";

  constructor(
    host: FakeExcel,
    private readonly scope: (() => FakeSheet) | null,
  ) {
    super(host);
  }

  private list(): FakeName[] {
    return this.scope ? this.scope().names : this.host.names;
  }

  get items(): FakeNamedItem[] {
    return this.read("items");
  }

  protected override loadItems(properties: readonly string[]): FakeNamedItem[] {
    return this.list().map((name) => {
      const item = new FakeNamedItem(
        this.host,
        () => name,
        () => this.list(),
      );
      item.absorb(properties);
      return item;
    });
  }

  getItemOrNullObject(name: string): FakeNamedItem {
    return new FakeNamedItem(
      this.host,
      () => this.list().find((n) => n.name.toLowerCase() === name.toLowerCase()) ?? null,
      () => this.list(),
      true,
    ).lookUp(operationBytes(name));
  }

  /**
   * Adds a name: refused when it is not a valid name (a cell or R1C1 reference, bad characters),
   * when it exists in this scope, or when its reference is not a formula Excel parses.
   */
  add(name: string, reference: FakeRange | string, comment?: string): FakeNamedItem {
    const entry: FakeName = { name, formula: "" };
    this.host.enqueue(
      () => {
        const problem = definedNameError(name);
        if (problem) throw new FakeExcelError("InvalidArgument", problem);
        const list = this.list();
        if (list.some((n) => n.name.toLowerCase() === name.toLowerCase()))
          throw new FakeExcelError("ItemAlreadyExists", `the name ${name} exists`);
        entry.formula =
          typeof reference === "string"
            ? checkedFormula(reference.startsWith("=") ? reference : `=${reference}`)
            : `=${reference.fullAddress(true)}`;
        list.push(entry);
      },
      operationBytes(name, typeof reference === "string" ? reference : "", comment),
    );
    return new FakeNamedItem(
      this.host,
      () => entry,
      () => this.list(),
    );
  }
}

export class FakeNamedItem extends FakeObject {
  protected readonly kind = "NamedItem";

  constructor(
    host: FakeExcel,
    private readonly resolver: () => FakeName | null,
    private readonly list: () => FakeName[],
    private readonly nullable = false,
  ) {
    super(host);
  }

  private entry(): FakeName {
    const entry = this.resolver();
    if (!entry || !this.list().includes(entry))
      throw new FakeExcelError("ItemNotFound", "no such name");
    return entry;
  }

  protected override isNull(): boolean {
    const entry = this.resolver();
    const missing = !entry || !this.list().includes(entry);
    if (missing && !this.nullable) throw new FakeExcelError("ItemNotFound", "no such name");
    return missing;
  }

  protected override snapshot(property: string): unknown {
    const entry = this.entry();
    if (property === "name") return entry.name;
    if (property === "formula") return entry.formula;
    if (property === "value") return entry.formula.replace(/^=/, "");
    if (property === "type") return "Range";
    if (property === "visible") return true;
    return super.snapshot(property);
  }

  get name(): string {
    return this.read("name");
  }
  get formula(): string {
    return this.read("formula");
  }
  get type(): string {
    return this.read("type");
  }
  get value(): string {
    return this.read("value");
  }

  delete(): void {
    this.host.enqueue(() => {
      const list = this.list();
      list.splice(list.indexOf(this.entry()), 1);
    }, operationBytes());
  }

  getRange(): FakeRange {
    this.host.track(operationBytes());
    return new FakeRange(this.host, () => {
      const formula = this.entry().formula.replace(/^=/, "");
      const bang = formula.lastIndexOf("!");
      const sheetName = formula.slice(0, bang).replace(/^'|'$/g, "").replace(/''/g, "'");
      const sheet = this.host.findSheet(sheetName);
      if (!sheet) throw new FakeExcelError("ItemNotFound", `no sheet ${sheetName}`);
      return { sheet, areas: [parseAddress(formula.slice(bang + 1))] };
    });
  }
}

/** The block from the first to the last cell that holds something (a value, or also a format). */
export function usedArea(sheet: FakeSheet, valuesOnly: boolean): RangePlan | null {
  let area: RangePlan | null = null;
  for (const [k, cell] of sheet.cells) {
    const hasValue = cell.value !== null || cell.formula !== undefined || cell.error !== undefined;
    if (valuesOnly && !hasValue) continue;
    const [row, column] = k.split(",").map(Number) as [number, number];
    area = area
      ? {
          top: Math.min(area.top, row),
          left: Math.min(area.left, column),
          bottom: Math.max(area.bottom, row),
          right: Math.max(area.right, column),
        }
      : { top: row, left: column, bottom: row, right: column };
  }
  return area;
}
