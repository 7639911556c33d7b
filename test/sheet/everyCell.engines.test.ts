/**
 * The strongest oracle we have (issue 14, SPEC §9): every kind of workbook we write is recalculated
 * by LibreOffice and by Gnumeric, and for every formula cell the value we wrote (the engine's,
 * through the plan) must equal both spreadsheets' (numbers within 1e-9, text exactly). The
 * workbooks: the four templates as `ctmm template` writes them, filled templates (random ratings
 * and what districts paste), a workbook with its live summary, a review workbook whose reviewed
 * ratings were edited (pasted values included), an upgraded return, and the consolidation summary.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import type { AssessmentMode, Language } from "../../src/model";
import { BUILTIN_PACK, listItems } from "../../src/model";
import { withCachedValues } from "../../src/sheet/cachedValues";
import { fillPlan } from "../../src/sheet/fillPlan";
import type { WorkbookPlan } from "../../src/sheet/plan";
import { planDistrictSummary } from "../../src/sheet/planDistrictSummary";
import { planReviewWorkbook, reviewCandidates } from "../../src/sheet/planReview";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { ctmm } from "../helpers/cli";
import { fillSheet, randomRow, seededRandom } from "../helpers/fill";
import { compareFormulaCells } from "../helpers/formulaCells";
import { recalculateManyWithGnumeric } from "../helpers/gnumeric";
import { recalculateMany } from "../helpers/libreoffice";
import { pastedRows, textRows } from "../helpers/pasted";

const PACK = BUILTIN_PACK;
const IDS = listItems(PACK).map((p) => p.item.id as string);
const TEMPLATES: [Language, AssessmentMode][] = [
  ["zh-CN", "full"],
  ["zh-CN", "quick"],
  ["en-US", "full"],
  ["en-US", "quick"],
];

interface Kind {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const dir = mkdtempSync(join(tmpdir(), "ctmm-every-cell-"));
const write = (plan: WorkbookPlan) => writeXlsx(withCachedValues(plan, PACK));

/** Filled with random ratings, all text, and two cycles of pasted values, one sheet each. */
function filledTemplate(language: Language, mode: AssessmentMode, seed: number): WorkbookPlan {
  const districts = ["和平区", "Text", "Pasted A", "Pasted B"];
  const planned = planWorkbook(PACK, { language, mode, formulaStyle: "portable", districts });
  const random = seededRandom(seed);
  const rows = [
    new Map(IDS.map((id) => [id, randomRow(random, mode, language, seed % 6)])),
    textRows(mode),
    pastedRows(mode, language),
    pastedRows(mode, language, 5),
  ];
  return planned.sheets.reduce((plan, sheet, i) => fillSheet(plan, sheet, rows[i]!), planned.plan);
}

/** A workbook with its live district summary, as the pane generates it. */
function withSummary(): WorkbookPlan {
  const districts = ["和平区", "河西区", "O'Brien"];
  const planned = planWorkbook(PACK, {
    language: "zh-CN",
    mode: "full",
    formulaStyle: "portable",
    districts,
  });
  const random = seededRandom(5);
  let plan = planned.plan;
  planned.sheets.forEach((sheet, i) => {
    plan = fillPlan(plan, sheet, {
      ratings: new Map(IDS.map((id) => [id, randomRow(random, "full", "zh-CN", i + 2)])),
      header: i === 1 ? { district: "" } : { district: `${districts[i]} ` },
    });
  });
  const summary = planDistrictSummary(PACK, planned.sheets, "zh-CN", "汇总");
  return { ...plan, sheets: [summary, ...plan.sheets] };
}

/** A review of three returns, with reviewed ratings changed as a meeting (and a paste) would. */
function editedReview(language: Language): WorkbookPlan {
  const returns = (["full", "quick", "full"] as const).map((mode, r) => {
    const district = ["和平区", "红桥区", "O'Brien"][r]!;
    const planned = planWorkbook(PACK, {
      language,
      mode,
      formulaStyle: "portable",
      districts: [district],
    });
    const random = seededRandom(40 + r);
    const plan = fillPlan(planned.plan, planned.sheets[0]!, {
      ratings: new Map(IDS.map((id) => [id, randomRow(random, mode, language, r + 2)])),
      header: { district },
    });
    return reviewCandidates(`${district}.xlsx`, readXlsx(writeXlsx(plan)), PACK);
  });
  const reviewed = planReviewWorkbook(
    PACK,
    returns.flatMap((c) => c.returns),
    returns.flatMap((c) => c.excluded),
    language,
  );
  expect(reviewed.sheets).toHaveLength(3);
  // Edits: a changed rating per sheet, N/A, a padded label and numbers pasted as text.
  const edits: Map<string, unknown[]>[] = [
    new Map([
      ["1.1.1", [0, 0, 0, 0, 0]],
      ["2.1.1", ["N/A", null, null, null, null]],
      ["3.1.1", ["0.8", " 1 ", 1, 1, 1]],
    ]),
    new Map([
      ["1.1.2", [5]],
      ["2.2.1", ["3"]],
      ["4.1.1", ["不适用 "]],
    ]),
    new Map([["6.2.2", [1, 1, 1, 1, 1]]]),
  ];
  return reviewed.sheets.reduce(
    (plan, sheet, i) =>
      fillPlan(plan, sheet, {
        ratings: new Map(),
        reviewed: edits[i]!,
        reasons: new Map([...edits[i]!.keys()].map((id) => [id, `复核 ${id}`])),
      }),
    reviewed.plan,
  );
}

const VALIDATOR =
  process.env["CTMM_OOXML_VALIDATOR"] ??
  resolve(__dirname, "../../../shared/ooxml/validate-xlsx.sh");

let kinds: Kind[] = [];
let consolidated: Uint8Array;
let office: Uint8Array[] = [];
let gnumeric: Uint8Array[] = [];

beforeAll(async () => {
  const cli: Kind[] = [];
  for (const [language, mode] of TEMPLATES) {
    const out = join(dir, `template-${language}-${mode}.xlsx`);
    const result = await ctmm(
      "template",
      "--lang",
      language,
      "--mode",
      mode,
      "--district",
      "和平区",
      "--out",
      out,
    );
    expect(result.code).toBe(0);
    cli.push({ name: `ctmm template ${language} ${mode}`, bytes: readFileSync(out) });
  }
  // An upgraded return: a filled template carried into a fresh one by `ctmm upgrade`.
  const filled = join(dir, "filled.xlsx");
  writeFileSync(filled, write(filledTemplate("zh-CN", "full", 3)));
  const upgraded = join(dir, "upgraded.xlsx");
  expect((await ctmm("upgrade", filled, "--out", upgraded, "--force")).code).toBeLessThan(2);
  cli.push({ name: "ctmm upgrade", bytes: readFileSync(upgraded) });
  // The review workbook as `ctmm review` writes it.
  const returns = TEMPLATES.map(([language, mode], i) => {
    const planned = planWorkbook(PACK, {
      language,
      mode,
      formulaStyle: "portable",
      districts: [`区 ${i}`],
    });
    const random = seededRandom(60 + i);
    const file = join(dir, `return-${i}.xlsx`);
    writeFileSync(
      file,
      write(
        fillSheet(
          planned.plan,
          planned.sheets[0]!,
          new Map(IDS.map((id) => [id, randomRow(random, mode, language, i + 1)])),
        ),
      ),
    );
    return file;
  });
  const review = join(dir, "review.xlsx");
  expect((await ctmm("review", ...returns, "--out", review)).code).toBe(0);
  cli.push({ name: "ctmm review", bytes: readFileSync(review) });
  const summary = join(dir, "summary.xlsx");
  expect((await ctmm("consolidate", ...returns, "--out", summary)).code).toBe(0);
  consolidated = readFileSync(summary);

  kinds = [
    ...cli,
    ...TEMPLATES.map(([language, mode], i) => ({
      name: `filled ${language} ${mode}`,
      bytes: write(filledTemplate(language, mode, 11 + i)),
    })),
    { name: "live summary", bytes: write(withSummary()) },
    { name: "edited review zh-CN", bytes: write(editedReview("zh-CN")) },
    { name: "edited review en-US", bytes: write(editedReview("en-US")) },
  ];
  [office, gnumeric] = await Promise.all([
    recalculateMany(kinds.map((k) => k.bytes)),
    recalculateManyWithGnumeric(kinds.map((k) => k.bytes)),
  ]);
}, 900_000);

describe("every formula cell we write carries its value", () => {
  it("has a <v> beside every <f>, and asks for no recalculation on open", () => {
    for (const { name, bytes } of kinds) {
      const parts = unzipSync(bytes);
      let formulas = 0;
      for (const [path, data] of Object.entries(parts)) {
        if (!path.startsWith("xl/worksheets/sheet")) continue;
        const xml = strFromU8(data);
        const cells = xml.match(/<c [^>]*>(?:(?!<\/c>).)*<f>(?:(?!<\/c>).)*<\/c>/g) ?? [];
        formulas += cells.length;
        const bare = cells.filter((c) => !/<\/f><v>/.test(c));
        expect([name, path, bare.slice(0, 3)]).toEqual([name, path, []]);
      }
      expect([name, formulas > 100]).toEqual([name, true]);
      const workbook = strFromU8(parts["xl/workbook.xml"]!);
      expect([name, /fullCalcOnLoad/.test(workbook)]).toEqual([name, false]);
    }
  });
});

describe("the files themselves", () => {
  it("the consolidation summary has no formula and asks for no recalculation", () => {
    const parts = unzipSync(consolidated);
    const sheets = Object.entries(parts).filter(([path]) => path.startsWith("xl/worksheets/sheet"));
    expect(sheets.length).toBeGreaterThan(0);
    for (const [, data] of sheets) expect(strFromU8(data)).not.toMatch(/<f>/);
    expect(strFromU8(parts["xl/workbook.xml"]!)).not.toMatch(/fullCalcOnLoad/);
  });

  it("every kind passes the ECMA-376 validator, cached values and chart caches included", () => {
    const files = [...kinds.map((k) => k.bytes), consolidated].map((bytes, i) => {
      const file = join(dir, `valid-${i}.xlsx`);
      writeFileSync(file, bytes);
      return file;
    });
    const result = spawnSync(VALIDATOR, ["--checks", ...files], { encoding: "utf8" });
    expect([result.status, result.stdout + result.stderr]).toEqual([
      0,
      expect.stringContaining("0 error(s), 0 warning(s)"),
    ]);
    expect(result.stdout).not.toMatch(/[1-9]\d* error\(s\)|[1-9]\d* warning\(s\)/);
  });

  it("charts carry their series, so a preview draws them", () => {
    const review = kinds.find((k) => k.name === "ctmm review")!;
    const parts = unzipSync(review.bytes);
    const charts = Object.entries(parts).filter(([path]) => path.startsWith("xl/charts/chart"));
    expect(charts.length).toBeGreaterThan(4);
    for (const [path, data] of charts) {
      const xml = strFromU8(data);
      expect([path, /<c:strCache><c:ptCount val="\d+"\/><c:pt idx="0">/.test(xml)]).toEqual([
        path,
        true,
      ]);
      expect([
        path,
        /<c:numCache><c:formatCode>General<\/c:formatCode><c:ptCount/.test(xml),
      ]).toEqual([path, true]);
    }
    // The template's radar: the domain names, in the sheet's language, as its categories.
    const template = unzipSync(kinds[0]!.bytes);
    const radar = strFromU8(template["xl/charts/chart1.xml"]!);
    for (const domain of PACK.domains)
      expect(radar).toContain(`<c:v>${domain.name["zh-CN"]}</c:v>`);
  });
});

describe("LibreOffice, Gnumeric and the value written agree on every formula cell", () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])("workbook %i", (i) => {
    const { name, bytes } = kinds[i]!;
    const ours = readXlsx(bytes);
    for (const [engine, recalculated] of [
      ["LibreOffice", office[i]!],
      ["Gnumeric", gnumeric[i]!],
    ] as const) {
      const counts = compareFormulaCells(ours, readXlsx(recalculated));
      console.log(
        `${name}: ${counts.agree.toLocaleString("en-US")} of ${counts.formulas.toLocaleString("en-US")} formula cells agree with ${engine}`,
      );
      expect([name, engine, counts.disagree.slice(0, 10)]).toEqual([name, engine, []]);
      expect(counts.formulas).toBeGreaterThan(400);
    }
  });

  it("covers every kind", () => {
    expect(kinds).toHaveLength(13);
  });
});
