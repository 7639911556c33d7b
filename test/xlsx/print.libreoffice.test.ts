import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AssessmentMode, Language } from "../../src/model";
import { BUILTIN_PACK, listItems } from "../../src/model";
import { refitRowHeights } from "../../src/sheet/rowHeights";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { SHEET_TEXT } from "../../src/sheet/sheetText";
import { writeXlsx } from "../../src/xlsx";
import { fillSheet, randomRow, seededRandom } from "../helpers/fill";
import { convertWithLibreOffice, PDF_TARGET } from "../helpers/libreoffice";

// A filled return as a district prints it: written by the .xlsx adapter, printed by LibreOffice.
const TEMPLATES: [Language, AssessmentMode][] = [
  ["zh-CN", "full"],
  ["zh-CN", "quick"],
  ["en-US", "full"],
  ["en-US", "quick"],
];

/** Evidence as districts write it: a reference for most items, a sentence for every third. */
const NOTES: Record<Language, { short: string; long: string }> = {
  "zh-CN": {
    short: "见附件",
    long: "已印发《城市数字化转型实施方案（2024—2026年）》，年度考核已纳入，见附件",
  },
  "en-US": {
    short: "See annex",
    long: "Implementation plan 2024-2026 issued by the city government; annual review included, see annex",
  },
};

interface Printed {
  readonly language: Language;
  readonly mode: AssessmentMode;
  readonly pdf: Uint8Array;
}

const printed: Printed[] = [];

beforeAll(async () => {
  const files = TEMPLATES.map(([language, mode], t) => {
    const { plan, sheets } = planWorkbook(BUILTIN_PACK, {
      language,
      mode,
      formulaStyle: "portable",
      districts: [language === "zh-CN" ? "和平区" : "Heping"],
    });
    const sheet = sheets[0]!;
    const random = seededRandom(4100 + t);
    const ids = listItems(BUILTIN_PACK).map((p) => p.item.id as string);
    const ratings = new Map(ids.map((id) => [id, randomRow(random, mode, language)]));
    const notes = NOTES[language];
    const evidence = new Map(
      ids.map((id, i) => [id, i % 3 === 0 ? notes.long : `${notes.short} ${i + 1}`]),
    );
    const filled = fillSheet(plan, sheet, ratings, evidence);
    // As a spreadsheet grows the rows while evidence is typed.
    return writeXlsx({
      ...filled,
      sheets: filled.sheets.map((s) => (s.name === sheet.plan.name ? refitRowHeights(s) : s)),
    });
  });
  const pdfs = await convertWithLibreOffice(files, PDF_TARGET);
  TEMPLATES.forEach(([language, mode], i) =>
    printed.push({ language, mode, pdf: pdfs[i]!.get("")! }),
  );
}, 180_000);

/** Each page's media box, [width, height] in points, from the PDF's page objects. */
function pageSizes(pdf: Uint8Array): [number, number][] {
  const text = Buffer.from(pdf).toString("latin1");
  const pages = text.match(/<<(?:(?!<<|>>)[\s\S])*\/Type\s*\/Page(?![a-zA-Z])[\s\S]*?>>/g) ?? [];
  return pages.map((page) => {
    const box = /\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/.exec(page);
    if (!box) throw new Error(`a page without its own MediaBox: ${page.slice(0, 200)}`);
    return [Number(box[3]) - Number(box[1]), Number(box[4]) - Number(box[2])];
  });
}

/** The text of each page, through poppler's pdftotext. */
function pageTexts(pdf: Uint8Array, pages: number): string[] {
  const dir = mkdtempSync(join(tmpdir(), "ctmm-pdf-"));
  try {
    const file = join(dir, "return.pdf");
    writeFileSync(file, pdf);
    return Array.from({ length: pages }, (_, i) => {
      const page = String(i + 1);
      const result = spawnSync("pdftotext", ["-f", page, "-l", page, "-layout", file, "-"], {
        encoding: "utf8",
      });
      return result.stdout;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(TEMPLATES)("the filled %s %s return, printed", (language, mode) => {
  const pdf = () => printed.find((p) => p.language === language && p.mode === mode)!.pdf;

  it("is A4 landscape on every page, and the whole return takes at most 3 pages", () => {
    const sizes = pageSizes(pdf());
    expect(sizes.length).toBeGreaterThanOrEqual(1);
    expect(sizes.length).toBeLessThanOrEqual(3);
    for (const [width, height] of sizes) {
      expect(width).toBeCloseTo(841.89, 0); // 297 mm
      expect(height).toBeCloseTo(595.28, 0); // 210 mm
    }
  });

  // pdftotext comes with poppler-utils, which .ci/run installs.
  it("shows the item table's header row on every page", () => {
    const texts = pageTexts(pdf(), pageSizes(pdf()).length);
    const header = SHEET_TEXT[language].subdomain;
    texts.forEach((text, page) =>
      expect([page + 1, text.includes(header)]).toEqual([page + 1, true]),
    );
  });
});

it("prints a quick return on no more pages than a full one", () => {
  for (const language of ["zh-CN", "en-US"] as const) {
    const pages = (mode: AssessmentMode) =>
      pageSizes(printed.find((p) => p.language === language && p.mode === mode)!.pdf).length;
    expect([language, pages("quick") <= pages("full")]).toEqual([language, true]);
  }
});
