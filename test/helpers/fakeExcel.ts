/**
 * An in-memory stand-in for Excel that honours Office JS's proxy rules, for testing adapters
 * without Office:
 *
 * - a property read before `load()` and `context.sync()` throws `PropertyNotLoadedError`, as
 *   Office's PropertyNotLoaded does (and so does a read of anything the fake does not model);
 * - every write and method call is queued and applied in order at `sync()`; loads snapshot the
 *   state at their place in the queue;
 * - `sync()` is counted (`syncCount`);
 * - Excel's own refusals are kept: writes to a protected sheet, duplicate or invalid sheet names,
 *   deleting or hiding the last visible sheet, using a null object.
 *
 * Text written to `values`/`formulas` is parsed as Excel parses typed input: "=…", "+…", "-…"
 * and "@…" become formulas, numbers, booleans and ISO dates become values, and only a leading
 * "'" keeps text as text. Formulas are stored, never computed: their `values` read back as "".
 *
 * Only what the adapters use is implemented.
 */
import { parseRange, quoteSheetName, rangeAddress } from "../../src/sheet/a1";
import type { RangePlan } from "../../src/sheet/plan";

export class PropertyNotLoadedError extends Error {
  override readonly name = "PropertyNotLoadedError";
  readonly code = "PropertyNotLoaded";
  constructor(object: string, property: string) {
    super(`The property '${property}' of ${object} is not available. Load it and call sync().`);
  }
}

export class FakeExcelError extends Error {
  override readonly name = "FakeExcelError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface FakeCell {
  value: string | number | boolean | null;
  /** With the leading "=", as Range.formulas reads it. */
  formula?: string;
  error?: string;
  quotePrefix?: boolean;
  numberFormat?: string;
  /** Flattened format paths: "font.bold", "fill.color", "protection.locked", … */
  format: Record<string, unknown>;
}

export interface FakeValidation {
  area: RangePlan;
  settings: Record<string, unknown>;
}

export interface FakeConditionalFormat {
  area: RangePlan;
  type: string;
  settings: Record<string, unknown>;
}

export interface FakeName {
  name: string;
  /** As NamedItem.formula reads it: "='Sheet 1'!$E$7:$I$43". */
  formula: string;
}

export interface FakeSheet {
  name: string;
  visibility: "Visible" | "Hidden" | "VeryHidden";
  tabColor?: string;
  cells: Map<string, FakeCell>;
  columnWidths: Map<number, number>;
  rowHeights: Map<number, number>;
  hiddenColumns: Set<number>;
  hiddenRows: Set<number>;
  merges: RangePlan[];
  validations: FakeValidation[];
  /** In priority order: the first applies first. */
  conditionalFormats: FakeConditionalFormat[];
  names: FakeName[];
  protected: boolean;
  freeze: { rows: number; columns: number } | null;
  deleted?: boolean;
}

const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;

const key = (row: number, column: number) => `${row},${column}`;

/** The fake host: `context` goes where an `Excel.RequestContext` is expected. */
export class FakeExcel {
  syncCount = 0;
  readonly sheets: FakeSheet[] = [];
  readonly names: FakeName[] = [];
  active: FakeSheet | null = null;
  private queue: (() => void)[] = [];
  readonly context: Excel.RequestContext;

  constructor(sheetNames: readonly string[] = ["Sheet1"]) {
    for (const name of sheetNames) this.sheets.push(newSheet(name));
    this.active = this.sheets[0] ?? null;
    const workbook = {
      worksheets: new FakeWorksheetCollection(this),
      names: new FakeNamedItemCollection(this, null),
    };
    this.context = {
      workbook,
      sync: () => this.sync(),
    } as unknown as Excel.RequestContext;
  }

  /** The live sheet of that name (case-insensitive); throws if there is none. */
  sheet(name: string): FakeSheet {
    const found = this.findSheet(name);
    if (!found) throw new Error(`no sheet ${name}`);
    return found;
  }

  findSheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  /** Writes a value as a user typing it would (Excel's parsing), bypassing the queue. */
  type(sheet: string, address: string, input: unknown): void {
    const area = parseAddress(address);
    writeInput(this.sheet(sheet), area.top, area.left, input);
  }

  enqueue(action: () => void): void {
    this.queue.push(action);
  }

  async sync(): Promise<void> {
    this.syncCount++;
    const queue = this.queue;
    this.queue = [];
    await Promise.resolve();
    for (const action of queue) action();
  }
}

function newSheet(name: string): FakeSheet {
  return {
    name,
    visibility: "Visible",
    cells: new Map(),
    columnWidths: new Map(),
    rowHeights: new Map(),
    hiddenColumns: new Set(),
    hiddenRows: new Set(),
    merges: [],
    validations: [],
    conditionalFormats: [],
    names: [],
    protected: false,
    freeze: null,
  };
}

/** The base of every proxy: loads are snapshots taken at sync; unloaded reads throw. */
abstract class FakeObject {
  private readonly loaded = new Map<string, unknown>();

  constructor(protected readonly host: FakeExcel) {}

  load(properties?: string | string[]): this {
    const list = (Array.isArray(properties) ? properties : (properties ?? "").split(","))
      .map((p) => p.trim())
      .filter((p) => p !== "");
    this.host.enqueue(() => this.absorb(list));
    return this;
  }

  /** Takes the snapshot of a load; called inside a queued action. */
  absorb(properties: readonly string[]): void {
    const isNull = this.isNull();
    this.loaded.set("isNullObject", isNull);
    if (isNull) return;
    const items = properties.filter((p) => p.startsWith("items/")).map((p) => p.slice(6));
    if (items.length > 0 || properties.includes("items"))
      this.loaded.set("items", this.loadItems(items));
    for (const p of properties) if (!p.startsWith("items")) this.loaded.set(p, this.snapshot(p));
  }

  get isNullObject(): boolean {
    return this.read("isNullObject");
  }

  protected read<T>(property: string): T {
    if (!this.loaded.has(property)) throw new PropertyNotLoadedError(this.kind, property);
    return this.loaded.get(property) as T;
  }

  protected abstract readonly kind: string;

  protected isNull(): boolean {
    return false;
  }

  protected snapshot(property: string): unknown {
    throw new FakeExcelError("InvalidArgument", `${this.kind} has no property ${property}`);
  }

  protected loadItems(_properties: readonly string[]): unknown[] {
    throw new FakeExcelError("InvalidArgument", `${this.kind} is not a collection`);
  }
}

class FakeWorksheetCollection extends FakeObject {
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
    return new FakeWorksheet(this.host, () => this.host.findSheet(name) ?? null, true);
  }

  getItem(name: string): FakeWorksheet {
    return new FakeWorksheet(this.host, () => this.host.findSheet(name) ?? null, false);
  }

  add(name?: string): FakeWorksheet {
    let created: FakeSheet | null = null;
    this.host.enqueue(() => {
      const wanted = name ?? `Sheet${this.host.sheets.length + 1}`;
      checkSheetName(this.host, wanted);
      created = newSheet(wanted);
      this.host.sheets.push(created);
    });
    return new FakeWorksheet(this.host, () => created, false);
  }
}

function checkSheetName(host: FakeExcel, name: string, except?: FakeSheet): void {
  if (name.length === 0 || name.length > 31 || /[[\]:*?/\\]/.test(name) || /^'|'$/.test(name))
    throw new FakeExcelError("InvalidArgument", `invalid sheet name ${name}`);
  const other = host.findSheet(name);
  if (other && other !== except)
    throw new FakeExcelError("ItemAlreadyExists", `a sheet named ${name} exists`);
}

class FakeWorksheet extends FakeObject {
  protected readonly kind = "Worksheet";
  private resolved: FakeSheet | null | undefined;
  private namesCollection?: FakeNamedItemCollection;
  private protectionObject?: FakeProtection;

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
    return super.snapshot(property);
  }

  get name(): string {
    return this.read("name");
  }
  set name(value: string) {
    this.host.enqueue(() => {
      const sheet = this.target();
      checkSheetName(this.host, value, sheet);
      sheet.name = value;
    });
  }

  get visibility(): string {
    return this.read("visibility");
  }
  set visibility(value: FakeSheet["visibility"]) {
    this.host.enqueue(() => {
      const sheet = this.target();
      if (!["Visible", "Hidden", "VeryHidden"].includes(value))
        throw new FakeExcelError("InvalidArgument", `visibility ${value}`);
      if (value !== "Visible" && visibleSheets(this.host, sheet).length === 0)
        throw new FakeExcelError("InvalidOperation", "cannot hide the last visible sheet");
      sheet.visibility = value;
    });
  }

  set tabColor(value: string) {
    this.host.enqueue(() => (this.target().tabColor = value));
  }

  delete(): void {
    this.host.enqueue(() => {
      const sheet = this.target();
      if (sheet.visibility === "Visible" && visibleSheets(this.host, sheet).length === 0)
        throw new FakeExcelError("InvalidOperation", "cannot delete the last visible sheet");
      sheet.deleted = true;
      this.host.sheets.splice(this.host.sheets.indexOf(sheet), 1);
      if (this.host.active === sheet) this.host.active = visibleSheets(this.host)[0] ?? null;
    });
  }

  activate(): void {
    this.host.enqueue(() => {
      const sheet = this.target();
      if (sheet.visibility !== "Visible")
        throw new FakeExcelError("InvalidOperation", "cannot activate a hidden sheet");
      this.host.active = sheet;
    });
  }

  getRange(address?: string): FakeRange {
    return new FakeRange(this.host, () => ({
      sheet: this.target(),
      areas: [address === undefined ? wholeSheet() : parseAddress(address)],
    }));
  }

  getRanges(address: string): FakeRange {
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
    );
  }

  get names(): FakeNamedItemCollection {
    this.namesCollection ??= new FakeNamedItemCollection(this.host, () => this.target());
    return this.namesCollection;
  }

  get protection(): FakeProtection {
    this.protectionObject ??= new FakeProtection(this.host, () => this.target());
    return this.protectionObject;
  }

  get freezePanes(): object {
    const set = (freeze: FakeSheet["freeze"]) =>
      this.host.enqueue(() => (this.target().freeze = freeze));
    return {
      freezeRows: (count = 1) => set({ rows: count, columns: 0 }),
      freezeColumns: (count = 1) => set({ rows: 0, columns: count }),
      freezeAt: (range: FakeRange | string) =>
        this.host.enqueue(() => {
          const area =
            typeof range === "string" ? parseAddress(range) : range.resolveTarget().areas[0]!;
          this.target().freeze = { rows: area.bottom + 1, columns: area.right + 1 };
        }),
    };
  }
}

function visibleSheets(host: FakeExcel, except?: FakeSheet): FakeSheet[] {
  return host.sheets.filter((s) => s !== except && s.visibility === "Visible");
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

  protect(_options?: unknown, password?: string): void {
    this.host.enqueue(() => {
      if (password) throw new FakeExcelError("NotImplemented", "the fake keeps no passwords");
      this.sheet().protected = true;
    });
  }
}

class FakeNamedItemCollection extends FakeObject {
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
      const item = new FakeNamedItem(this.host, name);
      item.absorb(properties);
      return item;
    });
  }

  add(name: string, reference: FakeRange | string): FakeNamedItem {
    const entry: FakeName = { name, formula: "" };
    this.host.enqueue(() => {
      if (!/^[A-Za-z_\\][\w.]*$/.test(name))
        throw new FakeExcelError("InvalidArgument", `invalid name ${name}`);
      const list = this.list();
      if (list.some((n) => n.name.toLowerCase() === name.toLowerCase()))
        throw new FakeExcelError("ItemAlreadyExists", `the name ${name} exists`);
      entry.formula = typeof reference === "string" ? reference : `=${reference.fullAddress(true)}`;
      list.push(entry);
    });
    return new FakeNamedItem(this.host, entry);
  }
}

class FakeNamedItem extends FakeObject {
  protected readonly kind = "NamedItem";

  constructor(
    host: FakeExcel,
    private readonly entry: FakeName,
  ) {
    super(host);
  }

  protected override snapshot(property: string): unknown {
    if (property === "name") return this.entry.name;
    if (property === "formula") return this.entry.formula;
    if (property === "value") return this.entry.formula.replace(/^=/, "");
    if (property === "type") return "Range";
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

  getRange(): FakeRange {
    return new FakeRange(this.host, () => {
      const formula = this.entry.formula.replace(/^=/, "");
      const bang = formula.lastIndexOf("!");
      const sheetName = formula.slice(0, bang).replace(/^'|'$/g, "").replace(/''/g, "'");
      const sheet = this.host.findSheet(sheetName);
      if (!sheet) throw new FakeExcelError("ItemNotFound", `no sheet ${sheetName}`);
      return { sheet, areas: [parseAddress(formula.slice(bang + 1))] };
    });
  }
}

interface RangeTarget {
  sheet: FakeSheet;
  areas: RangePlan[];
}

class FakeRange extends FakeObject {
  protected readonly kind = "Range";
  private resolved: RangeTarget | null | undefined;

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

  private area(): RangePlan {
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
    const grid = <T>(f: (cell: FakeCell | undefined, row: number, column: number) => T): T[][] => {
      if ((area.bottom - area.top + 1) * (area.right - area.left + 1) > 1_000_000)
        throw new FakeExcelError("ResponsePayloadSizeLimitExceeded", "range too large");
      const rows: T[][] = [];
      for (let r = area.top; r <= area.bottom; r++) {
        const row: T[] = [];
        for (let c = area.left; c <= area.right; c++) row.push(f(sheet.cells.get(key(r, c)), r, c));
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

  /** Queues a change of the range's sheet, refused on a protected sheet as Excel does. */
  private change(action: (target: RangeTarget) => void): void {
    this.host.enqueue(() => {
      const target = this.resolveTarget();
      if (target.sheet.protected)
        throw new FakeExcelError("AccessDenied", "the cell you are trying to change is protected");
      action(target);
    });
  }

  private writeGrid(input: unknown, write: (row: number, column: number, x: unknown) => void) {
    this.change(() => {
      const area = this.area();
      const height = area.bottom - area.top + 1;
      const width = area.right - area.left + 1;
      const rows = Array.isArray(input) ? (input as unknown[][]) : null;
      if (rows && (rows.length !== height || rows.some((r) => r.length !== width)))
        throw new FakeExcelError("InvalidArgument", "the array does not match the range size");
      for (let r = 0; r < height; r++)
        for (let c = 0; c < width; c++)
          write(area.top + r, area.left + c, rows ? rows[r]![c] : input);
    });
  }

  set values(input: unknown) {
    this.writeGrid(input, (r, c, x) => writeInput(this.resolveTarget().sheet, r, c, x));
  }
  set formulas(input: unknown) {
    this.writeGrid(input, (r, c, x) => writeInput(this.resolveTarget().sheet, r, c, x));
  }
  set numberFormat(input: unknown) {
    this.writeGrid(input, (r, c, x) => {
      const sheet = this.resolveTarget().sheet;
      const cell = sheet.cells.get(key(r, c)) ?? { value: null, format: {} };
      cell.numberFormat = String(x);
      sheet.cells.set(key(r, c), cell);
    });
  }

  set columnHidden(hidden: boolean) {
    this.change(({ sheet, areas }) => {
      for (const a of areas)
        for (let c = a.left; c <= a.right; c++)
          if (hidden) sheet.hiddenColumns.add(c);
          else sheet.hiddenColumns.delete(c);
    });
  }

  set rowHidden(hidden: boolean) {
    this.change(({ sheet, areas }) => {
      for (const a of areas)
        for (let r = a.top; r <= a.bottom; r++)
          if (hidden) sheet.hiddenRows.add(r);
          else sheet.hiddenRows.delete(r);
    });
  }

  get format(): object {
    return writeOnly("RangeFormat", (path, value) =>
      this.change(({ sheet, areas }) => {
        for (const a of areas) {
          if (path === "columnWidth") {
            for (let c = a.left; c <= a.right; c++) sheet.columnWidths.set(c, Number(value));
          } else if (path === "rowHeight") {
            for (let r = a.top; r <= a.bottom; r++) sheet.rowHeights.set(r, Number(value));
          } else {
            if ((a.bottom - a.top + 1) * (a.right - a.left + 1) > 100_000)
              throw new FakeExcelError("NotImplemented", "the fake formats at most 100,000 cells");
            for (let r = a.top; r <= a.bottom; r++) {
              for (let c = a.left; c <= a.right; c++) {
                const cell = sheet.cells.get(key(r, c)) ?? { value: null, format: {} };
                cell.format[path] = value;
                sheet.cells.set(key(r, c), cell);
              }
            }
          }
        }
      }),
    );
  }

  merge(across = false): void {
    this.change(({ sheet }) => {
      const area = this.area();
      if (across) throw new FakeExcelError("NotImplemented", "merge across");
      if (sheet.merges.some((m) => overlaps(m, area)))
        throw new FakeExcelError("InvalidOperation", "merged areas cannot overlap");
      sheet.merges.push(area);
    });
  }

  get dataValidation(): object {
    let record: FakeValidation | null = null;
    return writeOnly("DataValidation", (path, value) =>
      this.change(({ sheet }) => {
        if (!record) {
          const area = this.area();
          sheet.validations = sheet.validations.filter((v) => !overlaps(v.area, area));
          record = { area, settings: {} };
          sheet.validations.push(record);
        }
        record.settings[path] = value;
      }),
    );
  }

  get conditionalFormats(): object {
    return {
      add: (type: string) => {
        let record: FakeConditionalFormat | null = null;
        this.change(({ sheet }) => {
          record = { area: this.area(), type, settings: {} };
          sheet.conditionalFormats.unshift(record); // added at the top priority
        });
        return writeOnly("ConditionalFormat", (path, value) =>
          this.change(() => (record!.settings[path] = value)),
        );
      },
    };
  }

  getCellProperties(options: { format?: { protection?: boolean } }): { value: unknown[][] } {
    let value: unknown[][] | undefined;
    this.host.enqueue(() => {
      const { sheet } = this.resolveTarget();
      const area = this.area();
      value = [];
      for (let r = area.top; r <= area.bottom; r++) {
        const row: unknown[] = [];
        for (let c = area.left; c <= area.right; c++) {
          const cell = sheet.cells.get(key(r, c));
          row.push(
            options.format?.protection
              ? { format: { protection: { locked: cell?.format["protection.locked"] !== false } } }
              : {},
          );
        }
        value.push(row);
      }
    });
    return {
      get value(): unknown[][] {
        if (value === undefined) throw new PropertyNotLoadedError("ClientResult", "value");
        return value;
      },
    };
  }
}

/**
 * A write-only tree of settings (format.font.bold = true, custom.rule.formula = "=…"): every
 * write is passed on with its dotted path; every read of a value throws, as an unloaded read does.
 */
function writeOnly(kind: string, onSet: (path: string, value: unknown) => void, path = ""): object {
  const join = (name: string) => (path === "" ? name : `${path}.${name}`);
  const children = new Set(["font", "fill", "protection", "borders", "custom", "rule", "format"]);
  return new Proxy(
    {},
    {
      get(_target, property) {
        if (typeof property === "symbol") return undefined;
        if (property === "getItem") return (name: string) => writeOnly(kind, onSet, join(name));
        if (children.has(property)) return writeOnly(kind, onSet, join(property));
        throw new PropertyNotLoadedError(kind, join(property));
      },
      set(_target, property, value: unknown) {
        onSet(join(String(property)), value);
        return true;
      },
    },
  );
}

function valueType(cell: FakeCell | undefined): string {
  if (!cell) return "Empty";
  if (cell.error) return "Error";
  if (cell.formula) return "Empty"; // never computed
  if (cell.value === null) return "Empty";
  if (typeof cell.value === "number") return "Double";
  if (typeof cell.value === "boolean") return "Boolean";
  return "String";
}

const ERRORS = ["#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!"];

/** Stores one input as Excel stores typed input. */
function writeInput(sheet: FakeSheet, row: number, column: number, input: unknown): void {
  const cell = sheet.cells.get(key(row, column)) ?? { value: null, format: {} };
  delete cell.formula;
  delete cell.error;
  delete cell.quotePrefix;
  cell.value = null;
  if (typeof input === "number" || typeof input === "boolean") cell.value = input;
  else if (input !== null && input !== undefined && input !== "") {
    const text = String(input);
    const number = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?%?$/i.test(text.trim());
    const date = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text.trim());
    if (text.startsWith("'")) {
      cell.value = text.slice(1);
      cell.quotePrefix = true;
    } else if (cell.numberFormat === "@") cell.value = text;
    else if (text.startsWith("=")) cell.formula = text;
    else if (number) cell.value = text.endsWith("%") ? parseFloat(text) / 100 : Number(text.trim());
    else if (/^[+\-@]/.test(text)) cell.formula = `=${text.replace(/^@/, "")}`;
    else if (/^(true|false)$/i.test(text)) cell.value = text.toLowerCase() === "true";
    else if (date) cell.value = Date.UTC(+date[1]!, +date[2]! - 1, +date[3]!) / 86_400_000 + 25_569;
    else if (ERRORS.includes(text.toUpperCase())) cell.error = text.toUpperCase();
    else cell.value = text;
  }
  sheet.cells.set(key(row, column), cell);
}

function usedArea(sheet: FakeSheet, valuesOnly: boolean): RangePlan | null {
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

function wholeSheet(): RangePlan {
  return { top: 0, left: 0, bottom: MAX_ROWS - 1, right: MAX_COLUMNS - 1 };
}

/** "A1", "$A$1:$C$3", whole columns "A:C" and whole rows "3:5". */
export function parseAddress(address: string): RangePlan {
  const text = address.trim().replace(/\$/g, "");
  const columns = /^([A-Z]{1,3}):([A-Z]{1,3})$/i.exec(text);
  if (columns) {
    const r = parseRange(`${columns[1]}1:${columns[2]}1`)!;
    return { top: 0, left: r.left, bottom: MAX_ROWS - 1, right: r.right };
  }
  const rows = /^(\d+):(\d+)$/.exec(text);
  if (rows) return { top: +rows[1]! - 1, left: 0, bottom: +rows[2]! - 1, right: MAX_COLUMNS - 1 };
  const range = parseRange(text);
  if (!range) throw new FakeExcelError("InvalidArgument", `bad address ${address}`);
  return range;
}

function overlaps(a: RangePlan, b: RangePlan): boolean {
  return a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;
}

function sheetPrefix(name: string): string {
  return /^[A-Za-z_\u3400-\u9fff][\w.\u3400-\u9fff]*$/.test(name) ? name : quoteSheetName(name);
}
