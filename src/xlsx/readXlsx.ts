import { unzipSync } from "fflate";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { columnIndex, parseRange } from "../sheet/a1";
import type { GridCell, GridName, GridValidation, SheetGrid, WorkbookGrid } from "../sheet/grid";
import { cellKey } from "../sheet/grid";
import { XlsxError } from "./errors";
import { shiftFormula } from "./shiftFormula";
import { decodeEntities, unescapeXstring } from "./xml";

export { XlsxError } from "./errors";
export type { XlsxErrorCode } from "./errors";

export interface ReadXlsxOptions {
  /** Refuse a zip entry that inflates beyond this many bytes (zip bomb guard). Default 200 MB. */
  readonly maxEntryBytes?: number;
  /** Refuse a workbook whose parts inflate beyond this many bytes in all. Default 500 MB. */
  readonly maxTotalBytes?: number;
}

const MB = 1024 * 1024;

type Range = { top: number; left: number; bottom: number; right: number };

/**
 * Reads an `.xlsx` workbook (as written by Excel, LibreOffice, WPS or `writeXlsx`) into a grid:
 * every worksheet's cell values, formulas, cached results and locked flags, its visibility,
 * protection, merges and data validations, and the workbook's defined names. Chart sheets are
 * skipped. Dates stay serial numbers; error results come back as `error: "#N/A"` etc. with a
 * null value. Works in Node and in the browser: no Node APIs.
 *
 * Throws `XlsxError` for anything that is not a readable workbook: not a zip ("NOT_ZIP"), a zip
 * without xl/workbook.xml ("NOT_WORKBOOK"), a truncated file or missing part ("DAMAGED"), an
 * entry that would inflate past the limit ("TOO_LARGE"). Never a raw parser stack.
 *
 * @example
 * const grid = readXlsx(bytes);
 * grid.sheets[0]!.cells.get(cellKey(6, 4)); // { value: 0.8, locked: false }
 */
export function readXlsx(bytes: Uint8Array, options: ReadXlsxOptions = {}): WorkbookGrid {
  try {
    return new WorkbookReader(unzipParts(bytes, options)).read();
  } catch (error) {
    if (error instanceof XlsxError) throw error;
    // A parser or inflater tripped over input we did not foresee: still a damaged file to the user.
    const detail = error instanceof Error ? error.message : String(error);
    throw new XlsxError("DAMAGED", `The workbook is damaged and cannot be read (${detail})`);
  }
}

// ---------------------------------------------------------------------------------------------
// Zip

/**
 * The package's XML parts by lower-cased name (part names are case-insensitive in OPC), and the
 * names of all entries, XML or not.
 */
interface Parts {
  readonly xml: Map<string, Uint8Array>;
  readonly entries: Set<string>;
}

function unzipParts(bytes: Uint8Array, options: ReadXlsxOptions): Parts {
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
  let total = 0;
  const entries = new Set<string>();
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes, {
      filter: (entry) => {
        entries.add(normalizePartName(entry.name));
        if (!/\.(xml|rels)$/i.test(entry.name)) return false;
        if (entry.originalSize > maxEntry) {
          throw new XlsxError(
            "TOO_LARGE",
            `The workbook part ${entry.name} would inflate to ${Math.round(entry.originalSize / MB)} MB; ` +
              `the limit is ${Math.round(maxEntry / MB)} MB`,
          );
        }
        total += entry.originalSize;
        if (total > maxTotal) {
          throw new XlsxError(
            "TOO_LARGE",
            `The workbook's parts would inflate to more than ${Math.round(maxTotal / MB)} MB`,
          );
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof XlsxError) throw error;
    throw new XlsxError(
      "DAMAGED",
      "The file is truncated or damaged: it is not a complete zip archive " +
        `(${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const xml = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(unzipped)) xml.set(normalizePartName(name), data);
  return { xml, entries };
}

function normalizePartName(name: string): string {
  return name.replace(/\\/g, "/").replace(/^\/+/, "").toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// XML

/** Elements that may repeat: always parsed as arrays, so one and many read the same way. */
const ARRAY_ELEMENTS = new Set([
  "sheet",
  "definedName",
  "Relationship",
  "xf",
  "si",
  "r",
  "row",
  "c",
  "mergeCell",
  "dataValidation",
  "ext",
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are decoded here, in one pass, so "&amp;#10;" stays the text "&#10;".
  processEntities: false,
  htmlEntities: false,
  tagValueProcessor: (_name: string, value: string) => decodeEntities(value),
  attributeValueProcessor: (_name: string, value: string) => decodeEntities(value),
  isArray: (name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) =>
    !isAttribute && ARRAY_ELEMENTS.has(name),
  ignoreDeclaration: true,
  ignorePiTags: true,
  jPath: false,
});

// A parsed XML element: attributes under "@_name", children by name, text under "#text".
type XmlNode = { readonly [key: string]: unknown };

function asNode(value: unknown): XmlNode {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as XmlNode)
    : {};
}

function asNodes(value: unknown): XmlNode[] {
  return Array.isArray(value) ? value.map(asNode) : value === undefined ? [] : [asNode(value)];
}

function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === "string" ? value : undefined;
}

function isTrue(value: string | undefined): boolean {
  return value === "1" || value === "true" || value === "on";
}

/** The text of an element (a plain string, or the "#text" of an element with attributes). */
function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(textOf).join("");
  if (typeof value === "object" && value !== null) {
    const text = (value as XmlNode)["#text"];
    return typeof text === "string" ? text : "";
  }
  return "";
}

/** Decodes a part's bytes as text, honouring a UTF-16 byte order mark. */
function decodePart(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder("utf-16le").decode(data);
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder("utf-16be").decode(data);
  return new TextDecoder("utf-8").decode(data); // drops a UTF-8 BOM
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

class WorkbookReader {
  private strings: readonly string[] = [];
  private lockedByStyle: readonly boolean[] = [];

  constructor(private readonly parts: Parts) {}

  read(): WorkbookGrid {
    const workbookPath = this.findWorkbook();
    const workbook = asNode(this.xml(workbookPath)["workbook"]);
    const relationships = this.relationships(workbookPath);

    const entries: SheetEntry[] = asNodes(asNode(workbook["sheets"])["sheet"]).map((sheet) => {
      const name = attribute(sheet, "name");
      const relId = attribute(sheet, "id");
      if (name === undefined || relId === undefined) {
        throw new XlsxError("DAMAGED", `${workbookPath} lists a sheet without a name or part`);
      }
      const state = attribute(sheet, "state");
      const visibility = state === "hidden" || state === "veryHidden" ? state : "visible";
      return { name, visibility, relId };
    });
    if (entries.length === 0) throw new XlsxError("DAMAGED", `${workbookPath} lists no sheets`);

    const byType = (suffix: string) =>
      [...relationships.values()].find((r) => r.type.endsWith(suffix) && !r.external);
    const styles = byType("/styles");
    if (styles && this.has(styles.target))
      this.lockedByStyle = this.readLockedStyles(styles.target);
    const sharedStrings = byType("/sharedStrings");
    if (sharedStrings && this.has(sharedStrings.target)) {
      this.strings = this.readSharedStrings(sharedStrings.target);
    }

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
    const names = asNodes(asNode(workbook["definedNames"])["definedName"]).map((node) =>
      readDefinedName(node, sheetNames),
    );
    return { sheets, names };
  }

  private has(path: string): boolean {
    return this.parts.xml.has(normalizePartName(path));
  }

  /** The main part, from the package relationships, or where Excel puts it. */
  private findWorkbook(): string {
    const entries = this.parts.entries;
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

  /** Parses a part, refusing DTDs and XML that is not well-formed. */
  private xml(path: string): XmlNode {
    const data = this.parts.xml.get(normalizePartName(path));
    if (!data) throw new XlsxError("DAMAGED", `The part ${path} is missing from the file`);
    const text = decodePart(data);
    if (/<!DOCTYPE/i.test(text.slice(0, 1024))) {
      throw new XlsxError("DAMAGED", `The part ${path} declares a DTD, which workbooks never do`);
    }
    const valid = XMLValidator.validate(text);
    if (valid !== true) {
      throw new XlsxError(
        "DAMAGED",
        `The part ${path} is truncated or damaged (line ${valid.err.line}: ${valid.err.msg})`,
      );
    }
    return asNode(parser.parse(text));
  }

  /** A part's relationships by id, targets resolved to part names. */
  private relationships(partPath: string, relsPath?: string): Map<string, Relationship> {
    const slash = partPath.lastIndexOf("/");
    const dir = slash >= 0 ? partPath.slice(0, slash + 1) : "";
    const path = relsPath ?? `${dir}_rels/${partPath.slice(slash + 1)}.rels`;
    const result = new Map<string, Relationship>();
    if (!this.has(path)) return result;
    const root = asNode(this.xml(path)["Relationships"]);
    for (const rel of asNodes(root["Relationship"])) {
      const id = attribute(rel, "Id");
      const target = attribute(rel, "Target");
      if (id === undefined || target === undefined) continue;
      const external = attribute(rel, "TargetMode") === "External";
      result.set(id, {
        type: attribute(rel, "Type") ?? "",
        target: external ? target : resolvePartName(dir, target),
        external,
      });
    }
    return result;
  }

  /** Whether each cell format (cellXfs index) locks its cells; locked unless it says otherwise. */
  private readLockedStyles(path: string): boolean[] {
    const styleSheet = asNode(this.xml(path)["styleSheet"]);
    return asNodes(asNode(styleSheet["cellXfs"])["xf"]).map((xf) => {
      const locked = attribute(asNode(xf["protection"]), "locked");
      return locked === undefined ? true : isTrue(locked);
    });
  }

  private readSharedStrings(path: string): string[] {
    const sst = asNode(this.xml(path)["sst"]);
    return asNodes(sst["si"]).map(richText);
  }

  private readSheet(entry: SheetEntry, path: string): SheetGrid {
    const worksheet = asNode(this.xml(path)["worksheet"]);
    const where = `sheet "${entry.name}"`;
    const cells = new Map<string, GridCell>();
    const sharedFormulas = new Map<string, { formula: string; row: number; column: number }>();

    let rowIndex = -1;
    for (const row of asNodes(asNode(worksheet["sheetData"])["row"])) {
      const r = attribute(row, "r");
      rowIndex = r !== undefined ? parseIndex(r, where) - 1 : rowIndex + 1;
      let column = -1;
      for (const c of asNodes(row["c"])) {
        const ref = attribute(c, "r");
        if (ref !== undefined) {
          const position = parseCellReference(ref);
          if (!position) throw new XlsxError("DAMAGED", `In ${where}, "${ref}" is not a cell`);
          rowIndex = position.row;
          column = position.column;
        } else {
          column++;
        }
        cells.set(
          cellKey(rowIndex, column),
          this.readCell(c, rowIndex, column, sharedFormulas, `${where}, cell ${ref ?? column}`),
        );
      }
    }

    const validations: GridValidation[] = asNodes(
      asNode(worksheet["dataValidations"])["dataValidation"],
    ).map((node) => ({
      ranges: parseSqref(attribute(node, "sqref") ?? ""),
      type: attribute(node, "type") ?? "none",
      formula: textOf(node["formula1"]),
    }));
    // Excel writes validations whose list lives on another sheet as an x14 extension.
    for (const ext of asNodes(asNode(worksheet["extLst"])["ext"])) {
      for (const node of asNodes(asNode(ext["dataValidations"])["dataValidation"])) {
        validations.push({
          ranges: parseSqref(textOf(node["sqref"])),
          type: attribute(node, "type") ?? "none",
          formula: textOf(asNode(node["formula1"])["f"]),
        });
      }
    }

    const merges = asNodes(asNode(worksheet["mergeCells"])["mergeCell"])
      .map((node) => parseRange(attribute(node, "ref") ?? ""))
      .filter((range): range is Range => range !== null);

    const protection = worksheet["sheetProtection"];
    return {
      name: entry.name,
      visibility: entry.visibility,
      cells,
      protected: protection !== undefined && isTrue(attribute(asNode(protection), "sheet")),
      validations,
      merges,
    };
  }

  private readCell(
    c: XmlNode,
    row: number,
    column: number,
    sharedFormulas: Map<string, { formula: string; row: number; column: number }>,
    where: string,
  ): GridCell {
    const style = attribute(c, "s");
    const locked = style === undefined ? true : (this.lockedByStyle[Number(style)] ?? true);
    const type = attribute(c, "t") ?? "n";
    const raw = c["v"] === undefined ? undefined : textOf(c["v"]);

    let formula: string | undefined;
    if (c["f"] !== undefined) {
      const f = asNode(c["f"]);
      const text = textOf(c["f"]);
      const shareId = attribute(f, "si");
      if (attribute(f, "t") === "shared" && shareId !== undefined) {
        const master = sharedFormulas.get(shareId);
        if (text !== "") {
          formula = text;
          if (!master) sharedFormulas.set(shareId, { formula: text, row, column });
        } else if (master) {
          formula = shiftFormula(master.formula, row - master.row, column - master.column);
        }
      } else if (text !== "") {
        formula = text;
      }
    }

    let value: GridCell["value"] = null;
    let error: string | undefined;
    switch (type) {
      case "s": {
        if (raw === undefined || raw.trim() === "") break;
        const text = this.strings[Number(raw)];
        if (text === undefined) {
          throw new XlsxError("DAMAGED", `In ${where}, shared string ${raw} does not exist`);
        }
        value = text;
        break;
      }
      case "inlineStr":
        value = c["is"] !== undefined ? richText(asNode(c["is"])) : unescapeXstring(raw ?? "");
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
        const n = Number(raw);
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

/** The text of a string item: plain `<t>`, or the runs `<r><t>` of rich text (phonetics dropped). */
function richText(item: XmlNode): string {
  let text = item["t"] !== undefined ? textOf(item["t"]) : "";
  for (const run of asNodes(item["r"])) text += textOf(run["t"]);
  return unescapeXstring(text);
}

function parseIndex(text: string, where: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new XlsxError("DAMAGED", `In ${where}, row "${text}" is not a row`);
  return n;
}

function parseCellReference(ref: string): { row: number; column: number } | null {
  const match = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/.exec(ref);
  if (!match) return null;
  const row = Number(match[2]) - 1;
  return row >= 0 ? { row, column: columnIndex(match[1]!) } : null;
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

function readDefinedName(node: XmlNode, sheetNames: readonly string[]): GridName {
  const name = attribute(node, "name") ?? "";
  const localSheetId = attribute(node, "localSheetId");
  const scope = localSheetId === undefined ? null : (sheetNames[Number(localSheetId)] ?? null);
  const reference = textOf(node).trim();
  return { name, scope, reference, target: parseNameTarget(reference, sheetNames) };
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
