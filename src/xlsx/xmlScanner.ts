import { XlsxError } from "./errors";
import { decodeEntities } from "./xml";

const ENTITIES: ReadonlyMap<string, string> = new Map([
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["apos", "'"],
]);

/**
 * `decodeEntities`, faster for the five named entities that fill formulas (`&lt;`, `&quot;`, …):
 * a loop instead of a regular expression; character references go to `decodeEntities`.
 */
function decodeXmlEntities(text: string): string {
  let out = "";
  let from = 0;
  for (let amp = text.indexOf("&"); amp >= 0; amp = text.indexOf("&", from)) {
    const semi = text.indexOf(";", amp + 1);
    if (semi < 0) break;
    const name = text.slice(amp + 1, semi);
    const char = ENTITIES.get(name);
    if (char !== undefined) {
      out += text.slice(from, amp) + char;
      from = semi + 1;
    } else if (name.charCodeAt(0) === 0x23 /* # */ && semi - amp <= 10) {
      out += text.slice(from, amp) + decodeEntities(text.slice(amp, semi + 1));
      from = semi + 1;
    } else {
      out += text.slice(from, amp + 1);
      from = amp + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

/** What `XmlScanner.next()` found. */
export const END = 0;
export const OPEN = 1;
export const CLOSE = 2;
export const TEXT = 3;
export type XmlToken = typeof END | typeof OPEN | typeof CLOSE | typeof TEXT;

/** How often (in tokens) the scanner calls `tick`, e.g. to check a deadline. */
const TICK_EVERY = 4096;

/** Stands for every non-ASCII byte in the scanned text; a value holding it is decoded again. */
const NON_ASCII = 0x7f;

const utf8 = new TextDecoder("utf-8");

export interface XmlScannerOptions {
  readonly maxDepth: number;
  readonly tick?: () => void;
}

/**
 * A pull tokenizer over one XML part, for the reader: start tags (local name and attributes, a
 * self-closing tag gives OPEN then CLOSE), end tags, text and CDATA. It checks that tags nest and
 * close, refuses DTDs anywhere, and keeps nothing but the open elements' names: it loops, never
 * recurses, so its memory does not grow with the input beyond the nesting depth it allows.
 *
 * @example
 * const s = new XmlScanner(text, "xl/workbook.xml", { maxDepth: 64 });
 * for (let t = s.next(); t !== END; t = s.next()) if (t === OPEN && s.name === "sheet") s.attr("name");
 */
export class XmlScanner {
  /** Local name (no prefix) of the element just opened or closed. */
  name = "";
  /** Depth of the element just opened or closed: the root is 1. */
  depth = 0;
  /** Whether the element just opened is self-closing (its CLOSE comes next). */
  selfClosing = false;

  private pos = 0;
  private readonly qnames: string[] = [];
  private readonly locals: string[] = [];
  private pendingClose = false;
  private rootSeen = false;
  private tokens = 0;
  private textStart = 0;
  private textEnd = 0;
  private cdata = false;
  private attrCount = 0;
  // Per attribute of the current start tag: name start, local-name start, name end, value range.
  private readonly attrNameStart: number[] = [];
  private readonly attrLocalStart: number[] = [];
  private readonly attrNameEnd: number[] = [];
  private readonly attrValueStart: number[] = [];
  private readonly attrValueEnd: number[] = [];

  /**
   * @param text the part as text; or, with `bytes`, the part's UTF-8 bytes as one character per
   *   byte, every non-ASCII byte replaced by U+007F, so that a character's index plus `offset` is
   *   its byte's (see `fromBytes`).
   */
  constructor(
    private readonly text: string,
    private readonly part: string,
    private readonly options: XmlScannerOptions,
    private readonly bytes?: Uint8Array,
    private readonly offset = 0,
  ) {}

  /**
   * A scanner over a part's bytes. UTF-8 is decoded lazily: the markup is scanned as ASCII (which
   * engines decode many times faster than UTF-8), and only the values that hold other characters
   * are decoded from their own bytes. UTF-16 parts (with a byte order mark) are decoded whole.
   */
  static fromBytes(data: Uint8Array, part: string, options: XmlScannerOptions): XmlScanner {
    if (data[0] === 0xff && data[1] === 0xfe) {
      return new XmlScanner(new TextDecoder("utf-16le").decode(data), part, options);
    }
    if (data[0] === 0xfe && data[1] === 0xff) {
      return new XmlScanner(new TextDecoder("utf-16be").decode(data), part, options);
    }
    const offset = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
    // A copy (so the caller's bytes stay as they are), checked four bytes at a time.
    const ascii = data.slice(offset);
    const words = new Uint32Array(ascii.buffer, 0, ascii.length >>> 2);
    let mixed = 0; // words holding a non-ASCII byte
    for (let w = 0; w < words.length; w++) {
      if ((words[w]! & 0x80808080) === 0) continue;
      mixed++;
      for (let j = w * 4; j < w * 4 + 4; j++) if (ascii[j]! >= 0x80) ascii[j] = NON_ASCII;
    }
    for (let j = words.length * 4; j < ascii.length; j++) {
      if (ascii[j]! >= 0x80) {
        ascii[j] = NON_ASCII;
        mixed++;
      }
    }
    if (mixed === 0) return new XmlScanner(utf8.decode(ascii), part, options);
    // Mostly text in other scripts (a shared string table in Chinese): one decode beats many.
    if (mixed * 8 > words.length) {
      return new XmlScanner(utf8.decode(data.subarray(offset)), part, options);
    }
    return new XmlScanner(utf8.decode(ascii), part, options, data, offset);
  }

  /** The local name of the open element at `depth` (1 = the root), "" if there is none. */
  at(depth: number): string {
    return this.locals[depth - 1] ?? "";
  }

  /** How many elements are open now (inside a TEXT token: the depth of the element it is in). */
  openDepth(): number {
    return this.qnames.length;
  }

  next(): XmlToken {
    if (this.pendingClose) {
      this.pendingClose = false;
      this.depth = this.qnames.length;
      this.qnames.pop();
      this.locals.pop();
      return CLOSE;
    }
    if (++this.tokens % TICK_EVERY === 0) this.options.tick?.();
    const text = this.text;
    for (;;) {
      const pos = this.pos;
      if (pos >= text.length) {
        if (this.qnames.length > 0) {
          throw this.damaged(`the element <${this.qnames[this.qnames.length - 1]}> is not closed`);
        }
        if (!this.rootSeen) throw this.damaged("it holds no element");
        return END;
      }
      const lt = text.indexOf("<", pos);
      if (lt !== pos) {
        const end = lt < 0 ? text.length : lt;
        this.pos = end;
        if (this.qnames.length === 0) {
          if (text.slice(pos, end).trim() !== "") throw this.damaged("text outside the root");
          continue;
        }
        this.textStart = pos;
        this.textEnd = end;
        this.cdata = false;
        return TEXT;
      }
      const c = text.charCodeAt(lt + 1);
      if (c === 0x2f /* / */) return this.endTag(lt);
      if (c === 0x3f /* ? */) {
        this.pos = this.find("?>", lt + 2) + 2;
        continue;
      }
      if (c === 0x21 /* ! */) {
        if (text.startsWith("!--", lt + 1)) {
          this.pos = this.find("-->", lt + 4) + 3;
          continue;
        }
        if (text.startsWith("![CDATA[", lt + 1)) {
          const end = this.find("]]>", lt + 9);
          this.textStart = lt + 9;
          this.textEnd = end;
          this.cdata = true;
          this.pos = end + 3;
          if (this.qnames.length === 0) throw this.damaged("CDATA outside the root");
          return TEXT;
        }
        if (text.slice(lt + 2, lt + 9).toUpperCase() === "DOCTYPE") {
          throw new XlsxError(
            "DAMAGED",
            `The part ${this.part} declares a DTD, which workbooks never do`,
          );
        }
        throw this.damaged("an unknown <! declaration");
      }
      if (this.qnames.length === 0 && this.rootSeen) throw this.damaged("a second root");
      return this.startTag(lt);
    }
  }

  /** The text just found, entities decoded (CDATA as is). */
  textValue(): string {
    if (!this.cdata) return this.decoded(this.textStart, this.textEnd);
    return this.bytes
      ? utf8.decode(this.bytes.subarray(this.textStart + this.offset, this.textEnd + this.offset))
      : this.text.slice(this.textStart, this.textEnd);
  }

  /** The raw length of the text just found. */
  textLength(): number {
    return this.textEnd - this.textStart;
  }

  /** The value of the current start tag's attribute with this local name (prefix ignored). */
  attr(local: string): string | undefined {
    const text = this.text;
    for (let i = 0; i < this.attrCount; i++) {
      const start = this.attrLocalStart[i]!;
      if (this.attrNameEnd[i]! - start !== local.length || !text.startsWith(local, start)) continue;
      const nameStart = this.attrNameStart[i]!;
      // xmlns and xmlns:p declare namespaces; they are not attributes.
      if (start !== nameStart && text.startsWith("xmlns:", nameStart)) continue;
      if (local === "xmlns" && start === nameStart) continue;
      return this.decoded(this.attrValueStart[i]!, this.attrValueEnd[i]!);
    }
    return undefined;
  }

  /** Skips the rest of the element just opened, children and all. */
  skipElement(): void {
    const depth = this.depth;
    for (let t = this.next(); t !== END; t = this.next()) {
      if (t === CLOSE && this.depth === depth) return;
    }
  }

  private startTag(lt: number): XmlToken {
    const text = this.text;
    let p = lt + 1;
    let colon = -1;
    for (; p < text.length; p++) {
      const c = text.charCodeAt(p);
      if (c === 0x3e || c === 0x2f || c <= 0x20) break;
      if (c === 0x3a) colon = p;
    }
    if (p === lt + 1 || p >= text.length) throw this.damaged("a tag without a name or end");
    const qname = text.slice(lt + 1, p);
    const local = colon < 0 ? qname : text.slice(colon + 1, p);

    this.attrCount = 0;
    for (;;) {
      while (p < text.length && text.charCodeAt(p) <= 0x20) p++;
      const c = text.charCodeAt(p);
      if (c === 0x3e /* > */) {
        p++;
        this.selfClosing = false;
        break;
      }
      if (c === 0x2f /* / */ && text.charCodeAt(p + 1) === 0x3e) {
        p += 2;
        this.selfClosing = true;
        break;
      }
      if (p >= text.length) throw this.damaged(`the tag <${qname}> is not closed`);
      // An attribute: name, '=', quoted value.
      const nameStart = p;
      let localStart = p;
      for (; p < text.length; p++) {
        const d = text.charCodeAt(p);
        if (d === 0x3d || d <= 0x20 || d === 0x3e || d === 0x2f) break;
        if (d === 0x3a) localStart = p + 1;
      }
      const nameEnd = p;
      while (p < text.length && text.charCodeAt(p) <= 0x20) p++;
      if (nameEnd === nameStart || text.charCodeAt(p) !== 0x3d) {
        throw this.damaged(`a malformed attribute in <${qname}>`);
      }
      p++;
      while (p < text.length && text.charCodeAt(p) <= 0x20) p++;
      const quote = text.charCodeAt(p);
      if (quote !== 0x22 && quote !== 0x27)
        throw this.damaged(`an unquoted attribute in <${qname}>`);
      const valueEnd = text.indexOf(quote === 0x22 ? '"' : "'", p + 1);
      if (valueEnd < 0) throw this.damaged(`the tag <${qname}> is not closed`);
      const i = this.attrCount++;
      this.attrNameStart[i] = nameStart;
      this.attrLocalStart[i] = localStart;
      this.attrNameEnd[i] = nameEnd;
      this.attrValueStart[i] = p + 1;
      this.attrValueEnd[i] = valueEnd;
      p = valueEnd + 1;
    }
    this.pos = p;
    this.rootSeen = true;
    this.qnames.push(qname);
    this.locals.push(local);
    if (this.qnames.length > this.options.maxDepth) {
      throw new XlsxError(
        "LIMIT",
        `The part ${this.part} nests elements more than ${this.options.maxDepth} deep (the nesting depth limit)`,
        { limit: "depth", value: this.qnames.length, max: this.options.maxDepth, where: this.part },
      );
    }
    this.name = local;
    this.depth = this.qnames.length;
    this.pendingClose = this.selfClosing;
    return OPEN;
  }

  private endTag(lt: number): XmlToken {
    const text = this.text;
    const gt = text.indexOf(">", lt + 2);
    if (gt < 0) throw this.damaged("an end tag is cut short");
    const top = this.qnames[this.qnames.length - 1];
    if (
      top === undefined ||
      !text.startsWith(top, lt + 2) ||
      text.slice(lt + 2 + top.length, gt).trim() !== ""
    ) {
      throw this.damaged(
        `</${text.slice(lt + 2, gt).trim()}> does not close ${top === undefined ? "anything" : `<${top}>`}`,
      );
    }
    this.pos = gt + 1;
    this.name = this.locals[this.locals.length - 1]!;
    this.depth = this.qnames.length;
    this.qnames.pop();
    this.locals.pop();
    return CLOSE;
  }

  /** The text between two positions: non-ASCII decoded from its bytes, entities decoded. */
  private decoded(start: number, end: number): string {
    const text = this.text;
    let entities = false;
    let nonAscii = false;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x26) entities = true;
      else if (c === NON_ASCII) nonAscii = true;
    }
    const raw =
      nonAscii && this.bytes
        ? utf8.decode(this.bytes.subarray(start + this.offset, end + this.offset))
        : text.slice(start, end);
    return entities ? decodeXmlEntities(raw) : raw;
  }

  private find(needle: string, from: number): number {
    const at = this.text.indexOf(needle, from);
    if (at < 0) throw this.damaged(`"${needle}" is missing`);
    return at;
  }

  private damaged(detail: string): XlsxError {
    let line = 1;
    const upTo = Math.min(this.pos, this.text.length);
    for (let i = this.text.indexOf("\n"); i >= 0 && i < upTo; i = this.text.indexOf("\n", i + 1)) {
      line++;
    }
    return new XlsxError(
      "DAMAGED",
      `The part ${this.part} is truncated or damaged (line ${line}: ${detail})`,
    );
  }
}
