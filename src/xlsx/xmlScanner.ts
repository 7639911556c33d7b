import { XlsxError } from "./errors";
import { decodeEntities } from "./xml";

/** The character a named entity stands for (`&amp;` …), "" if the name is not one of the five. */
function namedEntity(text: string, start: number, end: number): string {
  const c = text.charCodeAt(start);
  switch (end - start) {
    case 2:
      if (text.charCodeAt(start + 1) !== 0x74 /* t */) return "";
      return c === 0x6c /* l */ ? "<" : c === 0x67 /* g */ ? ">" : "";
    case 3:
      return c === 0x61 && text.startsWith("amp", start) ? "&" : "";
    case 4:
      if (c === 0x71 && text.startsWith("quot", start)) return '"';
      return c === 0x61 && text.startsWith("apos", start) ? "'" : "";
    default:
      return "";
  }
}

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
    const char = namedEntity(text, amp + 1, semi);
    if (char !== "") {
      out += text.slice(from, amp) + char;
      from = semi + 1;
    } else if (text.charCodeAt(amp + 1) === 0x23 /* # */ && semi - amp <= 10) {
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
const NON_ASCII_CHAR = "\x7f";

const utf8 = new TextDecoder("utf-8");

/** The high bit of each byte of a 32-bit word (0x80808080 as a signed integer). */
const HIGH_BITS = 0x80808080 | 0;

/** Parts up to this size are copied into one buffer kept for the next, not a new one each. */
const SCRATCH_MAX = 512 * 1024;
let scratch: Uint8Array | undefined;

/** A copy of `data` from `offset`, to change: in the kept buffer when it fits, used at once. */
function copyOf(data: Uint8Array, offset: number): Uint8Array {
  const length = data.length - offset;
  if (length > SCRATCH_MAX) return data.slice(offset);
  if (scratch === undefined || scratch.length < length) {
    scratch = new Uint8Array(Math.min(SCRATCH_MAX, Math.max(length, 128 * 1024)));
  }
  const copy = scratch.subarray(0, length);
  copy.set(data.subarray(offset));
  return copy;
}

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
  // Per attribute of the current start tag, five numbers: name start, local-name start, name end,
  // value start and end.
  private attrs = new Int32Array(5 * 16);
  // The first "&" (and the first U+007F) at or after `ampFrom` (`oddFrom`), or the text's length:
  // values are decoded in order, so each search goes on from the last and the text is searched
  // once, not once per value.
  private ampFrom = 0;
  private ampAt = -1;
  private oddFrom = 0;
  private oddAt = -1;

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
    const length = data.length - offset;
    const n = length >>> 2;
    // Checked four bytes at a time (sixteen while they are all ASCII); copied, so that the
    // caller's bytes stay as they are, only when a byte must be replaced.
    const words =
      (data.byteOffset + offset) % 4 === 0
        ? new Int32Array(data.buffer, data.byteOffset + offset, n)
        : new Int32Array(data.slice(offset, offset + n * 4).buffer);
    let ascii: Uint8Array | undefined;
    let mixed = 0; // words holding a non-ASCII byte
    for (let w = 0; w < n; w += 4) {
      const last = Math.min(w + 4, n);
      if (
        last === w + 4 &&
        ((words[w]! | words[w + 1]! | words[w + 2]! | words[w + 3]!) & HIGH_BITS) === 0
      ) {
        continue;
      }
      for (let k = w; k < last; k++) {
        if ((words[k]! & HIGH_BITS) === 0) continue;
        mixed++;
        ascii ??= copyOf(data, offset);
        for (let j = k * 4; j < k * 4 + 4; j++) if (ascii[j]! >= 0x80) ascii[j] = NON_ASCII;
      }
      // Mostly text in other scripts (a shared string table in Chinese): one decode beats many.
      if (mixed * 8 > n) return new XmlScanner(utf8.decode(data.subarray(offset)), part, options);
    }
    for (let j = n * 4; j < length; j++) {
      if (data[offset + j]! >= 0x80) {
        ascii ??= copyOf(data, offset);
        ascii[j] = NON_ASCII;
        mixed++;
      }
    }
    if (ascii === undefined)
      return new XmlScanner(utf8.decode(data.subarray(offset)), part, options);
    if (mixed * 8 > n) return new XmlScanner(utf8.decode(data.subarray(offset)), part, options);
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
      const lt = text.charCodeAt(pos) === 0x3c /* < */ ? pos : text.indexOf("<", pos);
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
    const i = this.attrIndex(local);
    return i < 0 ? undefined : this.decoded(this.attrs[i * 5 + 3]!, this.attrs[i * 5 + 4]!);
  }

  /** The value of the attribute `attrIndex` found, as `attr` gives it. */
  attrValue(i: number): string {
    return this.decoded(this.attrs[i * 5 + 3]!, this.attrs[i * 5 + 4]!);
  }

  /**
   * The value of the attribute `attrIndex` found as a number, when it is written as 1 to 9 ASCII
   * digits (as `Number(attrValue(i))` would give it); -1 if it is written otherwise.
   */
  attrDigits(i: number): number {
    const text = this.text;
    const start = this.attrs[i * 5 + 3]!;
    const end = this.attrs[i * 5 + 4]!;
    if (end === start || end - start > 9) return -1;
    let n = 0;
    for (let p = start; p < end; p++) {
      const c = text.charCodeAt(p);
      if (c < 0x30 || c > 0x39) return -1;
      n = n * 10 + (c - 0x30);
    }
    return n;
  }

  /** Where the current start tag's attribute with this local name (prefix ignored) is, or -1. */
  attrIndex(local: string): number {
    const text = this.text;
    for (let i = 0; i < this.attrCount; i++) {
      const start = this.attrs[i * 5 + 1]!;
      if (
        this.attrs[i * 5 + 2]! - start !== local.length ||
        text.charCodeAt(start) !== local.charCodeAt(0) ||
        (local.length > 1 && !text.startsWith(local, start))
      ) {
        continue;
      }
      const nameStart = this.attrs[i * 5]!;
      // xmlns and xmlns:p declare namespaces; they are not attributes.
      if (start !== nameStart && text.startsWith("xmlns:", nameStart)) continue;
      if (local === "xmlns" && start === nameStart) continue;
      return i;
    }
    return -1;
  }

  /**
   * Reads a child with a one-letter name written plainly, `<v>text</v>`: no attributes, no markup
   * in the text, at the scanner's position (just after a start tag or an end tag). If one is
   * there, reads it as `next()` would (the OPEN, TEXT and CLOSE tokens, after which `name` is its
   * name and `textValue()` its text) and returns its letter's code; if not, reads nothing and
   * returns -1, for `next()` to read what is there.
   */
  letterLeaf(): number {
    const text = this.text;
    const p = this.pos;
    const letter = text.charCodeAt(p + 1);
    if (
      this.pendingClose ||
      text.charCodeAt(p) !== 0x3c /* < */ ||
      text.charCodeAt(p + 2) !== 0x3e /* > */ ||
      (letter | 0x20) < 0x61 ||
      (letter | 0x20) > 0x7a
    ) {
      return -1;
    }
    const start = p + 3;
    const lt = text.indexOf("<", start);
    if (
      lt < 0 ||
      text.charCodeAt(lt + 1) !== 0x2f /* / */ ||
      text.charCodeAt(lt + 2) !== letter ||
      text.charCodeAt(lt + 3) !== 0x3e ||
      this.qnames.length === 0 ||
      this.qnames.length >= this.options.maxDepth
    ) {
      return -1;
    }
    const tokens = lt === start ? 2 : 3; // no TEXT token when it is empty
    this.tokens += tokens;
    if (this.tokens % TICK_EVERY < tokens) this.options.tick?.();
    this.pos = lt + 4;
    this.textStart = start;
    this.textEnd = lt;
    this.cdata = false;
    this.attrCount = 0;
    this.selfClosing = false;
    this.name = String.fromCharCode(letter);
    this.depth = this.qnames.length + 1;
    return letter;
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
      // Most values are short: a loop beats a search, up to a point.
      let valueEnd = p + 1;
      const searchFrom = Math.min(p + 9, text.length);
      while (valueEnd < searchFrom && text.charCodeAt(valueEnd) !== quote) valueEnd++;
      if (valueEnd === searchFrom) {
        valueEnd = text.indexOf(quote === 0x22 ? '"' : "'", valueEnd);
        if (valueEnd < 0) throw this.damaged(`the tag <${qname}> is not closed`);
      }
      const i = this.attrCount++;
      let attrs = this.attrs;
      if (i * 5 + 5 > attrs.length) {
        attrs = new Int32Array(attrs.length * 2);
        attrs.set(this.attrs);
        this.attrs = attrs;
      }
      attrs[i * 5] = nameStart;
      attrs[i * 5 + 1] = localStart;
      attrs[i * 5 + 2] = nameEnd;
      attrs[i * 5 + 3] = p + 1;
      attrs[i * 5 + 4] = valueEnd;
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
    const top = this.qnames[this.qnames.length - 1];
    let gt = top === undefined ? -1 : lt + 2 + top.length;
    // Nearly always `</name>` just as it opened (a name holds no ">": that is the first one).
    if (top === undefined || text.charCodeAt(gt) !== 0x3e || !text.startsWith(top, lt + 2)) {
      gt = text.indexOf(">", lt + 2);
      if (gt < 0) throw this.damaged("an end tag is cut short");
      if (
        top === undefined ||
        !text.startsWith(top, lt + 2) ||
        text.slice(lt + 2 + top.length, gt).trim() !== ""
      ) {
        throw this.damaged(
          `</${text.slice(lt + 2, gt).trim()}> does not close ${top === undefined ? "anything" : `<${top}>`}`,
        );
      }
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
    if (start < this.ampFrom || start > this.ampAt) {
      const at = text.indexOf("&", start);
      this.ampAt = at < 0 ? text.length : at;
    }
    this.ampFrom = start;
    let raw: string;
    if (this.bytes) {
      if (start < this.oddFrom || start > this.oddAt) {
        const at = text.indexOf(NON_ASCII_CHAR, start);
        this.oddAt = at < 0 ? text.length : at;
      }
      this.oddFrom = start;
      raw = this.oddAt < end ? this.utf8Text(start, end) : text.slice(start, end);
    } else {
      raw = text.slice(start, end);
    }
    return this.ampAt < end ? decodeXmlEntities(raw) : raw;
  }

  /**
   * The text between two positions, some of it not ASCII, decoded from its bytes. The ASCII runs
   * are taken from the scanned text and the characters of two or three bytes are decoded here
   * (decoding only those is faster than decoding every byte again); anything else (four bytes,
   * malformed bytes, a byte order mark first) goes to the decoder, whose answer it is.
   */
  private utf8Text(start: number, end: number): string {
    const text = this.text;
    const bytes = this.bytes!;
    const offset = this.offset;
    let out = "";
    let from = start; // start of the ASCII run not yet copied
    for (let i = this.oddAt; i < end; i = text.indexOf(NON_ASCII_CHAR, i)) {
      if (i < 0) break;
      let b = bytes[i + offset]!;
      if (b < 0x80) {
        i++; // a U+007F in the text
        continue;
      }
      if (i > from) out += text.slice(from, i);
      for (; i < end && b >= 0x80; b = bytes[i + offset]!) {
        let code: number;
        if (b >= 0xc2 && b <= 0xdf && i + 1 < end) {
          const b1 = bytes[i + offset + 1]!;
          if ((b1 & 0xc0) !== 0x80) return this.decodeBytes(start, end);
          code = ((b & 0x1f) << 6) | (b1 & 0x3f);
          i += 2;
        } else if (b >= 0xe0 && b <= 0xef && i + 2 < end) {
          const b1 = bytes[i + offset + 1]!;
          const b2 = bytes[i + offset + 2]!;
          if ((b1 & 0xc0) !== 0x80 || (b2 & 0xc0) !== 0x80) return this.decodeBytes(start, end);
          code = ((b & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
          // Overlong forms, surrogates and a leading byte order mark are the decoder's to judge.
          if (
            code < 0x800 ||
            (code >= 0xd800 && code <= 0xdfff) ||
            (code === 0xfeff && i === start)
          ) {
            return this.decodeBytes(start, end);
          }
          i += 3;
        } else {
          return this.decodeBytes(start, end);
        }
        out += String.fromCharCode(code);
      }
      from = i;
    }
    return from === start ? this.decodeBytes(start, end) : out + text.slice(from, end);
  }

  private decodeBytes(start: number, end: number): string {
    return utf8.decode(this.bytes!.subarray(start + this.offset, end + this.offset));
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
