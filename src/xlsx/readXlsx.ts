import { parseRange } from "../sheet/a1";
import type { GridCell, GridName, GridValidation, SheetGrid, WorkbookGrid } from "../sheet/grid";
import { cellKey } from "../sheet/grid";
import { XlsxError } from "./errors";
import { shiftFormula } from "./shiftFormula";
import { unescapeXstring } from "./xml";
import { CLOSE, END, OPEN, TEXT, XmlScanner } from "./xmlScanner";
import type { InflateRaw, ZipEntry } from "./zip";
import { inflateEntry, readZipDirectory } from "./zip";

export { XlsxError } from "./errors";
export type { XlsxErrorCode } from "./errors";

/**
 * What the reader will go through before it refuses a file with an `XlsxError` "LIMIT" (whose
 * `params.limit` is the field's name). Each is checked while inflating and scanning, not after.
 * The defaults are far above what a CTMM return holds (about 100 KB of XML, 2,000 cells).
 */
export interface XlsxReadLimits {
  /** Bytes one part may really inflate to, whatever its zip header claims. */
  readonly partBytes: number;
  /** Bytes all the parts read may inflate to together (parts not needed are never inflated). */
  readonly totalBytes: number;
  /** Cells in the workbook, counting every `<c>` element, empty or not. */
  readonly cells: number;
  /** Items in the shared string table. */
  readonly sharedStrings: number;
  /** Characters in one text the reader keeps: a cell's text, shared string, formula or name. */
  readonly stringLength: number;
  /** How deep XML elements may nest. */
  readonly depth: number;
  /** Sheets the workbook lists. */
  readonly sheets: number;
  /** Merged ranges, validation ranges and defined names, together. */
  readonly ranges: number;
}

const MB = 1024 * 1024;

export const DEFAULT_READ_LIMITS: XlsxReadLimits = {
  partBytes: 16 * MB,
  totalBytes: 32 * MB,
  cells: 100_000,
  sharedStrings: 100_000,
  stringLength: 32_767, // Excel's own limit for a cell's text
  depth: 64,
  sheets: 1_000,
  ranges: 100_000,
};

export interface ReadXlsxOptions {
  /**
   * Refuse ("TOO_LARGE") an XML entry whose zip header claims it inflates beyond this many bytes,
   * before anything is inflated. Default 200 MB. The bytes really inflated are held to
   * `limits.partBytes`.
   */
  readonly maxEntryBytes?: number;
  /** Refuse ("TOO_LARGE") a workbook whose XML entries claim more than this in all. Default 500 MB. */
  readonly maxTotalBytes?: number;
  /** Limits checked while reading; each one given replaces its default. */
  readonly limits?: Partial<XlsxReadLimits>;
  /** An epoch-ms time (as `Date.now()`) after which reading stops with an XlsxError "TIMEOUT". */
  readonly deadline?: number;
  /**
   * Inflates the parts instead of the built-in pure-JS inflater; the CLI passes Node's zlib. The
   * byte limits hold either way.
   */
  readonly inflateRaw?: InflateRaw;
}

type Range = { top: number; left: number; bottom: number; right: number };

/**
 * Reads an `.xlsx` workbook (as written by Excel, LibreOffice, WPS or `writeXlsx`) into a grid:
 * every worksheet's cell values, formulas, cached results and locked flags, its visibility,
 * protection, merges and data validations, and the workbook's defined names. Chart sheets are
 * skipped. Dates stay serial numbers; error results come back as `error: "#N/A"` etc. with a
 * null value. Works in Node and in the browser: no Node APIs.
 *
 * Only the parts a grid needs are inflated (workbook, relationships, worksheets, and shared
 * strings and styles when a cell needs them), counting the bytes really produced, and each is
 * scanned by a small tokenizer that keeps no tree: the memory it takes is about the size of one
 * part plus the grid, within `limits`. Nothing else in the zip (media, drawings, …) is inflated.
 *
 * Throws `XlsxError` for anything that is not a readable workbook: not a zip ("NOT_ZIP"), a zip
 * without xl/workbook.xml ("NOT_WORKBOOK"), a truncated file, a DTD or a missing part
 * ("DAMAGED"), an entry whose header claims too much ("TOO_LARGE"), a file past one of the
 * `limits` ("LIMIT", with `params: { limit, value, max, where }`), or past the `deadline`
 * ("TIMEOUT"). Never a raw parser stack.
 *
 * @example
 * const grid = readXlsx(bytes, { deadline: Date.now() + 5_000 });
 * grid.sheets[0]!.cells.get(cellKey(6, 4)); // { value: 0.8, locked: false }
 */
export function readXlsx(bytes: Uint8Array, options: ReadXlsxOptions = {}): WorkbookGrid {
  try {
    return new WorkbookReader(openPackage(bytes, options), options).read();
  } catch (error) {
    if (error instanceof XlsxError) throw error;
    if (
      error instanceof RangeError &&
      /call stack|memory|Invalid (array|string) length/i.test(error.message)
    ) {
      throw new XlsxError("LIMIT", `The workbook is too large to read (${error.message})`, {
        limit: "memory",
      });
    }
    // Input we did not foresee: still a damaged file to the user.
    const detail = error instanceof Error ? error.message : String(error);
    throw new XlsxError("DAMAGED", `The workbook is damaged and cannot be read (${detail})`);
  }
}

// ---------------------------------------------------------------------------------------------
// Zip

/** The zip's entries by lower-cased part name (part names are case-insensitive in OPC). */
interface Package {
  readonly bytes: Uint8Array;
  readonly entries: Map<string, ZipEntry>;
}

function openPackage(bytes: Uint8Array, options: ReadXlsxOptions): Package {
  const maxEntry = options.maxEntryBytes ?? 200 * MB;
  const maxTotal = options.maxTotalBytes ?? 500 * MB;
  if (bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11) {
    throw new XlsxError(
      "NOT_ZIP",
      "The file is a password-protected workbook or a legacy .xls file; " +
        "save it as an .xlsx workbook without a password",
    );
  }
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new XlsxError("NOT_ZIP", "The file is not an .xlsx workbook (it is not a zip archive)");
  }
  const entries = new Map<string, ZipEntry>();
  let declared = 0;
  for (const entry of readZipDirectory(bytes)) {
    const name = normalizePartName(entry.name);
    if (!entries.has(name)) entries.set(name, entry);
    // The headers' claims are checked up front, for every XML part, without inflating any.
    if (!/\.(xml|rels)$/i.test(name)) continue;
    if (entry.declaredSize > maxEntry) {
      throw new XlsxError(
        "TOO_LARGE",
        `The workbook part ${entry.name} would inflate to ${Math.round(entry.declaredSize / MB)} MB; ` +
          `the limit is ${Math.round(maxEntry / MB)} MB`,
      );
    }
    declared += entry.declaredSize;
    if (declared > maxTotal) {
      throw new XlsxError(
        "TOO_LARGE",
        `The workbook's parts would inflate to more than ${Math.round(maxTotal / MB)} MB`,
      );
    }
  }
  return { bytes, entries };
}

function normalizePartName(name: string): string {
  if (name.charCodeAt(0) !== 0x2f /* / */ && !name.includes("\\")) return name.toLowerCase();
  return name.replace(/\\/g, "/").replace(/^\/+/, "").toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Limits

function plainNumber(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function plainBytes(n: number): string {
  if (n >= MB) return `${Number((n / MB).toFixed(1))} MB`;
  if (n >= 1024) return `${Number((n / 1024).toFixed(1))} KB`;
  return `${n} bytes`;
}

function limitError(limit: keyof XlsxReadLimits, value: number, max: number, where: string) {
  const messages: Record<keyof XlsxReadLimits, string> = {
    partBytes: `The part ${where} inflates to more than ${plainBytes(max)} (the size limit for one part)`,
    totalBytes: `The workbook's parts inflate to more than ${plainBytes(max)} in all (the size limit for a workbook)`,
    cells: `The workbook has more than ${plainNumber(max)} cells (the cell limit), in ${where}`,
    sharedStrings: `The workbook has more than ${plainNumber(max)} shared strings (the shared string limit)`,
    stringLength: `A text in ${where} is longer than ${plainNumber(max)} characters (the string length limit)`,
    depth: `The part ${where} nests elements more than ${plainNumber(max)} deep (the nesting depth limit)`,
    sheets: `The workbook lists more than ${plainNumber(max)} sheets (the sheet limit)`,
    ranges: `The workbook has more than ${plainNumber(max)} merged ranges, validation ranges and names (the range limit), in ${where}`,
  };
  return new XlsxError("LIMIT", messages[limit], { limit, value, max, where });
}

// ---------------------------------------------------------------------------------------------
// Workbook

interface SheetEntry {
  readonly name: string;
  readonly visibility: SheetGrid["visibility"];
  readonly relId: string;
}

interface Relationship {
  readonly type: string;
  readonly target: string;
  readonly external: boolean;
}

interface SharedFormula {
  readonly formula: string;
  readonly row: number;
  readonly column: number;
}

class WorkbookReader {
  private readonly limits: XlsxReadLimits;
  private readonly deadline: number | undefined;
  private readonly inflateRaw: InflateRaw | undefined;
  private inflated = 0;
  private cellCount = 0;
  private rangeCount = 0;
  private stylesPath: string | undefined;
  private stringsPath: string | undefined;
  private strings: readonly string[] | undefined;
  private lockedByStyle: readonly boolean[] | undefined;

  constructor(
    private readonly pkg: Package,
    options: ReadXlsxOptions,
  ) {
    this.limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
    this.deadline = options.deadline;
    this.inflateRaw = options.inflateRaw;
    this.checkTime();
  }

  read(): WorkbookGrid {
    const workbookPath = this.findWorkbook();
    const { entries, definedNames } = this.readWorkbookPart(workbookPath);
    const relationships = this.relationships(workbookPath);

    const byType = (suffix: string) =>
      [...relationships.values()].find((r) => r.type.endsWith(suffix) && !r.external);
    // Styles and shared strings are read when a cell first needs them.
    const styles = byType("/styles");
    if (styles && this.has(styles.target)) this.stylesPath = styles.target;
    const sharedStrings = byType("/sharedStrings");
    if (sharedStrings && this.has(sharedStrings.target)) this.stringsPath = sharedStrings.target;

    const sheets: SheetGrid[] = [];
    for (const entry of entries) {
      const rel = relationships.get(entry.relId);
      if (!rel) {
        throw new XlsxError(
          "DAMAGED",
          `Sheet "${entry.name}" has no part: relationship ${entry.relId} is missing`,
        );
      }
      if (!rel.type.endsWith("/worksheet")) continue; // chart, dialog or macro sheets hold no grid
      if (!this.has(rel.target)) {
        throw new XlsxError(
          "DAMAGED",
          `The part ${rel.target} of sheet "${entry.name}" is missing from the file`,
        );
      }
      sheets.push(this.readSheet(entry, rel.target));
    }

    const sheetNames = entries.map((e) => e.name);
    const names = definedNames.map((n) => readDefinedName(n, sheetNames));
    return { sheets, names };
  }

  private checkTime(): void {
    if (this.deadline !== undefined && Date.now() > this.deadline) {
      throw new XlsxError(
        "TIMEOUT",
        "Reading the workbook took longer than the time allowed, and was stopped",
      );
    }
  }

  private has(path: string): boolean {
    return this.pkg.entries.has(normalizePartName(path));
  }

  /** A part's bytes, inflated within the byte limits and the deadline. */
  private partBytes(path: string): Uint8Array {
    const entry = this.pkg.entries.get(normalizePartName(path));
    if (!entry) throw new XlsxError("DAMAGED", `The part ${path} is missing from the file`);
    const { partBytes, totalBytes } = this.limits;
    // A header that claims more than the limit is refused without inflating anything.
    if (entry.declaredSize > partBytes) {
      throw limitError("partBytes", entry.declaredSize, partBytes, entry.name);
    }
    let size = 0;
    const data = inflateEntry(
      this.pkg.bytes,
      entry,
      partBytes,
      (length) => {
        size += length;
        this.inflated += length;
        if (size > partBytes) throw limitError("partBytes", size, partBytes, entry.name);
        if (this.inflated > totalBytes) {
          throw limitError("totalBytes", this.inflated, totalBytes, entry.name);
        }
        this.checkTime();
      },
      this.inflateRaw,
    );
    return data;
  }

  private scanner(path: string): XmlScanner {
    return XmlScanner.fromBytes(this.partBytes(path), path, {
      maxDepth: this.limits.depth,
      tick: () => this.checkTime(),
    });
  }

  private checkLength(text: string, where: string): string {
    if (text.length > this.limits.stringLength) {
      throw limitError("stringLength", text.length, this.limits.stringLength, where);
    }
    return text;
  }

  private countRanges(n: number, where: string): void {
    this.rangeCount += n;
    if (this.rangeCount > this.limits.ranges) {
      throw limitError("ranges", this.rangeCount, this.limits.ranges, where);
    }
  }

  /** The main part, from the package relationships, or where Excel puts it. */
  private findWorkbook(): string {
    const entries = this.pkg.entries;
    const rootRels = this.has("_rels/.rels")
      ? this.relationships("", "_rels/.rels")
      : new Map<string, Relationship>();
    const office = [...rootRels.values()].find((r) => r.type.endsWith("/officeDocument"));
    const candidate = office?.target ?? "xl/workbook.xml";
    if (this.has(candidate) && /\.xml$/i.test(candidate)) return candidate;

    if (this.has("xl/workbook.xml")) return "xl/workbook.xml";
    if (entries.has("xl/workbook.bin") || /\.bin$/i.test(candidate)) {
      throw new XlsxError(
        "NOT_WORKBOOK",
        "The file is a binary workbook (.xlsb); save it as an .xlsx workbook",
      );
    }
    if (entries.has("content.xml") && entries.has("mimetype")) {
      throw new XlsxError(
        "NOT_WORKBOOK",
        "The file is an OpenDocument file (.ods), not an .xlsx workbook; save it as .xlsx",
      );
    }
    if (entries.has("word/document.xml") || entries.has("ppt/presentation.xml")) {
      throw new XlsxError(
        "NOT_WORKBOOK",
        "The file is a Word or PowerPoint document, not a workbook",
      );
    }
    throw new XlsxError("NOT_WORKBOOK", "The file is not an .xlsx workbook (no xl/workbook.xml)");
  }

  /** The sheets the workbook lists, in order, and its defined names as written. */
  private readWorkbookPart(path: string): {
    entries: SheetEntry[];
    definedNames: RawName[];
  } {
    const s = this.scanner(path);
    const entries: SheetEntry[] = [];
    const definedNames: RawName[] = [];
    for (let t = s.next(); t !== END; t = s.next()) {
      if (t !== OPEN || s.depth !== 3 || s.at(1) !== "workbook") continue;
      if (s.name === "sheet" && s.at(2) === "sheets") {
        const name = s.attr("name");
        const relId = s.attr("id");
        if (name === undefined || relId === undefined) {
          throw new XlsxError("DAMAGED", `${path} lists a sheet without a name or part`);
        }
        const state = s.attr("state");
        const visibility = state === "hidden" || state === "veryHidden" ? state : "visible";
        entries.push({ name: this.checkLength(name, path), visibility, relId });
        if (entries.length > this.limits.sheets) {
          throw limitError("sheets", entries.length, this.limits.sheets, path);
        }
      } else if (s.name === "definedName" && s.at(2) === "definedNames") {
        this.countRanges(1, path);
        const raw: RawName = {
          name: this.checkLength(s.attr("name") ?? "", path),
          localSheetId: s.attr("localSheetId"),
          text: this.elementText(s, path),
        };
        definedNames.push(raw);
      }
    }
    if (entries.length === 0) throw new XlsxError("DAMAGED", `${path} lists no sheets`);
    return { entries, definedNames };
  }

  /** The text of the element just opened (all its text, children included), within the limit. */
  private elementText(s: XmlScanner, where: string): string {
    const depth = s.depth;
    let text = "";
    for (let t = s.next(); t !== END; t = s.next()) {
      if (t === CLOSE && s.depth === depth) break;
      if (t === TEXT) text = this.checkLength(text + s.textValue(), where);
    }
    return text;
  }

  /** A part's relationships by id, targets resolved to part names. */
  private relationships(partPath: string, relsPath?: string): Map<string, Relationship> {
    const slash = partPath.lastIndexOf("/");
    const dir = slash >= 0 ? partPath.slice(0, slash + 1) : "";
    const path = relsPath ?? `${dir}_rels/${partPath.slice(slash + 1)}.rels`;
    const result = new Map<string, Relationship>();
    if (!this.has(path)) return result;
    const s = this.scanner(path);
    for (let t = s.next(); t !== END; t = s.next()) {
      if (t !== OPEN || s.depth !== 2 || s.name !== "Relationship") continue;
      const id = s.attr("Id");
      const target = s.attr("Target");
      if (id === undefined || target === undefined) continue;
      const external = s.attr("TargetMode") === "External";
      result.set(id, {
        type: s.attr("Type") ?? "",
        target: external ? target : resolvePartName(dir, target),
        external,
      });
    }
    return result;
  }

  /** Whether each cell format (cellXfs index) locks its cells; locked unless it says otherwise. */
  private lockedStyles(): readonly boolean[] {
    if (this.lockedByStyle) return this.lockedByStyle;
    const locked: boolean[] = [];
    this.lockedByStyle = locked;
    if (this.stylesPath === undefined) return locked;
    const s = this.scanner(this.stylesPath);
    for (let t = s.next(); t !== END; t = s.next()) {
      if (t !== OPEN || s.at(2) !== "cellXfs") continue;
      if (s.depth === 3 && s.name === "xf") locked.push(true);
      else if (s.depth === 4 && s.name === "protection" && locked.length > 0) {
        const value = s.attr("locked");
        locked[locked.length - 1] = value === undefined ? true : isTrue(value);
      }
    }
    return locked;
  }

  private sharedStrings(): readonly string[] {
    if (this.strings) return this.strings;
    const strings: string[] = [];
    this.strings = strings;
    if (this.stringsPath === undefined) return strings;
    const path = this.stringsPath;
    const max = this.limits.sharedStrings;
    const s = this.scanner(path);
    let text = "";
    for (let t = s.next(); t !== END; t = s.next()) {
      if (t === OPEN) {
        if (s.depth === 2 && s.name === "si") {
          text = "";
          if (strings.length >= max)
            throw limitError("sharedStrings", strings.length + 1, max, path);
        } else if (s.name === "rPh" && s.depth === 3) {
          s.skipElement(); // phonetic runs are not part of the text
        }
      } else if (t === TEXT) {
        // <si><t>…</t></si> or the runs <si><r><t>…</t></r></si>.
        if (
          s.at(s.openDepth()) === "t" &&
          ((s.openDepth() === 3 && s.at(2) === "si") ||
            (s.openDepth() === 4 && s.at(3) === "r" && s.at(2) === "si"))
        ) {
          text = this.checkLength(text + s.textValue(), `shared string ${strings.length}`);
        }
      } else if (s.depth === 2 && s.name === "si") {
        strings.push(unescapeXstring(text));
      }
    }
    return strings;
  }

  private readSheet(entry: SheetEntry, path: string): SheetGrid {
    const where = `sheet "${entry.name}"`;
    const s = this.scanner(path);
    const cells = new Map<string, GridCell>();
    const sharedFormulas = new Map<string, SharedFormula>();
    const validations: GridValidation[] = [];
    const extValidations: GridValidation[] = [];
    const merges: Range[] = [];
    let isProtected = false;

    let rowIndex = -1;
    let column = -1;
    for (let t = s.next(); t !== END; t = s.next()) {
      if (t !== OPEN) continue;
      const depth = s.depth;
      const name = s.name;
      if (depth === 2) {
        if (name === "sheetProtection") isProtected = isTrue(s.attr("sheet"));
        continue;
      }
      const section = s.at(2);
      if (section === "sheetData") {
        if (depth === 3 && name === "row") {
          const r = s.attr("r");
          rowIndex = r !== undefined ? parseIndex(r, where) - 1 : rowIndex + 1;
          column = -1;
        } else if (depth === 4 && name === "c" && s.at(3) === "row") {
          const ref = s.attr("r");
          if (ref !== undefined) {
            if (!parseCellReference(ref)) {
              throw new XlsxError("DAMAGED", `In ${where}, "${ref}" is not a cell`);
            }
            rowIndex = parsedRow;
            column = parsedColumn;
          } else {
            column++;
          }
          if (++this.cellCount > this.limits.cells) {
            throw limitError("cells", this.cellCount, this.limits.cells, where);
          }
          cells.set(
            cellKey(rowIndex, column),
            this.readCell(
              s,
              rowIndex,
              column,
              sharedFormulas,
              where,
              ref,
              styleIndex(s),
              s.attr("t"),
            ),
          );
        }
      } else if (section === "mergeCells") {
        if (depth === 3 && name === "mergeCell") {
          this.countRanges(1, where);
          const range = parseRange(s.attr("ref") ?? "");
          if (range) merges.push(range);
        }
      } else if (section === "dataValidations") {
        if (depth === 3 && name === "dataValidation") {
          const ranges = parseSqref(s.attr("sqref") ?? "");
          this.countRanges(Math.max(ranges.length, 1), where);
          const type = s.attr("type") ?? "none";
          let formula = "";
          // formula1's text, as written.
          for (let u = s.next(); u !== END; u = s.next()) {
            if (u === CLOSE && s.depth === depth) break;
            if (u === OPEN && s.depth === depth + 1 && s.name === "formula1") {
              formula = this.elementText(s, where);
            }
          }
          validations.push({ ranges, type, formula });
        }
      } else if (section === "extLst") {
        // Excel writes validations whose list lives on another sheet as an x14 extension.
        if (
          depth === 5 &&
          name === "dataValidation" &&
          s.at(4) === "dataValidations" &&
          s.at(3) === "ext"
        ) {
          const type = s.attr("type") ?? "none";
          let formula = "";
          let sqref = "";
          for (let u = s.next(); u !== END; u = s.next()) {
            if (u === CLOSE && s.depth === depth) break;
            if (u !== OPEN) continue;
            if (s.depth === depth + 1 && s.name === "sqref") sqref = this.elementText(s, where);
            else if (s.depth === depth + 2 && s.name === "f" && s.at(depth + 1) === "formula1") {
              formula = this.elementText(s, where);
            }
          }
          const ranges = parseSqref(sqref);
          this.countRanges(Math.max(ranges.length, 1), where);
          extValidations.push({ ranges, type, formula });
        }
      }
    }

    return {
      name: entry.name,
      visibility: entry.visibility,
      cells,
      protected: isProtected,
      validations: validations.concat(extValidations),
      merges,
    };
  }

  /** Reads the `<c>` element just opened, up to its end. */
  private readCell(
    s: XmlScanner,
    row: number,
    column: number,
    sharedFormulas: Map<string, SharedFormula>,
    sheetWhere: string,
    ref: string | undefined,
    style: number | undefined,
    typeAttribute: string | undefined,
  ): GridCell {
    const type = typeAttribute ?? "n";
    const depth = s.depth;
    const maxLength = this.limits.stringLength;
    let raw: string | undefined;
    let formulaText: string | undefined;
    let formulaType: string | undefined;
    let shareId: string | undefined;
    let inline: string | undefined;
    // Children written plainly (`<f>…</f>`, `<v>…</v>`, as nearly every cell is) in one step each.
    for (let leaf = s.letterLeaf(); leaf >= 0; leaf = s.letterLeaf()) {
      if (leaf === 0x76 /* v */) {
        raw = raw === undefined ? s.textValue() : raw + s.textValue();
        if (raw.length > maxLength) {
          throw limitError(
            "stringLength",
            raw.length,
            maxLength,
            cellWhere(sheetWhere, ref, column),
          );
        }
      } else if (leaf === 0x66 /* f */) {
        formulaText = formulaText === undefined ? s.textValue() : formulaText + s.textValue();
        formulaType = undefined;
        shareId = undefined;
        if (formulaText.length > maxLength) {
          const where = cellWhere(sheetWhere, ref, column);
          throw limitError("stringLength", formulaText.length, maxLength, where);
        }
      }
      // Another child's text is not the cell's: as in the loop below, it is passed over.
    }
    // Which child's text is being read: "v", "f", "t" (of an inline string) or none.
    let reading = "";
    for (let t = s.next(); t !== END; t = s.next()) {
      if (t === OPEN) {
        const child = s.name;
        if (s.depth === depth + 1) {
          if (child === "v") {
            reading = "v";
            raw ??= "";
          } else if (child === "f") {
            reading = "f";
            formulaText ??= "";
            formulaType = s.attr("t");
            shareId = s.attr("si");
          } else if (child === "is") {
            inline ??= "";
          }
        } else if (child === "rPh" && s.at(depth + 1) === "is") {
          s.skipElement();
        } else if (
          child === "t" &&
          s.at(depth + 1) === "is" &&
          (s.depth === depth + 2 || (s.depth === depth + 3 && s.at(depth + 2) === "r"))
        ) {
          reading = "t";
        }
      } else if (t === CLOSE) {
        if (s.depth === depth) break;
        reading = "";
      } else if (reading !== "") {
        const text = s.textValue();
        let length: number;
        if (reading === "v") length = (raw += text).length;
        else if (reading === "f") length = (formulaText += text).length;
        else length = (inline += text).length;
        if (length > this.limits.stringLength) {
          throw limitError(
            "stringLength",
            length,
            this.limits.stringLength,
            cellWhere(sheetWhere, ref, column),
          );
        }
      }
    }

    const locked = style === undefined ? true : (this.lockedStyles()[style] ?? true);

    let formula: string | undefined;
    if (formulaText !== undefined) {
      if (formulaType === "shared" && shareId !== undefined) {
        const master = sharedFormulas.get(shareId);
        if (formulaText !== "") {
          formula = formulaText;
          if (!master) sharedFormulas.set(shareId, { formula: formulaText, row, column });
        } else if (master) {
          formula = this.checkLength(
            shiftFormula(master.formula, row - master.row, column - master.column),
            cellWhere(sheetWhere, ref, column),
          );
        }
      } else if (formulaText !== "") {
        formula = formulaText;
      }
    }

    let value: GridCell["value"] = null;
    let error: string | undefined;
    switch (type) {
      case "s": {
        if (raw === undefined || raw.trim() === "") break;
        const text = this.sharedStrings()[parseDecimal(raw)];
        if (text === undefined) {
          throw new XlsxError(
            "DAMAGED",
            `In ${cellWhere(sheetWhere, ref, column)}, shared string ${raw} does not exist`,
          );
        }
        value = text;
        break;
      }
      case "inlineStr":
        value = inline !== undefined ? unescapeXstring(inline) : unescapeXstring(raw ?? "");
        break;
      case "str":
        value = raw === undefined ? null : unescapeXstring(raw);
        break;
      case "b":
        value = raw === undefined || raw.trim() === "" ? null : isTrue(raw.trim());
        break;
      case "e":
        error = raw?.trim() || "#VALUE!";
        break;
      case "d":
        value = raw === undefined ? null : dateSerial(raw.trim());
        break;
      default: {
        if (raw === undefined || raw.trim() === "") break;
        const n = parseDecimal(raw);
        value = Number.isFinite(n) ? n : raw;
      }
    }

    const cell: { value: GridCell["value"]; locked: boolean; formula?: string; error?: string } = {
      value,
      locked,
    };
    if (formula !== undefined) cell.formula = formula;
    if (error !== undefined) cell.error = error;
    return cell;
  }
}

/** The number in the `s` attribute of the `<c>` just opened (the cell's format), if it has one. */
function styleIndex(s: XmlScanner): number | undefined {
  const i = s.attrIndex("s");
  if (i < 0) return undefined;
  const digits = s.attrDigits(i);
  return digits >= 0 ? digits : Number(s.attrValue(i));
}

const POWERS_OF_TEN = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/**
 * `Number(text)`, faster for what cells hold: digits with at most one point and 15 digits, an
 * optional minus first. Such a number over a power of ten (both exact in a double) is the
 * correctly rounded value, as `Number` gives it; anything else goes to `Number`.
 */
function parseDecimal(text: string): number {
  const negative = text.charCodeAt(0) === 0x2d; /* - */
  let i = negative ? 1 : 0;
  let digits = 0;
  let point = -1;
  let n = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      n = n * 10 + (c - 0x30);
      digits++;
    } else if (c === 0x2e /* . */ && point < 0) {
      point = i;
    } else {
      return Number(text);
    }
  }
  if (digits === 0 || digits > 15 || point === text.length - 1 || point === (negative ? 1 : 0)) {
    return Number(text);
  }
  const value = point < 0 ? n : n / POWERS_OF_TEN[text.length - 1 - point]!;
  return negative ? -value : value;
}

/** Where a cell is, for a message: built only when one is needed. */
function cellWhere(sheetWhere: string, ref: string | undefined, column: number): string {
  return `${sheetWhere}, cell ${ref ?? column}`;
}

interface RawName {
  readonly name: string;
  readonly localSheetId: string | undefined;
  readonly text: string;
}

function isTrue(value: string | undefined): boolean {
  return value === "1" || value === "true" || value === "on";
}

/** A part name from a relationship target, relative to the source part's folder. */
function resolvePartName(dir: string, target: string): string {
  const segments = (target.startsWith("/") ? target.slice(1) : dir + target).split("/");
  const resolved: string[] = [];
  for (const segment of segments) {
    if (segment === "..") resolved.pop();
    else if (segment !== "." && segment !== "") resolved.push(segment);
  }
  return resolved.join("/");
}

function parseIndex(text: string, where: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new XlsxError("DAMAGED", `In ${where}, row "${text}" is not a row`);
  return n;
}

/** The 0-based row and column `parseCellReference` found. */
let parsedRow = 0;
let parsedColumn = 0;

/**
 * "E7" or "$E$7" → 0-based row and column (letters 1-3, digits 1-7), in `parsedRow` and
 * `parsedColumn`; false if it is not one.
 */
function parseCellReference(ref: string): boolean {
  let i = ref.charCodeAt(0) === 0x24 ? 1 : 0;
  let column = 0;
  const lettersStart = i;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20; // lower case
    if (c < 0x61 || c > 0x7a) break;
    column = column * 26 + (c - 0x60);
  }
  if (i === lettersStart || i - lettersStart > 3) return false;
  if (ref.charCodeAt(i) === 0x24) i++;
  let row = 0;
  const digitsStart = i;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
    row = row * 10 + (c - 0x30);
  }
  if (i === digitsStart || i - digitsStart > 7 || row < 1) return false;
  parsedRow = row - 1;
  parsedColumn = column - 1;
  return true;
}

function parseSqref(sqref: string): Range[] {
  return sqref
    .split(/\s+/)
    .filter((part) => part !== "")
    .map((part) => parseRange(part))
    .filter((range): range is Range => range !== null);
}

/** Excel's 1900-system serial number of an ISO 8601 date-time (`t="d"` cells). */
function dateSerial(iso: string): number | string {
  const ms = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(iso) || !iso.includes("T") ? iso : `${iso}Z`);
  if (Number.isNaN(ms)) return iso;
  const days = ms / 86_400_000 + 25_569; // 1970-01-01 is serial 25569
  // Serial 60 is Excel's phantom 1900-02-29: dates before March 1900 are one less.
  return days < 61 ? days - 1 : days;
}

function readDefinedName(raw: RawName, sheetNames: readonly string[]): GridName {
  const scope =
    raw.localSheetId === undefined ? null : (sheetNames[Number(raw.localSheetId)] ?? null);
  const reference = raw.text.trim();
  return { name: raw.name, scope, reference, target: parseNameTarget(reference, sheetNames) };
}

/** The block a name refers to, when it is one rectangular range on one sheet of this workbook. */
function parseNameTarget(reference: string, sheetNames: readonly string[]): GridName["target"] {
  const match = /^(?:'((?:[^']|'')+)'|([^'!]+))!([$A-Za-z0-9]+(?::[$A-Za-z0-9]+)?)$/.exec(
    reference,
  );
  if (!match) return null;
  const written = match[1] !== undefined ? match[1].replace(/''/g, "'") : match[2]!;
  // Sheet names compare without regard to case, as in Excel.
  const sheet = sheetNames.find((n) => n.toUpperCase() === written.toUpperCase());
  if (sheet === undefined) return null;
  const range = parseRange(match[3]!);
  return range ? { sheet, ...range } : null;
}
