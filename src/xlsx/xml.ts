/**
 * XML text helpers shared by the writer and the reader. SpreadsheetML strings (ST_Xstring) carry
 * characters that XML 1.0 cannot hold (control characters, lone surrogates) as `_xHHHH_`, and a
 * literal `_xHHHH_` in the text escapes its underscore as `_x005F_`.
 */

// XML 1.0 allows tab, LF, CR and everything from U+0020 except lone surrogates, U+FFFE and U+FFFF.
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what it finds
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const ST_XSTRING_ESCAPE = new RegExp(`_(?=x[0-9A-Fa-f]{4}_)|\\r|${NOT_XML_CHAR.source}`, "g");

function hex4(char: string): string {
  return char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
}

/**
 * Escapes text for an ST_Xstring: characters XML cannot carry become `_xHHHH_`, an underscore that
 * would read as such an escape becomes `_x005F_`. CR becomes `_x000D_` as Excel writes it, because
 * XML parsers turn a literal CR into LF.
 *
 * @example
 * escapeXstring("a\u0001b_x0041_"); // "a_x0001_b_x005F_x0041_"
 */
export function escapeXstring(text: string): string {
  return text.replace(ST_XSTRING_ESCAPE, (char) => `_x${hex4(char)}_`);
}

/** Undoes `escapeXstring`: `_x0041_` → "A". */
export function unescapeXstring(text: string): string {
  if (!text.includes("_x")) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_match, code: string) =>
    String.fromCharCode(parseInt(code, 16)),
  );
}

/** Escapes element text: &, < and >. */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (char) =>
    char === "&" ? "&amp;" : char === "<" ? "&lt;" : "&gt;",
  );
}

/** Escapes an attribute value for double quotes, keeping tabs and line breaks as references. */
export function escapeAttribute(text: string): string {
  return text.replace(/[&<>"\t\n\r]/g, (char) => ATTRIBUTE_ENTITIES[char]!);
}

const ATTRIBUTE_ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/** True when the text holds a character XML 1.0 cannot carry. */
export function hasNonXmlChar(text: string): boolean {
  return NOT_XML_CHAR.test(text);
}

/** The text without the characters XML 1.0 cannot carry (for parts that have no escape). */
export function stripNonXmlChars(text: string): string {
  return text.replace(new RegExp(NOT_XML_CHAR.source, "g"), "");
}

/** Decodes the five predefined entities and numeric character references. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(
    /&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g,
    (match, entity: string) => {
      switch (entity) {
        case "amp":
          return "&";
        case "lt":
          return "<";
        case "gt":
          return ">";
        case "quot":
          return '"';
        case "apos":
          return "'";
        default: {
          const code =
            entity[1] === "x" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
          return code <= 0x10ffff ? String.fromCodePoint(code) : match;
        }
      }
    },
  );
}
