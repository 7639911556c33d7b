import type { CellStyle, ConditionalFormatPlan } from "../sheet/plan";
import { XlsxError } from "./errors";
import { escapeAttribute } from "./xml";

/** Number formats every spreadsheet knows by id (ECMA-376 Part 1, 18.8.30); others get 164+. */
const BUILTIN_NUMBER_FORMATS: ReadonlyMap<string, number> = new Map([
  ["General", 0],
  ["0", 1],
  ["0.00", 2],
  ["#,##0", 3],
  ["#,##0.00", 4],
  ["0%", 9],
  ["0.00%", 10],
  ["0.00E+00", 11],
  ["@", 49],
]);

const FIRST_CUSTOM_NUMBER_FORMAT = 164;

const DEFAULT_FONT_SIZE = 11;
const DEFAULT_FONT = "Calibri";

type DxfStyle = ConditionalFormatPlan["style"];

/** An ARGB colour attribute value from the plan's 6-digit RGB. */
export function argb(color: string, where: string): string {
  if (!/^[0-9A-Fa-f]{6}$/.test(color)) {
    throw new XlsxError(
      "INVALID_PLAN",
      `${where}: colour "${color}" is not 6 hex digits (RRGGBB without '#')`,
    );
  }
  return `FF${color.toUpperCase()}`;
}

/**
 * Collects the distinct cell styles of a workbook into fonts, fills, borders, number formats and
 * cell formats (xf), and conditional-format styles into dxfs, then writes xl/styles.xml.
 * Index 0 of each table is the default, as Excel expects; fills 0 and 1 are the two reserved
 * patterns ("none", "gray125").
 */
export class StyleTable {
  private readonly fonts = new IndexedSet([fontXml({})]);
  private readonly fills = new IndexedSet([
    '<fill><patternFill patternType="none"/></fill>',
    '<fill><patternFill patternType="gray125"/></fill>',
  ]);
  private readonly borders = new IndexedSet([
    "<border><left/><right/><top/><bottom/><diagonal/></border>",
  ]);
  private readonly numberFormats = new Map<string, number>();
  private readonly xfs = new IndexedSet([
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
  ]);
  private readonly dxfs = new IndexedSet([]);
  private readonly xfByStyleKey = new Map<string, number>();

  /** The cellXfs index of a style (0 for none), adding it on first use. */
  cellFormat(style: CellStyle | undefined, where: string): number {
    if (!style) return 0;
    const key = styleKey(style);
    const known = this.xfByStyleKey.get(key);
    if (known !== undefined) return known;

    const fontId = this.fonts.add(fontXml(style, where));
    const fillId = style.fill
      ? this.fills.add(
          `<fill><patternFill patternType="solid"><fgColor rgb="${argb(style.fill, where)}"/>` +
            '<bgColor indexed="64"/></patternFill></fill>',
        )
      : 0;
    const borderId = style.border === "thin" ? this.borders.add(thinBorderXml()) : 0;
    const numFmtId = style.numberFormat === undefined ? 0 : this.numberFormat(style.numberFormat);
    const alignment = alignmentXml(style, where);
    const unlocked = style.locked === false;

    let xf = `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"`;
    if (numFmtId !== 0) xf += ' applyNumberFormat="1"';
    if (fontId !== 0) xf += ' applyFont="1"';
    if (fillId !== 0) xf += ' applyFill="1"';
    if (borderId !== 0) xf += ' applyBorder="1"';
    if (alignment) xf += ' applyAlignment="1"';
    if (unlocked) xf += ' applyProtection="1"';
    xf +=
      alignment || unlocked
        ? `>${alignment}${unlocked ? '<protection locked="0"/>' : ""}</xf>`
        : "/>";

    const index = this.xfs.add(xf);
    this.xfByStyleKey.set(key, index);
    return index;
  }

  /** The dxfs index of a conditional format's style, adding it on first use. */
  differentialFormat(style: DxfStyle, where: string): number {
    let font = "";
    if (style.bold || style.fontColor) {
      font = `<font>${style.bold ? "<b/>" : ""}${
        style.fontColor ? `<color rgb="${argb(style.fontColor, where)}"/>` : ""
      }</font>`;
    }
    // Excel's own dxf fills name the colour as bgColor of a pattern without a type.
    const fill = style.fill
      ? `<fill><patternFill><bgColor rgb="${argb(style.fill, where)}"/></patternFill></fill>`
      : "";
    return this.dxfs.add(`<dxf>${font}${fill}</dxf>`);
  }

  private numberFormat(code: string): number {
    const builtin = BUILTIN_NUMBER_FORMATS.get(code);
    if (builtin !== undefined) return builtin;
    let id = this.numberFormats.get(code);
    if (id === undefined) {
      id = FIRST_CUSTOM_NUMBER_FORMAT + this.numberFormats.size;
      this.numberFormats.set(code, id);
    }
    return id;
  }

  /** xl/styles.xml, in CT_Stylesheet order. */
  toXml(): string {
    const numFmts =
      this.numberFormats.size === 0
        ? ""
        : `<numFmts count="${this.numberFormats.size}">${[...this.numberFormats]
            .map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeAttribute(code)}"/>`)
            .join("")}</numFmts>`;
    return (
      XML_DECLARATION +
      `<styleSheet xmlns="${MAIN_NS}">` +
      numFmts +
      this.fonts.toXml("fonts") +
      this.fills.toXml("fills") +
      this.borders.toXml("borders") +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      this.xfs.toXml("cellXfs") +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      this.dxfs.toXml("dxfs") +
      '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
      "</styleSheet>"
    );
  }
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
export const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/** XML fragments numbered in order of first use. */
class IndexedSet {
  private readonly indexes = new Map<string, number>();

  constructor(initial: readonly string[]) {
    for (const item of initial) this.add(item);
  }

  add(item: string): number {
    let index = this.indexes.get(item);
    if (index === undefined) {
      index = this.indexes.size;
      this.indexes.set(item, index);
    }
    return index;
  }

  toXml(element: string): string {
    return `<${element} count="${this.indexes.size}">${[...this.indexes.keys()].join("")}</${element}>`;
  }
}

function styleKey(style: CellStyle): string {
  // Fixed key order, so that equal styles built in different orders share one xf.
  return JSON.stringify([
    style.bold ?? false,
    style.italic ?? false,
    style.fontSize ?? null,
    style.fontColor?.toUpperCase() ?? null,
    style.fill?.toUpperCase() ?? null,
    style.wrap ?? false,
    style.horizontal ?? null,
    style.vertical ?? null,
    style.indent ?? 0,
    style.numberFormat ?? null,
    style.border ?? null,
    style.locked ?? true,
  ]);
}

function fontXml(style: CellStyle, where = "style"): string {
  const size = style.fontSize ?? DEFAULT_FONT_SIZE;
  if (!(size >= 1 && size <= 409)) {
    throw new XlsxError("INVALID_PLAN", `${where}: font size ${size} is outside 1..409`);
  }
  return (
    "<font>" +
    (style.bold ? "<b/>" : "") +
    (style.italic ? "<i/>" : "") +
    `<sz val="${size}"/>` +
    (style.fontColor ? `<color rgb="${argb(style.fontColor, where)}"/>` : "") +
    `<name val="${DEFAULT_FONT}"/><family val="2"/>` +
    "</font>"
  );
}

function thinBorderXml(): string {
  const side = (name: string) => `<${name} style="thin"><color indexed="64"/></${name}>`;
  return `<border>${side("left")}${side("right")}${side("top")}${side("bottom")}<diagonal/></border>`;
}

function alignmentXml(style: CellStyle, where: string): string {
  const attributes: string[] = [];
  // Excel applies an indent only to left-, right- or distributed-aligned text.
  const horizontal = style.horizontal ?? (style.indent ? "left" : undefined);
  if (horizontal) attributes.push(`horizontal="${horizontal}"`);
  if (style.vertical) attributes.push(`vertical="${style.vertical}"`);
  if (style.indent) {
    if (!Number.isInteger(style.indent) || style.indent < 0 || style.indent > 250) {
      throw new XlsxError("INVALID_PLAN", `${where}: indent ${style.indent} is not 0..250`);
    }
    attributes.push(`indent="${style.indent}"`);
  }
  if (style.wrap) attributes.push('wrapText="1"');
  return attributes.length > 0 ? `<alignment ${attributes.join(" ")}/>` : "";
}
