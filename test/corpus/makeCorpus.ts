/**
 * A corpus of bad returns (and a few good ones) for the batch commands, generated into a folder
 * at test time. Each case says what `ctmm consolidate --json` must make of it: its status and a
 * fragment of the reason. Nothing here is committed but the generator.
 */
import { execFileSync } from "node:child_process";
import { linkSync, mkdirSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Language, AssessmentMode, ModelPack } from "../../src/model";
import { BUILTIN_PACK, listItems, loadPack } from "../../src/model";
import { fillPlan } from "../../src/sheet/fillPlan";
import { cellKey } from "../../src/sheet/grid";
import type { CellPlan, SheetPlan, WorkbookPlan } from "../../src/sheet/plan";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { writeXlsx } from "../../src/xlsx";
import { builtinPackJson } from "../helpers/packs";
import { buildZip, concat, repeated, zipEntries } from "./zip";
import type { ZipEntry } from "./zip";

export type CorpusStatus = "ok" | "findings" | "unreadable" | "duplicate";

export interface CorpusCase {
  /** The argument given to the command (relative to the corpus folder). */
  readonly arg: string;
  readonly kind: string;
  /** What the summary row says; several where the reader may reasonably take either way. */
  readonly status: CorpusStatus | readonly CorpusStatus[];
  /** A fragment of the problem (unreadable) or a finding code (findings). */
  readonly reason?: RegExp;
  /** For good returns: the overall level they must be scored at. */
  readonly level?: number;
}

const ITEM_IDS = listItems(BUILTIN_PACK).map((p) => p.item.id as string);
const MB = 1024 * 1024;

/** A filled return as plan and bytes: every item rated `row`. */
function filled(
  options: {
    language?: Language;
    mode?: AssessmentMode;
    district?: string;
    row?: readonly unknown[];
    pack?: ModelPack;
  } = {},
): { plan: WorkbookPlan; sheet: SheetPlan } {
  const mode = options.mode ?? "full";
  const district = options.district ?? "Heping";
  const { plan, sheets } = planWorkbook(options.pack ?? BUILTIN_PACK, {
    language: options.language ?? "en-US",
    mode,
    formulaStyle: "portable",
    districts: [district],
  });
  const row = options.row ?? (mode === "full" ? [1, 1, 0.8, 0.5, 0] : [3]);
  const done = fillPlan(plan, sheets[0]!, {
    ratings: new Map(ITEM_IDS.map((id) => [id, row])),
    evidence: new Map(ITEM_IDS.map((id) => [id, "report"])),
    header: { district, date: "2026-11-25", assessor: "Zhang San" },
  });
  return { plan: done, sheet: done.sheets.find((s) => s.name === district)! };
}

/** The plan with one sheet changed. */
function withSheet(plan: WorkbookPlan, name: string, change: (s: SheetPlan) => SheetPlan) {
  return { ...plan, sheets: plan.sheets.map((s) => (s.name === name ? change(s) : s)) };
}

function range(sheet: SheetPlan, name: string) {
  return sheet.names.find((n) => n.name === name)!.range;
}

/** A good return's parts with some replaced (or removed, with null), zipped again. */
function rezip(
  good: Uint8Array,
  replace: Record<string, Uint8Array | ZipEntry["data"] | null>,
  extra: ZipEntry[] = [],
): Uint8Array {
  const entries: ZipEntry[] = [];
  for (const [name, data] of zipEntries(good)) {
    if (name in replace) {
      const replacement = replace[name];
      if (replacement !== null && replacement !== undefined)
        entries.push({ name, data: replacement });
    } else entries.push({ name, data });
  }
  return buildZip([...entries, ...extra]);
}

const text = (s: string) => new TextEncoder().encode(s);

/** A sheet part with `cells` numbers in one column, far from the template (rows 1000 on). */
function sheetWithCells(sheetXml: string, cells: number): Uint8Array[] {
  const rows: string[] = [];
  for (let i = 0; i < cells; i++)
    rows.push(`<row r="${1000 + i}"><c r="Z${1000 + i}"><v>${i}</v></c></row>`);
  const end = sheetXml.indexOf("</sheetData>");
  return [text(sheetXml.slice(0, end)), text(rows.join("")), text(sheetXml.slice(end))];
}

/**
 * Writes the corpus into `dir` and returns its cases in the order they are given to the command.
 * About 120 bad files and 4 good returns; it takes a few seconds.
 */
export function makeCorpus(dir: string): CorpusCase[] {
  mkdirSync(dir, { recursive: true });
  const cases: CorpusCase[] = [];
  const put = (name: string, bytes: Uint8Array | string, c: Omit<CorpusCase, "arg">) => {
    writeFileSync(join(dir, name), bytes);
    cases.push({ arg: name, ...c });
  };

  // Good returns: both languages, both modes.
  const goods = [
    { name: "good-en-full.xlsx", language: "en-US", mode: "full", level: 3 },
    { name: "good-zh-full.xlsx", language: "zh-CN", mode: "full", level: 3 },
    { name: "good-en-quick.xlsx", language: "en-US", mode: "quick", level: 3 },
    { name: "good-zh-quick.xlsx", language: "zh-CN", mode: "quick", level: 3 },
  ] as const;
  const goodBytes = new Map<string, Uint8Array>();
  for (const g of goods) {
    const bytes = writeXlsx(
      filled({ language: g.language, mode: g.mode, district: g.name.slice(5, -5) }).plan,
    );
    goodBytes.set(g.name, bytes);
    put(g.name, bytes, { kind: "good return", status: "ok", level: g.level });
  }
  const good = goodBytes.get("good-en-full.xlsx")!;
  const parts = zipEntries(good);
  const sheetPart = [...parts.keys()].find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))!;
  const sheetXml = new TextDecoder().decode(parts.get(sheetPart)!);

  // Not a zip at all.
  put("empty.xlsx", "", {
    kind: "empty file",
    status: "unreadable",
    reason: /not an \.xlsx|not a zip/i,
  });
  put("text.xlsx", "district,level\nHeping,3\n", {
    kind: "not a zip",
    status: "unreadable",
    reason: /not a zip/i,
  });
  put("pdf.xlsx", "%PDF-1.7\n" + "x".repeat(500), {
    kind: "not a zip",
    status: "unreadable",
    reason: /not a zip/i,
  });
  put(
    "legacy.xls.xlsx",
    concat([
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      new Uint8Array(4096),
    ]),
    { kind: "legacy .xls / encrypted", status: "unreadable", reason: /legacy \.xls|password/i },
  );
  put("pk-only.xlsx", "PK\u0003\u0004", { kind: "zip magic only", status: "unreadable" });

  // Truncated at many offsets.
  const offsets = [22, 64, 100, 200, 400, 700, 1000, 1500, 2000, 3000, 4000, 5000, 6500, 8000];
  for (let f = 0.1; f < 0.99; f += 0.03) offsets.push(Math.floor(good.length * f));
  offsets.push(good.length - 22, good.length - 10, good.length - 1);
  for (const offset of [...new Set(offsets)].sort((a, b) => a - b))
    put(`truncated-${String(offset).padStart(6, "0")}.xlsx`, good.slice(0, offset), {
      kind: "truncated zip",
      status: "unreadable",
    });

  // Zips that are not workbooks.
  put("zip-no-workbook.xlsx", buildZip([{ name: "[Content_Types].xml", data: text("<Types/>") }]), {
    kind: "zip without workbook",
    status: "unreadable",
    reason: /not an Excel workbook|not a workbook|workbook/i,
  });
  put(
    "docx.xlsx",
    buildZip([
      { name: "[Content_Types].xml", data: text("<Types/>") },
      { name: "word/document.xml", data: text("<w:document/>") },
    ]),
    { kind: "zip without workbook (.docx)", status: "unreadable" },
  );
  put("workbook-missing-sheet.xlsx", rezip(good, { [sheetPart]: null }), {
    kind: "workbook with a part missing",
    status: "unreadable",
  });
  put("sheet-not-xml.xlsx", rezip(good, { [sheetPart]: text("<worksheet><sheetData><row") }), {
    kind: "damaged sheet XML",
    status: "unreadable",
  });

  // Foreign workbooks: readable, but no CTMM sheet.
  const foreign: WorkbookPlan = {
    sheets: [
      {
        ...filled().sheet,
        name: "Budget",
        cells: [{ row: 0, column: 0, value: "Budget 2026" }],
        names: [],
        validations: [],
        conditionalFormats: [],
        merges: [],
        protect: false,
        charts: [],
      },
    ],
    title: "Budget",
  } as unknown as WorkbookPlan;
  put("foreign.xlsx", writeXlsx(foreign), {
    kind: "foreign xlsx",
    status: "unreadable",
    reason: /no CTMM assessment sheet/,
  });
  put("foreign-rezipped.xlsx", rezip(writeXlsx(foreign), {}), {
    kind: "foreign xlsx",
    status: "unreadable",
    reason: /no CTMM assessment sheet/,
  });

  // Tampered returns: readable, scored, with findings.
  const base = filled();
  const tamper = (
    name: string,
    kind: string,
    reason: RegExp,
    change: (s: SheetPlan) => SheetPlan,
  ) =>
    put(name, writeXlsx(withSheet(base.plan, base.sheet.name, change)), {
      kind,
      status: "findings",
      reason,
    });
  const formulaCells = base.sheet.cells.filter((c) => c.formula !== undefined);
  for (const [i, at] of [
    0,
    7,
    Math.floor(formulaCells.length / 2),
    formulaCells.length - 1,
  ].entries()) {
    const target = formulaCells[at]!;
    tamper(`tampered-formula-${i}.xlsx`, "formula changed", /CELL_CHANGED/, (s) => ({
      ...s,
      cells: s.cells.map((c) => (c === target ? { ...c, formula: "1+1" } : c)),
    }));
  }
  for (const name of ["CTMM_Weights", "CTMM_OverallScore", "CTMM_DomainLevels"])
    tamper(`name-removed-${name}.xlsx`, "name removed", /NAME_MISSING/, (s) => ({
      ...s,
      names: s.names.filter((n) => n.name !== name),
    }));
  for (const name of ["CTMM_OverallLevel", "CTMM_DomainScores"])
    tamper(`name-moved-${name}.xlsx`, "name moved", /NAME_MOVED/, (s) => ({
      ...s,
      names: s.names.map((n) =>
        n.name === name
          ? { ...n, range: { ...n.range, top: n.range.top + 3, bottom: n.range.bottom + 3 } }
          : n,
      ),
    }));
  {
    // Rows inserted: every cell from the second item row down moves one row lower.
    const ids = range(base.sheet, "CTMM_ItemIds");
    const shift = <T extends { top: number; bottom: number }>(r: T): T =>
      r.top > ids.top ? { ...r, top: r.top + 1, bottom: r.bottom + 1 } : r;
    tamper("rows-inserted.xlsx", "rows inserted", /ROWS_CHANGED|NAME_MOVED|CELL_CHANGED/, (s) => ({
      ...s,
      cells: s.cells.map((c) => (c.row > ids.top ? { ...c, row: c.row + 1 } : c)),
      merges: s.merges.map(shift),
      names: s.names.map((n) => ({ ...n, range: shift(n.range) })),
      conditionalFormats: [],
      validations: [],
      rows: [],
    }));
    // Rows swapped: two item ids trade places.
    tamper("rows-swapped.xlsx", "rows moved", /ROWS_CHANGED/, (s) => ({
      ...s,
      cells: s.cells.map((c) =>
        c.column === ids.left && c.row === ids.top
          ? { ...c, value: ITEM_IDS[1] }
          : c.column === ids.left && c.row === ids.top + 1
            ? { ...c, value: ITEM_IDS[0] }
            : c,
      ),
    }));
  }
  // Without CTMM_Ratings the sheet cannot be read at all: reported, not scored.
  put(
    "name-ratings-removed.xlsx",
    writeXlsx(
      withSheet(base.plan, base.sheet.name, (s) => ({
        ...s,
        names: s.names.filter((n) => n.name !== "CTMM_Ratings"),
      })),
    ),
    { kind: "CTMM_Ratings removed", status: "unreadable", reason: /CTMM_Ratings/ },
  );
  const ratings = range(base.sheet, "CTMM_Ratings");
  const setRating = (
    s: SheetPlan,
    row: number,
    column: number,
    cell: Partial<CellPlan>,
  ): SheetPlan => {
    const key = cellKey(row, column);
    const rest = s.cells.filter((c) => cellKey(c.row, c.column) !== key);
    const old = s.cells.find((c) => cellKey(c.row, c.column) === key);
    return { ...s, cells: [...rest, { ...(old ?? {}), row, column, ...cell } as CellPlan] };
  };

  // Ratings off the scale, and formulas in rating cells: scored, with findings.
  for (const [i, value] of (["great", 7, -1, "1.5", "完全满足", "#N/A", "=1"] as const).entries())
    tamper(`rating-off-scale-${i}.xlsx`, "rating off the scale", /RATING_INVALID/, (s) =>
      setRating(s, ratings.top + i, ratings.left + (i % 5), { value }),
    );
  for (const [i, formula] of ["1", "0.8", "A1", "SUM(1,0)", 'IF(TRUE,"N/A",1)'].entries())
    tamper(
      `rating-formula-${i}.xlsx`,
      "formula in a rating cell",
      /RATING_FORMULA|RATING_INVALID/,
      (s) =>
        setRating(s, ratings.top + i * 3, ratings.left + (i % 5), { formula, value: undefined }),
    );
  {
    const quick = filled({ mode: "quick" });
    const r = range(quick.sheet, "CTMM_Ratings");
    put(
      "quick-level-7.xlsx",
      writeXlsx(
        withSheet(quick.plan, quick.sheet.name, (s) => setRating(s, r.top, r.left, { value: 7 })),
      ),
      { kind: "quick level off the scale", status: "findings", reason: /RATING_INVALID/ },
    );
  }

  // Another model version: read, but not scored against this pack.
  {
    const json = builtinPackJson();
    json.version = "9.9.9";
    put("other-model.xlsx", writeXlsx(filled({ pack: loadPack(json) }).plan), {
      kind: "other model version",
      status: "unreadable",
      reason: /9\.9\.9|version|model/i,
    });
  }

  // 130,000 cells outside the input area.
  put("cells-130k.xlsx", rezip(good, { [sheetPart]: () => sheetWithCells(sheetXml, 130_000) }), {
    kind: "130,000 cells outside the input area",
    // Past the reader's cell limit (100,000); below it, each cell would be a CELL_CHANGED.
    status: "unreadable",
    reason: /cell/i,
  });

  // Oversized parts and zip bombs.
  put(
    "huge-blank-sheet.xlsx",
    rezip(good, {
      [sheetPart]: () => [
        text(sheetXml.slice(0, sheetXml.indexOf("<sheetData>"))),
        ...repeated(" ", 80 * MB),
        text(sheetXml.slice(sheetXml.indexOf("<sheetData>"))),
      ],
    }),
    { kind: "huge blank sheet part", status: "unreadable", reason: /limit|large|MB|bytes/i },
  );
  put(
    "huge-shared-string.xlsx",
    rezip(good, {
      "xl/sharedStrings.xml": () => [
        text(
          '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>',
        ),
        ...repeated("A", 80 * MB),
        text("</t></si></sst>"),
      ],
    }),
    { kind: "huge shared string", status: "unreadable", reason: /limit|large|string|MB|bytes/i },
  );
  put(
    "bomb-media.xlsx",
    rezip(good, {}, [{ name: "xl/media/bomb.bin", data: () => repeated("\0", 100 * MB) }]),
    {
      kind: "zip bomb (100 MB entry beside the parts)",
      // Only the parts a grid needs are inflated: the bomb is never touched.
      status: "ok",
      level: 3,
    },
  );
  put("bomb-sheet.xlsx", rezip(good, { [sheetPart]: () => repeated("<!-- -->", 100 * MB) }), {
    kind: "zip bomb (100 MB sheet part)",
    status: "unreadable",
    reason: /limit|large|MB|bytes/i,
  });
  {
    // Lying headers: the sheet claims 2 KB but inflates to 100 MB; or claims 4 GB.
    const entries: ZipEntry[] = [...parts].map(([name, data]) =>
      name === sheetPart
        ? {
            name,
            data: () => [parts.get(sheetPart)!, ...repeated("<!-- -->", 100 * MB)],
            claimedSize: 2048,
          }
        : { name, data },
    );
    put("bomb-lying-size.xlsx", buildZip(entries), {
      kind: "zip bomb (lying header size)",
      status: "unreadable",
      reason: /limit|MB/,
    });
    const claimsHuge: ZipEntry[] = [...parts].map(([name, data]) =>
      name === sheetPart ? { name, data, claimedSize: 0xfffffff0 } : { name, data },
    );
    put("lying-size-4gb.xlsx", buildZip(claimsHuge), {
      kind: "lying header size (claims 4 GB)",
      status: "unreadable",
      reason: /limit|MB|large/,
    });
  }
  put(
    "many-entries.xlsx",
    rezip(
      good,
      {},
      Array.from({ length: 20_000 }, (_, i) => ({
        name: `xl/junk/${i}.xml`,
        data: text("<a/>"),
        stored: true,
      })),
    ),
    { kind: "20,000 zip entries", status: "ok", level: 3 },
  );

  // Deep nesting and entity expansion.
  put(
    "deep-nesting.xlsx",
    rezip(good, {
      [sheetPart]: () => [
        text(sheetXml.slice(0, sheetXml.indexOf("</sheetData>"))),
        ...repeated("<x>", 3 * 200_000),
        ...repeated("</x>", 4 * 200_000),
        text(sheetXml.slice(sheetXml.indexOf("</sheetData>"))),
      ],
    }),
    { kind: "deep nesting", status: "unreadable", reason: /nest|deep/i },
  );
  put(
    "deep-nesting-workbook.xlsx",
    rezip(good, {
      "xl/workbook.xml": () => [
        text('<?xml version="1.0"?>'),
        ...repeated("<a>", 3 * 500_000),
        ...repeated("</a>", 4 * 500_000),
      ],
    }),
    { kind: "deep nesting (workbook part)", status: "unreadable", reason: /nest|deep/i },
  );
  const laughs =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
    Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ""};`.repeat(10)}">`,
    ).join("") +
    "]>";
  put(
    "billion-laughs-strings.xlsx",
    rezip(good, {
      "xl/sharedStrings.xml": text(
        `${laughs}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>`,
      ),
    }),
    { kind: "billion laughs (shared strings)", status: "unreadable", reason: /DTD/ },
  );
  put(
    "billion-laughs-workbook.xlsx",
    rezip(good, {
      "xl/workbook.xml": text(
        new TextDecoder()
          .decode(parts.get("xl/workbook.xml")!)
          .replace(/^<\?xml[^>]*\?>/, laughs.replace("lolz", "workbook")),
      ),
    }),
    { kind: "billion laughs (workbook)", status: "unreadable", reason: /DTD/ },
  );
  put(
    "external-entity.xlsx",
    rezip(good, {
      "xl/sharedStrings.xml": text(
        '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&xxe;</t></si></sst>',
      ),
    }),
    { kind: "external entity", status: "unreadable", reason: /DTD/ },
  );

  // Over the size limit (a sparse file: nothing is written).
  writeFileSync(join(dir, "over-50mb.xlsx"), good);
  truncateSync(join(dir, "over-50mb.xlsx"), 60 * MB);
  cases.push({
    arg: "over-50mb.xlsx",
    kind: "file over 50 MB",
    status: "unreadable",
    reason: /50 MB|too large/i,
  });

  // Not regular files.
  mkdirSync(join(dir, "folder.xlsx"));
  cases.push({ arg: "folder.xlsx", kind: "directory", status: "unreadable", reason: /folder/ });
  execFileSync("mkfifo", [join(dir, "fifo.xlsx")]);
  cases.push({ arg: "fifo.xlsx", kind: "FIFO", status: "unreadable", reason: /FIFO/ });
  symlinkSync("/dev/zero", join(dir, "zero.xlsx"));
  cases.push({
    arg: "zero.xlsx",
    kind: "symlink to /dev/zero",
    status: "unreadable",
    reason: /device/,
  });
  symlinkSync("/dev/null", join(dir, "null.xlsx"));
  cases.push({
    arg: "null.xlsx",
    kind: "symlink to /dev/null",
    status: "unreadable",
    reason: /device/,
  });
  execFileSync("mkfifo", [join(dir, "fifo-target")]);
  symlinkSync(join(dir, "fifo-target"), join(dir, "link-to-fifo.xlsx"));
  cases.push({
    arg: "link-to-fifo.xlsx",
    kind: "symlink to a FIFO",
    status: "unreadable",
    reason: /FIFO/,
  });
  mkdirSync(join(dir, "folder-target"));
  symlinkSync(join(dir, "folder-target"), join(dir, "link-to-folder.xlsx"));
  cases.push({
    arg: "link-to-folder.xlsx",
    kind: "symlink to a directory",
    status: "unreadable",
    reason: /folder/,
  });
  symlinkSync(join(dir, "nowhere.xlsx"), join(dir, "dangling.xlsx"));
  cases.push({
    arg: "dangling.xlsx",
    kind: "dangling symlink",
    status: "unreadable",
    reason: /no such file/,
  });
  cases.push({
    arg: "missing.xlsx",
    kind: "missing file",
    status: "unreadable",
    reason: /no such file/,
  });
  cases.push({ arg: "/dev/urandom", kind: "device", status: "unreadable", reason: /device/ });

  // The same file again: by another path, a hard link and a symlink.
  cases.push({ arg: "./good-en-full.xlsx", kind: "same file twice (path)", status: "duplicate" });
  linkSync(join(dir, "good-zh-full.xlsx"), join(dir, "hardlink.xlsx"));
  cases.push({ arg: "hardlink.xlsx", kind: "same file twice (hard link)", status: "duplicate" });
  symlinkSync(join(dir, "good-en-quick.xlsx"), join(dir, "symlink.xlsx"));
  cases.push({ arg: "symlink.xlsx", kind: "same file twice (symlink)", status: "duplicate" });
  cases.push({ arg: "./fifo.xlsx", kind: "same FIFO twice", status: "duplicate" });
  cases.push({ arg: "/dev/zero", kind: "same device twice (link and path)", status: "duplicate" });

  // Names: control characters and formula-like text in names, a district name that is a formula.
  put("name-\u001b[31mred\u001b[0m.xlsx", good, {
    kind: "escape sequence in the file name",
    status: "ok",
    level: 3,
  });
  put("=cmd.xlsx", writeXlsx(filled({ district: '=HYPERLINK("http://x")' }).plan), {
    kind: "formula-like district and file name",
    status: "ok",
    level: 3,
  });
  // A name that is not UTF-8: Node cannot open it from the command line (it decodes arguments as
  // UTF-8), so it is reported as missing, never read as some other file.
  mkdirSync(join(dir, "weird"));
  writeFileSync(
    Buffer.concat([
      Buffer.from(join(dir, "weird", "b")),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(".xlsx"),
    ]),
    good,
  );
  return cases;
}
