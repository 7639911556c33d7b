import { nodeInflateRaw } from "../../src/cli/nodeInflate";
import { constants, deflateRawSync } from "node:zlib";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { BUILTIN_PACK } from "../../src/model";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { DEFAULT_READ_LIMITS, readXlsx, writeXlsx, XlsxError } from "../../src/xlsx";
import type { ReadXlsxOptions } from "../../src/xlsx";
import { cell, sheetPlan } from "./helpers";

const MB = 1024 * 1024;

/** Runs `read` and returns the XlsxError it throws. */
function errorOf(read: () => unknown): XlsxError {
  try {
    read();
  } catch (error) {
    if (error instanceof XlsxError) return error;
    throw new Error(`expected an XlsxError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected an XlsxError, got none");
}

/** A small workbook as writeXlsx writes it, as text parts to edit. */
function parts(cells = [cell("A1", { value: "hello" }), cell("B2", { value: 2 })]) {
  const bytes = writeXlsx({ sheets: [sheetPlan({ name: "Sheet 1", cells })] });
  const result: Record<string, string> = {};
  for (const [name, data] of Object.entries(unzipSync(bytes))) result[name] = strFromU8(data);
  return result;
}

function zip(text: Record<string, string>): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, value] of Object.entries(text)) files[name] = strToU8(value);
  return zipSync(files);
}

const SHEET = "xl/worksheets/sheet1.xml";

/** The parts with extra XML put just before `</sheetData>` of the first sheet. */
function withRows(rows: string): Record<string, string> {
  const p = parts();
  p[SHEET] = p[SHEET]!.replace("</sheetData>", `${rows}</sheetData>`);
  return p;
}

function expectLimit(
  bytes: Uint8Array,
  options: ReadXlsxOptions,
  limit: string,
  message: RegExp,
): XlsxError {
  const error = errorOf(() => readXlsx(bytes, options));
  expect(error.code).toBe("LIMIT");
  expect(error.params.limit).toBe(limit);
  expect(Number(error.params.value)).toBeGreaterThan(Number(error.params.max));
  expect(error.message).toMatch(message);
  return error;
}

/**
 * A zip written by hand: each entry's data already compressed (method 8, raw deflate) or stored
 * (method 0), with whatever inflated size its headers should claim. CRCs are left 0: the reader
 * does not need them, and a crafted file would not get them right either.
 */
function craftZip(
  entries: readonly { name: string; data: Uint8Array; method: 0 | 8; claimedSize: number }[],
): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = strToU8(entry.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, entry.method, true);
    lv.setUint32(18, entry.data.length, true);
    lv.setUint32(22, entry.claimedSize, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const header = new Uint8Array(46 + name.length);
    const cv = new DataView(header.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, entry.method, true);
    cv.setUint32(20, entry.data.length, true);
    cv.setUint32(24, entry.claimedSize, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    header.set(name, 46);
    chunks.push(local, entry.data);
    central.push(header);
    offset += local.length + entry.data.length;
  }
  const centralSize = central.reduce((sum, c) => sum + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  const all = [...chunks, ...central, end];
  const out = new Uint8Array(all.reduce((sum, c) => sum + c.length, 0));
  let p = 0;
  for (const c of all) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

/**
 * Raw deflate data that inflates to `prefix` followed by `megabytes` MB of spaces, built from one
 * compressed megabyte repeated (each piece ends with a sync flush, so pieces concatenate), so
 * that the test never holds the inflated bytes itself.
 */
function deflateBomb(prefix: string, megabytes: number): Uint8Array {
  const flush = { finishFlush: constants.Z_SYNC_FLUSH, level: 9 };
  const head = deflateRawSync(Buffer.from(prefix), flush);
  const piece = deflateRawSync(Buffer.alloc(MB, 0x20), flush);
  const tail = Buffer.from([0x03, 0x00]); // an empty final block
  const out = new Uint8Array(head.length + piece.length * megabytes + tail.length);
  out.set(head, 0);
  for (let i = 0; i < megabytes; i++) out.set(piece, head.length + i * piece.length);
  out.set(tail, out.length - tail.length);
  return out;
}

/** A workbook's parts as crafted zip entries, deflated honestly, plus the extra entries given. */
function craftWorkbook(
  text: Record<string, string>,
  extra: { name: string; data: Uint8Array; method: 0 | 8; claimedSize: number }[],
): Uint8Array {
  const entries = Object.entries(text)
    .filter(([name]) => !extra.some((e) => e.name === name))
    .map(([name, value]) => {
      const raw = Buffer.from(value);
      return { name, data: deflateRawSync(raw), method: 8 as const, claimedSize: raw.length };
    });
  return craftZip([...entries, ...extra]);
}

describe("readXlsx limits: each one refuses the file with its code, while reading", () => {
  it("has defaults far above a return's size, and reads a return within them", () => {
    expect(DEFAULT_READ_LIMITS).toMatchObject({ partBytes: 16 * MB, cells: 100_000 });
    expect(readXlsx(zip(parts())).sheets[0]!.cells.size).toBe(2);
  });

  it("cells: counts every <c>, and names the sheet", () => {
    const rows = Array.from(
      { length: 20 },
      (_, i) => `<row r="${i + 10}"><c r="A${i + 10}"><v>1</v></c></row>`,
    );
    const bytes = zip(withRows(rows.join("")));
    expect(readXlsx(bytes, { limits: { cells: 22 } }).sheets[0]!.cells.size).toBe(22);
    const error = expectLimit(
      bytes,
      { limits: { cells: 21 } },
      "cells",
      /more than 21 cells \(the cell limit\), in sheet "Sheet 1"/,
    );
    expect(error.params).toEqual({ limit: "cells", value: 22, max: 21, where: 'sheet "Sheet 1"' });
  });

  it("sharedStrings: items of the shared string table", () => {
    const many = Array.from({ length: 10 }, (_, i) => cell(`A${i + 1}`, { value: `text ${i}` }));
    expectLimit(
      zip(parts(many)),
      { limits: { sharedStrings: 5 } },
      "sharedStrings",
      /more than 5 shared strings/,
    );
  });

  it("stringLength: a shared string, an inline string, a formula, a name", () => {
    const long = "x".repeat(40_000);
    const shared = parts([cell("A1", { value: "short" })]);
    shared["xl/sharedStrings.xml"] = shared["xl/sharedStrings.xml"]!.replace("short", long);
    expectLimit(
      zip(shared),
      {},
      "stringLength",
      /longer than 32,767 characters \(the string length limit\)/,
    );
    const inline = withRows(`<row r="9"><c r="A9" t="inlineStr"><is><t>${long}</t></is></c></row>`);
    expectLimit(zip(inline), {}, "stringLength", /sheet "Sheet 1", cell A9/);
    const formula = withRows(`<row r="9"><c r="A9"><f>${"1+".repeat(20_000)}1</f></c></row>`);
    expectLimit(zip(formula), {}, "stringLength", /cell A9/);
    const name = parts();
    name["xl/workbook.xml"] = name["xl/workbook.xml"]!.replace(
      "</workbook>",
      `<definedNames><definedName name="Long">${long}</definedName></definedNames></workbook>`,
    );
    expectLimit(zip(name), {}, "stringLength", /xl\/workbook\.xml/);
  });

  it("depth: elements nested deeper than allowed, without recursion however deep", () => {
    const deep = (n: number) => `${"<x>".repeat(n)}${"</x>".repeat(n)}`;
    expectLimit(
      zip(withRows(`<row r="9"><c r="A9"><v>1</v>${deep(100)}</c></row>`)),
      {},
      "depth",
      /xl\/worksheets\/sheet1\.xml nests elements more than 64 deep/,
    );
    // 200,000 levels with the limit lifted: read (and the stray elements ignored), no stack overflow.
    const grid = readXlsx(
      zip(withRows(`<row r="9"><c r="A9"><v>1</v>${deep(200_000)}</c></row>`)),
      {
        limits: { depth: 300_000 },
      },
    );
    expect(grid.sheets[0]!.cells.get("8,0")!.value).toBe(1);
  });

  it("sheets and ranges (merges, validation ranges, names)", () => {
    const two = writeXlsx({
      sheets: [sheetPlan({ name: "A" }), sheetPlan({ name: "B" })],
    });
    expectLimit(two, { limits: { sheets: 1 } }, "sheets", /more than 1 sheets \(the sheet limit\)/);
    const merges = parts();
    merges[SHEET] = merges[SHEET]!.replace(
      "</sheetData>",
      `</sheetData><mergeCells count="3"><mergeCell ref="A1:B1"/><mergeCell ref="A2:B2"/><mergeCell ref="A3:B3"/></mergeCells>`,
    );
    expectLimit(zip(merges), { limits: { ranges: 2 } }, "ranges", /merged ranges/);
  });

  it("partBytes and totalBytes: the bytes really inflated, whatever the header claims", () => {
    const p = withRows(`<row r="9"><c r="A9"><v>1</v></c></row>${" ".repeat(300_000)}`);
    expectLimit(
      zip(p),
      { limits: { partBytes: 100_000 } },
      "partBytes",
      /The part xl\/worksheets\/sheet1\.xml inflates to more than 97\.7 KB \(the size limit for one part\)/,
    );
    expectLimit(zip(p), { limits: { totalBytes: 200_000 } }, "totalBytes", /in all/);
    // A header that claims more than the limit is refused before anything is inflated.
    const claims = craftWorkbook(parts(), [
      {
        name: SHEET,
        data: deflateRawSync(Buffer.from(parts()[SHEET]!)),
        method: 8,
        claimedSize: 20 * MB,
      },
    ]);
    expectLimit(claims, {}, "partBytes", /more than 16 MB/);
    // A stored (uncompressed) part is held to the same limit.
    const stored = craftWorkbook(parts(), [
      { name: SHEET, data: strToU8(p[SHEET]!), method: 0, claimedSize: p[SHEET]!.length },
    ]);
    expectLimit(stored, { limits: { partBytes: 100_000 } }, "partBytes", /sheet1\.xml/);
  });

  it("stops a part that claims 90 KB but inflates to 300 MB early, in little memory", () => {
    const sheet = parts()[SHEET]!;
    const bomb = deflateBomb(sheet.slice(0, sheet.indexOf("<sheetData>") + 11), 300);
    expect(bomb.length).toBeLessThan(400_000);
    const bytes = craftWorkbook(parts(), [
      { name: SHEET, data: bomb, method: 8, claimedSize: 90_000 },
    ]);
    global.gc?.();
    const before = process.memoryUsage();
    const started = performance.now();
    const error = expectLimit(bytes, {}, "partBytes", /sheet1\.xml inflates to more than 16 MB/);
    const ms = performance.now() - started;
    const after = process.memoryUsage();
    // Stopped within one inflated chunk of the limit: ~16 MB of 300 MB.
    expect(Number(error.params.value)).toBeLessThan(16 * MB + 20 * MB);
    expect(ms).toBeLessThan(2_000);
    // What it holds afterwards (before any GC) is tens of MB at most, not 300 MB.
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(80 * MB);
    expect(after.rss - before.rss).toBeLessThan(150 * MB);
    // A bomb small enough to be tried in one go (under 64 KB compressed) is caught as well.
    const smallBomb = deflateBomb(sheet.slice(0, sheet.indexOf("<sheetData>") + 11), 50);
    expect(smallBomb.length).toBeLessThan(64 * 1024);
    const quick = craftWorkbook(parts(), [
      { name: SHEET, data: smallBomb, method: 8, claimedSize: 90_000 },
    ]);
    expectLimit(quick, {}, "partBytes", /sheet1\.xml inflates to more than 16 MB/);
    // A lower limit stops it sooner.
    const small = expectLimit(bytes, { limits: { partBytes: MB } }, "partBytes", /1 MB/);
    expect(Number(small.params.value)).toBeLessThan(MB + 20 * MB);
  });

  it("holds the same byte limits with Node's zlib as the inflater (as the CLI reads)", () => {
    const native = { inflateRaw: nodeInflateRaw };
    const sheet = parts()[SHEET]!;
    const bomb = deflateBomb(sheet.slice(0, sheet.indexOf("<sheetData>") + 11), 300);
    const bytes = craftWorkbook(parts(), [
      { name: SHEET, data: bomb, method: 8, claimedSize: 90_000 },
    ]);
    global.gc?.();
    const before = process.memoryUsage();
    expectLimit(bytes, native, "partBytes", /sheet1\.xml inflates to more than 16 MB/);
    expect(process.memoryUsage().arrayBuffers - before.arrayBuffers).toBeLessThan(80 * MB);
    const p = withRows(`<row r="9"><c r="A9"><v>1</v></c></row>${" ".repeat(300_000)}`);
    expectLimit(zip(p), { ...native, limits: { partBytes: 100_000 } }, "partBytes", /97\.7 KB/);
    expectLimit(zip(p), { ...native, limits: { totalBytes: 200_000 } }, "totalBytes", /in all/);
    // Damaged deflate data is a damaged file, as with the built-in inflater.
    const damaged = craftWorkbook(parts(), [
      { name: SHEET, data: new Uint8Array([0xff, 0xff, 0xff, 0xff]), method: 8, claimedSize: 10 },
    ]);
    expect(errorOf(() => readXlsx(damaged, native)).code).toBe("DAMAGED");
    expect(errorOf(() => readXlsx(damaged)).code).toBe("DAMAGED");
    // And a good workbook reads the same either way.
    expect(readXlsx(zip(withRows("")), native)).toEqual(readXlsx(zip(withRows(""))));
  });

  it("never inflates parts a grid does not need: a 1 GB media file or drawing costs nothing", () => {
    const bombs = [
      {
        name: "xl/media/image1.png",
        data: deflateBomb("", 1024),
        method: 8 as const,
        claimedSize: 1000,
      },
      {
        name: "xl/drawings/drawing1.xml",
        data: deflateBomb("<xdr:wsDr>", 1024),
        method: 8 as const,
        claimedSize: 1000,
      },
    ];
    const bytes = craftWorkbook(parts(), bombs);
    const started = performance.now();
    // Were either inflated, a 64 KB total would refuse the file at once.
    const grid = readXlsx(bytes, { limits: { totalBytes: 64 * 1024 } });
    expect(performance.now() - started).toBeLessThan(500);
    expect(grid.sheets[0]!.cells.get("0,0")!.value).toBe("hello");
  });

  it("refuses a DTD anywhere in a part", () => {
    const prolog = parts();
    prolog["xl/sharedStrings.xml"] = prolog["xl/sharedStrings.xml"]!.replace(
      "<sst",
      '<!DOCTYPE sst [<!ENTITY lol "lol">]><sst',
    );
    const inside = withRows('<!DOCTYPE x [<!ENTITY a "a">]>');
    for (const p of [prolog, inside]) {
      const error = errorOf(() => readXlsx(zip(p)));
      expect(error.code).toBe("DAMAGED");
      expect(error.message).toMatch(/declares a DTD/);
    }
  });

  it("deadline: stops with TIMEOUT before reading, or while scanning a large sheet", () => {
    const error = errorOf(() => readXlsx(zip(parts()), { deadline: Date.now() - 1 }));
    expect(error.code).toBe("TIMEOUT");
    expect(error.message).toMatch(/longer than the time allowed/);

    const rows = Array.from(
      { length: 20_000 },
      (_, i) => `<row r="${i + 10}"><c r="A${i + 10}"><v>1</v></c></row>`,
    );
    const bytes = zip(withRows(rows.join("")));
    let calls = 0;
    const now = jest.spyOn(Date, "now").mockImplementation(() => (++calls > 5 ? 2_000 : 1_000));
    try {
      const late = errorOf(() => readXlsx(bytes, { deadline: 1_500 }));
      expect(late.code).toBe("TIMEOUT");
      expect(calls).toBeGreaterThan(5); // checked again and again while scanning
    } finally {
      now.mockRestore();
    }
  });
});

describe("a return with 130,000 cells outside the input area", () => {
  const { plan } = planWorkbook(BUILTIN_PACK, {
    language: "en-US",
    mode: "full",
    formulaStyle: "portable",
    districts: ["Heping"],
  });
  const p: Record<string, string> = {};
  for (const [name, data] of Object.entries(unzipSync(writeXlsx(plan)))) p[name] = strFromU8(data);
  const rows: string[] = [];
  for (let r = 200; r < 200 + 13_000; r++) {
    let row = `<row r="${r}">`;
    for (let c = 0; c < 10; c++) row += `<c r="${"AMNOPQRSTU"[c]}${r}"><v>${c}</v></c>`;
    rows.push(`${row}</row>`);
  }
  p[SHEET] = p[SHEET]!.replace("</sheetData>", `${rows.join("")}</sheetData>`);
  const bytes = zip(p);

  it("is refused by the cell limit with a clear message, by default", () => {
    expectLimit(
      bytes,
      {},
      "cells",
      /more than 100,000 cells \(the cell limit\), in sheet "Heping"/,
    );
  });

  it("is read without a stack overflow when the limit allows it", () => {
    const grid = readXlsx(bytes, { limits: { cells: 200_000 } });
    expect(grid.sheets[0]!.cells.size).toBeGreaterThan(130_000);
    expect(grid.sheets[0]!.cells.get("199,0")!.value).toBe(0);
  });
});
