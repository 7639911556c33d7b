import { strToU8 } from "fflate";
import { XlsxError } from "../../src/xlsx";
import { CLOSE, END, OPEN, TEXT, XmlScanner } from "../../src/xlsx/xmlScanner";

/** Every token of a part as text: "<name a=v>", "</name>", or the text. */
function tokens(bytes: Uint8Array, attributes: readonly string[] = []): string[] {
  const s = XmlScanner.fromBytes(bytes, "test.xml", { maxDepth: 64 });
  const out: string[] = [];
  for (let t = s.next(); t !== END; t = s.next()) {
    if (t === OPEN) {
      const attrs = attributes
        .map((a) => [a, s.attr(a)] as const)
        .filter(([, v]) => v !== undefined)
        .map(([a, v]) => ` ${a}=${v}`);
      out.push(`<${s.name}${attrs.join("")}>`);
    } else if (t === CLOSE) out.push(`</${s.name}>`);
    else if (t === TEXT) out.push(s.textValue());
  }
  return out;
}

describe("XmlScanner", () => {
  it("decodes non-ASCII text, attributes and CDATA, rare or frequent, with entities", () => {
    const rare = `<?xml version="1.0"?><x:a xmlns:x="urn:x" name="评估 &amp; more"><b>${"ascii ".repeat(200)}</b><c r="A1">和平区 &lt;1&gt; &#x4E2D;</c><d><![CDATA[东京 & <raw>]]></d></x:a>`;
    const frequent = `<a name="评估"><b>${"中文".repeat(500)}</b><c>é&amp;ü</c></a>`;
    expect(tokens(strToU8(rare), ["name", "r"])).toEqual([
      "<a name=评估 & more>",
      "<b>",
      "ascii ".repeat(200),
      "</b>",
      "<c r=A1>",
      "和平区 <1> 中",
      "</c>",
      "<d>",
      "东京 & <raw>",
      "</d>",
      "</a>",
    ]);
    expect(tokens(strToU8(frequent), ["name"])).toEqual([
      "<a name=评估>",
      "<b>",
      "中文".repeat(500),
      "</b>",
      "<c>",
      "é&ü",
      "</c>",
      "</a>",
    ]);
  });

  it("honours byte order marks (UTF-8, UTF-16LE) and ignores xmlns when asked for attributes", () => {
    const xml = '<a xmlns="urn:a" xmlns:r="urn:r" r:id="rId1">区</a>';
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8(xml)]);
    expect(tokens(utf8, ["id", "r", "xmlns"])).toEqual(["<a id=rId1>", "区", "</a>"]);
    const utf16 = new Uint8Array(2 + xml.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < xml.length; i++) {
      utf16[2 + 2 * i] = xml.charCodeAt(i) & 0xff;
      utf16[3 + 2 * i] = xml.charCodeAt(i) >> 8;
    }
    expect(tokens(utf16, ["id"])).toEqual(["<a id=rId1>", "区", "</a>"]);
  });

  it("refuses markup that does not nest or close, with the line", () => {
    for (const bad of [
      "<a><b></a>",
      "<a>",
      "<a b=1/>",
      '<a b="1>',
      "</a>",
      "",
      "<a/><b/>",
      "<a><!-- x</a>",
    ]) {
      const error = (() => {
        try {
          tokens(strToU8(bad));
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(XlsxError);
      expect((error as XlsxError).message).toMatch(/test\.xml is truncated or damaged \(line 1: /);
    }
  });
});
