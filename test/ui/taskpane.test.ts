/**
 * The task pane in headless Chromium (SPEC §9): the production build from dist/, with the test
 * host standing in for Office and Excel. An analyst's session, screen by screen, in English and
 * in Chinese, with a screenshot of each screen; no console errors and no request leaves the
 * machine.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import type { Language, Level } from "../../src/model";
import { assess, BUILTIN_PACK, findImprovementPaths, levelLabel, listItems } from "../../src/model";
import { address } from "../../src/sheet/a1";
import { consolidateGrid } from "../../src/sheet/consolidate";
import { fillPlan } from "../../src/sheet/fillPlan";
import type { SummaryRow } from "../../src/sheet/planSummary";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { packOfShape } from "../helpers/packs";
import type { PaneSession } from "./driver";
import { fakeView, openPane, ROOT, screenshot, startSession, typeCells } from "./driver";

let session: PaneSession;

/** A small pack of two domains to load from a file. */
const PACK_TWO_DOMAINS = packOfShape([[2, 1], [3]]);

beforeAll(async () => {
  session = await startSession();
}, 180_000);

afterAll(async () => {
  await session?.close();
});

/** Where the ratings of each item are on a generated full-mode sheet. */
function ratingCells(language: "en-US" | "zh-CN") {
  const { sheets } = planWorkbook(BUILTIN_PACK, {
    language,
    mode: "full",
    formulaStyle: "portable",
    districts: ["x"],
  });
  const sheet = sheets[0]!;
  const ids = sheet.plan.names.find((n) => n.name === "CTMM_ItemIds")!.range;
  const cellsOf = new Map<string, string>();
  for (const cell of sheet.plan.cells)
    if (cell.column === ids.left && cell.row >= ids.top && cell.row <= ids.bottom)
      cellsOf.set(String(cell.value), "");
  const items = [...cellsOf.keys()];
  return items.map((id, i) => ({
    id,
    cells: sheet.layout.ratingColumns.map((column) =>
      address(sheet.layout.firstItemRow + i, column),
    ),
  }));
}

/** A fixed, varied fill: item i gets a row that reaches level (i % 5), some rows partly met. */
function fill(language: "en-US" | "zh-CN") {
  const labels =
    language === "zh-CN"
      ? ["全部满足", "大部分满足", "部分满足", "不满足"]
      : ["Fully met", "Largely met", "Partially met", "Not met"];
  const rows = ratingCells(language).map(({ id, cells }, i) => {
    const values: unknown[] = cells.map((_, l) =>
      l < i % 6 ? labels[0] : l === i % 6 ? labels[1 + (i % 3)] : labels[3],
    );
    if (i % 11 === 7) values.fill("N/A");
    return { id, cells, values };
  });
  return {
    entries: rows.flatMap((r) => r.cells.map((cell, l) => [cell, r.values[l]] as const)),
    input: {
      mode: "full" as const,
      ratings: new Map(rows.map((r) => [r.id, r.values])),
    },
  };
}

/** A sheet's cells in the fake workbook, as comparable text. */
function sheetCells(page: Page, sheet: string): Promise<string> {
  return page.evaluate(
    (name) =>
      JSON.stringify(
        [
          ...(
            window as unknown as {
              fakeExcel: { sheet(n: string): { cells: Map<string, unknown> } };
            }
          ).fakeExcel
            .sheet(name)
            .cells.entries(),
        ].sort(),
      ),
    sheet,
  );
}

async function tab(page: Page, name: string) {
  await page.getByTestId(`tab-${name}`).click();
}

async function generate(page: Page, districts: string) {
  await tab(page, "generate");
  await page.getByTestId("districts").fill(districts);
  await page.getByTestId("generate").click();
}

describe("the task pane in Chromium, in English", () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await openPane(session, { lang: "en-US" }));
    await page.getByTestId("generate").waitFor();
  }, 60_000);

  afterAll(async () => {
    expect(errors).toEqual([]);
    expect(session.external).toEqual([]);
    await page.close();
  });

  it("generates three districts and a live summary, in a constant number of syncs", async () => {
    await screenshot(page, "en-US-generate");
    const before = (await fakeView(page)).syncCount;
    await generate(page, "Heping\nHexi\n=SUM(1)");
    await page.getByTestId("notice").waitFor();
    expect(await page.getByTestId("notice").textContent()).toContain(
      "Generated: Heping, Hexi, =SUM(1), Summary.",
    );
    const view = await fakeView(page);
    expect(view.sheets).toEqual(
      expect.arrayContaining(["Heping", "Hexi", "=SUM(1)", "Summary", "CTMM_Meta"]),
    );
    // One sync to look for sheets to replace, one to list them again, one to write.
    expect(view.syncCount - before).toBe(3);
    expect(view.active).toBe("Heping");
    await screenshot(page, "en-US-generated");
  }, 60_000);

  it("lists findings by severity; clicking one selects its cell; highlights come and go", async () => {
    const rows = ratingCells("en-US");
    const planted = rows[3]!.cells[1]!;
    await typeCells(page, "Hexi", [[planted, "Good"]]);
    await tab(page, "validate");
    await page.getByTestId("check").click();
    await page.getByTestId("findings-error").waitFor();
    const link = page.getByTestId("findings-error").getByText(`Hexi!${planted}`);
    await link.click();
    await page.waitForFunction((cell) => {
      const fake = (
        window as unknown as {
          fakeExcel: { active: { name: string; selection?: string } | null };
        }
      ).fakeExcel;
      return fake.active?.name === "Hexi" && fake.active.selection === cell;
    }, planted);
    await page.getByTestId("highlight").click();
    await page.getByText(/cell\(s\) highlighted/).waitFor();
    const highlighted = await page.evaluate(
      () =>
        (
          window as unknown as {
            fakeExcel: {
              sheets: {
                name: string;
                conditionalFormats: { settings: Record<string, unknown> }[];
              }[];
            };
          }
        ).fakeExcel.sheets
          .find((s) => s.name === "Hexi")!
          .conditionalFormats.filter((f) => JSON.stringify(f).includes("CTMM finding")).length,
    );
    expect(highlighted).toBeGreaterThan(0);
    await screenshot(page, "en-US-validate");
    await page.getByTestId("clear-highlight").click();
    await page.getByText(/Highlights removed/).waitFor();
    const left = await page.evaluate(() =>
      (
        window as unknown as { fakeExcel: { sheets: { conditionalFormats: unknown[] }[] } }
      ).fakeExcel.sheets.flatMap((s) =>
        s.conditionalFormats.filter((f) => JSON.stringify(f).includes("CTMM finding")),
      ),
    );
    expect(left).toEqual([]);
    await typeCells(page, "Hexi", [[planted, "Largely met"]]);
  }, 60_000);

  it("counts pasted text as the sheet does, names it, and retypes it on request", async () => {
    const rows = ratingCells("en-US");
    // What districts paste: numbers stored as text ("'" keeps typed text as text, as in Excel)
    // and N/A with a non-breaking space. The rest of each row is fully met.
    const pasted: [string, unknown][] = [
      [rows[0]!.cells[0]!, "'1"],
      [rows[0]!.cells[1]!, "'0.8"],
      [rows[1]!.cells[0]!, "N/A\u00a0"],
      [rows[2]!.cells[2]!, " 1 "],
    ];
    const all = rows.flatMap((r) =>
      r.cells.map((cell) => [cell, "Fully met"] as [string, unknown]),
    );
    await typeCells(page, "Hexi", [...all, ...pasted]);
    await page.evaluate(() => {
      const fake = (
        window as unknown as { fakeExcel: { active: unknown; sheet(n: string): unknown } }
      ).fakeExcel;
      fake.active = fake.sheet("Hexi");
    });
    // Results: the level the sheet's formulas give, pasted text counted as 0.
    const counted = new Map(rows.map((r) => [r.id, r.cells.map(() => "Fully met" as unknown)]));
    counted.get(rows[0]!.id)!.splice(0, 2, null, null);
    counted.get(rows[1]!.id)![0] = null;
    const expected = assess(BUILTIN_PACK, { mode: "full", ratings: counted });
    await tab(page, "results");
    await page.getByTestId("refresh").click();
    await page.getByTestId("radar").waitFor();
    expect(await page.getByTestId("overall-score").textContent()).toBe(
      expected.overall.result!.score.toFixed(2),
    );

    await tab(page, "validate");
    await page.getByTestId("check").click();
    await page.getByTestId("findings-error").waitFor();
    const errors = await page.getByTestId("findings-error").innerText();
    expect(errors).toContain("Ratings the sheet cannot read (retype them) (3)");
    expect(errors).toContain("‘0.8’ is stored as text: the sheet counts it as 0; retype 0.8");
    expect(errors).toContain("has a non-breaking or ideographic space");
    await page.getByTestId("fix-ratings").click();
    await page.getByTestId("confirm").waitFor();
    const listed = await page.getByTestId("fix-list").locator("li").allTextContents();
    expect(listed.sort()).toEqual(
      [
        `Hexi!${rows[0]!.cells[0]}: ‘1’ → 1`,
        `Hexi!${rows[0]!.cells[1]}: ‘0.8’ → 0.8`,
        `Hexi!${rows[1]!.cells[0]}: ‘N/A\u00a0’ → N/A`,
      ].sort(),
    );
    await screenshot(page, "en-US-validate-fix");
    const before = (await fakeView(page)).syncCount;
    await page.getByTestId("replace").click();
    await page.getByText(/3 rating\(s\) retyped/).waitFor();
    // Two syncs to write, and the read of the check again.
    expect((await fakeView(page)).syncCount - before).toBeLessThanOrEqual(6);
    expect(await page.getByText("retype them").count()).toBe(0);
    const values = await page.evaluate(
      (cells) => {
        const fake = (
          window as unknown as {
            fakeExcel: { sheet(n: string): { cells: Map<string, { value: unknown }> } };
          }
        ).fakeExcel;
        const sheet = fake.sheet("Hexi");
        return cells.map((a) => {
          const column = a.charCodeAt(0) - 65;
          const row = Number(a.slice(1)) - 1;
          return sheet.cells.get(`${row},${column}`)?.value;
        });
      },
      [rows[0]!.cells[0]!, rows[0]!.cells[1]!, rows[1]!.cells[0]!],
    );
    expect(values).toEqual([1, 0.8, "N/A"]);
    // Hexi as the earlier tests left it: one rating.
    await typeCells(page, "Hexi", [
      ...rows.flatMap((r) => r.cells.map((c) => [c, null] as [string, unknown])),
      [rows[3]!.cells[1]!, "Largely met"],
    ]);
  }, 60_000);

  it("shows the active sheet's levels, equal to the engine's, and inserts a native chart", async () => {
    const { entries, input } = fill("en-US");
    await typeCells(page, "Heping", entries);
    await page.evaluate(() => {
      const fake = (
        window as unknown as { fakeExcel: { active: unknown; sheet(n: string): unknown } }
      ).fakeExcel;
      fake.active = fake.sheet("Heping");
    });
    await tab(page, "results");
    await page.getByTestId("refresh").click();
    await page.getByTestId("radar").waitFor();
    const expected = assess(BUILTIN_PACK, input);
    expect(await page.getByTestId("overall-level").textContent()).toBe(
      levelLabel(BUILTIN_PACK, expected.overall.result!.level, "en-US"),
    );
    expect(await page.getByTestId("overall-score").textContent()).toBe(
      expected.overall.result!.score.toFixed(2),
    );
    const rows = await page.getByTestId("result-row").allTextContents();
    expected.domains.forEach((d, i) => {
      expect(rows[i + 1]).toContain(d.result ? d.result.score.toFixed(2) : "N/A");
    });
    await page.getByTestId("insert-chart").click();
    await page.getByText("Radar chart inserted on Heping.").waitFor();
    const charts = await page.evaluate(() =>
      (
        window as unknown as { fakeExcel: { sheet(n: string): { charts: { type: string }[] } } }
      ).fakeExcel
        .sheet("Heping")
        .charts.map((c) => c.type),
    );
    expect(charts).toEqual(["RadarMarkers"]);
    await screenshot(page, "en-US-results");
  }, 60_000);

  it("follows an improvement path and writes it as a sheet", async () => {
    const { input } = fill("en-US");
    const target = 4 as Level;
    await tab(page, "improve");
    await page.getByTestId("target").selectOption(String(target));
    await page.getByTestId("improve").click();
    await page.getByTestId("path").waitFor();
    const paths = findImprovementPaths(BUILTIN_PACK, input, target);
    const overall = await page.getByTestId("path-overall").textContent();
    if (paths.overall.status === "path") {
      expect(paths.overall.items.length).toBeGreaterThan(0);
      for (const id of paths.overall.items) expect(overall).toContain(id);
    }
    await screenshot(page, "en-US-improve");
    await page.getByTestId("write-path").click();
    await page.getByText(/Written to the sheet/).waitFor();
    expect((await fakeView(page)).sheets).toContain("Improvement path Heping");
  }, 60_000);

  it("never overwrites without asking, and keeps every entry when rebuilding", async () => {
    const before = await sheetCells(page, "Heping");
    await generate(page, "Heping");
    await page.getByTestId("confirm").waitFor();
    expect(await page.getByTestId("confirm").textContent()).toContain("Heping");
    await screenshot(page, "en-US-confirm");
    await page.getByTestId("cancel").click();
    await page.getByTestId("confirm").waitFor({ state: "detached" });
    const untouched = await sheetCells(page, "Heping");
    expect(untouched).toBe(before);

    await page.getByTestId("generate").click();
    await page.getByTestId("replace").click();
    await page.getByText(/Entries kept on Heping/).waitFor();
    await tab(page, "results");
    await page.getByTestId("refresh").click();
    await page.getByTestId("radar").waitFor();
    const expected = assess(BUILTIN_PACK, fill("en-US").input);
    expect(await page.getByTestId("overall-score").textContent()).toBe(
      expected.overall.result!.score.toFixed(2),
    );
  }, 60_000);

  it("loads a model pack, remembers it in the workbook, and the functions use it", async () => {
    await tab(page, "settings");
    await screenshot(page, "en-US-settings");
    const file = join(ROOT, ".tmp", "ui", "two-domains.json");
    writeFileSync(file, JSON.stringify(PACK_TWO_DOMAINS));
    await page.getByTestId("pack-file").setInputFiles(file);
    await page.getByText(/Model pack two-domains\.json/).waitFor();
    expect(await page.getByTestId("model").textContent()).toContain(PACK_TWO_DOMAINS.id);
    const stored = await page.evaluate(
      () => (window as unknown as { fakeSettings: Record<string, { pack: string }> }).fakeSettings,
    );
    expect(JSON.parse(stored["ctmm.settings"]!.pack).id).toBe(PACK_TWO_DOMAINS.id);
    const version = await page.evaluate(() =>
      (window as unknown as { fakeFunctions: Map<string, () => string> }).fakeFunctions.get(
        "VERSION",
      )!(),
    );
    expect(version).toContain(PACK_TWO_DOMAINS.id);

    const bad = join(ROOT, ".tmp", "ui", "bad-pack.json");
    writeFileSync(bad, JSON.stringify({ ...PACK_TWO_DOMAINS, domains: [] }));
    await page.getByTestId("pack-file").setInputFiles(bad);
    await page.getByTestId("problem").waitFor();
    expect(await page.getByTestId("problem").textContent()).toContain("not a usable model pack");
    expect(await page.getByTestId("model").textContent()).toContain(PACK_TWO_DOMAINS.id);

    // A sheet made with the built-in model is not scored with another one: the pane says why.
    await tab(page, "results");
    await page.getByTestId("refresh").click();
    await page.getByTestId("screen-results").getByTestId("problem").waitFor();
    expect(await page.getByTestId("screen-results").getByTestId("problem").textContent()).toContain(
      `This sheet was made with model ${BUILTIN_PACK.id}`,
    );
    await tab(page, "settings");
    await page.getByTestId("builtin-pack").click();
    await page.getByText("Settings saved in this workbook.").waitFor();
    expect(await page.getByTestId("model").textContent()).toContain(BUILTIN_PACK.id);
  }, 60_000);

  it("switches the pane's language and keeps the choice in the workbook", async () => {
    await page.getByTestId("ui-zh-CN").click({ force: true });
    await page.getByRole("tab", { name: "生成" }).waitFor();
    const stored = await page.evaluate(
      () =>
        (window as unknown as { fakeSettings: Record<string, { uiLanguage: string }> })
          .fakeSettings["ctmm.settings"]!.uiLanguage,
    );
    expect(stored).toBe("zh-CN");
    await page.getByTestId("ui-auto").click({ force: true });
    await page.getByRole("tab", { name: "Generate" }).waitFor();
  }, 60_000);
});

describe("the task pane in Chromium, in Chinese", () => {
  it("walks through every screen in Chinese", async () => {
    const { page, errors } = await openPane(session, { lang: "zh-CN" });
    await page.getByTestId("generate").waitFor();
    expect(await page.getByTestId("tab-validate").innerText()).toBe("校验");
    await screenshot(page, "zh-CN-generate");
    await generate(page, "和平区、河西区");
    await page.getByText(/已生成：和平区、河西区、汇总。/).waitFor();
    const { entries } = fill("zh-CN");
    await typeCells(page, "和平区", entries);
    await tab(page, "validate");
    await page.getByTestId("check").click();
    await page.getByTestId("findings-warning").waitFor();
    await screenshot(page, "zh-CN-validate");
    await tab(page, "results");
    await page.getByTestId("refresh").click();
    await page.getByTestId("radar").waitFor();
    await screenshot(page, "zh-CN-results");
    await tab(page, "improve");
    await page.getByTestId("improve").click();
    await page.getByTestId("path").waitFor();
    await screenshot(page, "zh-CN-improve");
    await generate(page, "和平区");
    await page.getByTestId("confirm").waitFor();
    await screenshot(page, "zh-CN-confirm");
    await page.getByTestId("cancel").click();
    await tab(page, "settings");
    await screenshot(page, "zh-CN-settings");
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("starts with the workbook's saved settings", async () => {
    const { page, errors } = await openPane(session, {
      lang: "en-US",
      settings: { "ctmm.settings": { uiLanguage: "zh-CN", threshold: 0.7 } },
    });
    await page.getByRole("tab", { name: "生成" }).waitFor();
    expect(await page.getByTestId("model").textContent()).toContain("0.7");
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("says plainly that Excel is too old without ExcelApi 1.9", async () => {
    const { page, errors } = await openPane(session, { lang: "zh-CN", api: "1.8" });
    await page.getByTestId("too-old").waitFor();
    expect(await page.getByTestId("too-old").textContent()).toContain("1.9");
    expect(await page.getByTestId("tab-generate").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

interface ReturnFile {
  readonly name: string;
  readonly mimeType: string;
  readonly buffer: Buffer;
}

/**
 * A return as a district sends it back: every item met up to `target`, partly met at it, with
 * evidence noted or not (then level 3 and above warn), as bench/consolidate.bench.ts makes them.
 */
function filledReturn(
  district: string,
  language: Language,
  target: number,
  evidence: boolean,
): ReturnFile {
  const { plan, sheets } = planWorkbook(BUILTIN_PACK, {
    language,
    mode: "full",
    formulaStyle: "portable",
    districts: [district],
  });
  const ids = listItems(BUILTIN_PACK).map((p) => p.item.id as string);
  const filled = fillPlan(plan, sheets[0]!, {
    ratings: new Map(
      ids.map((id, i) => [
        id,
        [0, 1, 2, 3, 4].map((l) => (l < target ? 1 : l === target ? [0.8, 0.5, 0][i % 3]! : 0)),
      ]),
    ),
    ...(evidence ? { evidence: new Map(ids.map((id) => [id, `Evidence for ${id}`])) } : {}),
    header: { district, date: "2026-11-25", assessor: "pane test" },
  });
  return { name: `${district}.xlsx`, mimeType: XLSX_TYPE, buffer: Buffer.from(writeXlsx(filled)) };
}

/** Bytes that are no workbook at all, under an .xlsx name. */
function brokenReturn(): ReturnFile {
  let state = 11;
  const bytes = Buffer.alloc(4096, 0);
  for (let i = 0; i < bytes.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  bytes[0] = 0x13; // not "PK": not a zip
  return { name: "broken.xlsx", mimeType: XLSX_TYPE, buffer: bytes };
}

/** The engine's summary row of a good return, computed here as the core computes it. */
function expectedRow(file: ReturnFile): SummaryRow {
  const rows = consolidateGrid(file.name, readXlsx(file.buffer), BUILTIN_PACK).rows;
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

/** Cell values of a sheet in the fake workbook, by [row, column] (0-based). */
function cellValues(
  page: Page,
  sheet: string,
  cells: readonly (readonly [number, number])[],
): Promise<unknown[]> {
  return page.evaluate(
    ({ sheet, keys }) => {
      const fake = (
        window as unknown as {
          fakeExcel: { sheet(n: string): { cells: Map<string, { value: unknown }> } };
        }
      ).fakeExcel;
      const target = fake.sheet(sheet);
      return keys.map((key) => target.cells.get(key)?.value ?? null);
    },
    { sheet, keys: cells.map(([r, c]) => `${r},${c}`) },
  );
}

/** How many rows of a sheet in the fake workbook have something in column A. */
function usedRows(page: Page, sheet: string): Promise<number> {
  return page.evaluate((name) => {
    const fake = (
      window as unknown as {
        fakeExcel: { sheet(n: string): { cells: Map<string, { value: unknown }> } };
      }
    ).fakeExcel;
    return [...fake.sheet(name).cells].filter(
      ([key, cell]) => key.endsWith(",0") && cell.value !== null && cell.value !== "",
    ).length;
  }, sheet);
}

/**
 * Records, on every change of the page, the status of each listed return and whether a progress
 * bar shows: what the analyst sees while the files are checked one after another.
 */
async function watchReturns(
  page: Page,
): Promise<() => Promise<{ statuses: string[]; bar: boolean }[]>> {
  await page.evaluate(() => {
    const seen: { statuses: string[]; bar: boolean }[] = [];
    (window as unknown as { seenReturns: typeof seen }).seenReturns = seen;
    const panel = document.querySelector('[data-testid="screen-consolidate"]')!;
    new MutationObserver(() => {
      const statuses = [...panel.querySelectorAll('[data-testid="return"]')].map(
        (li) => li.getAttribute("data-status") ?? "",
      );
      const bar = panel.querySelector('[role="progressbar"]') !== null;
      const last = seen[seen.length - 1];
      if (!last || last.bar !== bar || last.statuses.join() !== statuses.join())
        seen.push({ statuses, bar });
    }).observe(panel, { subtree: true, childList: true, attributes: true });
  });
  return () =>
    page.evaluate(
      () =>
        (window as unknown as { seenReturns: { statuses: string[]; bar: boolean }[] }).seenReturns,
    );
}

async function chooseReturns(page: Page, files: readonly ReturnFile[]) {
  await tab(page, "consolidate");
  const panel = page.getByTestId("screen-consolidate");
  await panel.getByTestId("return-files").setInputFiles([...files]);
  await panel.getByTestId("checked").waitFor();
  return panel;
}

describe("the Consolidate screen in Chromium", () => {
  it("checks returns one by one, reports the unreadable one, and writes the summary", async () => {
    const { page, errors } = await openPane(session, { lang: "en-US" });
    await page.getByTestId("generate").waitFor();
    const heping = filledReturn("Heping", "en-US", 4, true);
    const hexi = filledReturn("Hexi", "en-US", 3, false);
    const broken = brokenReturn();
    const expected = [expectedRow(heping), expectedRow(hexi)];
    // One clean return, one with warnings (level 3 and above without evidence).
    expect(expected.map((r) => r.errors + r.warnings)).toEqual([0, expect.any(Number)]);
    expect(expected[1]!.warnings).toBeGreaterThan(0);

    await tab(page, "consolidate");
    const seen = await watchReturns(page);
    // Each file is read in a Web Worker of its own, never on the page.
    const workers: string[] = [];
    page.on("worker", (worker) => workers.push(new URL(worker.url()).pathname));
    const panel = await chooseReturns(page, [heping, hexi, broken]);
    expect(workers).toEqual(["/check-return.js", "/check-return.js", "/check-return.js"]);

    const items = panel.getByTestId("return");
    expect(await items.evaluateAll((li) => li.map((e) => e.getAttribute("data-status")))).toEqual([
      "scored",
      "findings",
      "unreadable",
    ]);
    // One after another, with the bar showing: the second was read while the first was done.
    expect(await seen()).toContainEqual({ statuses: ["scored", "reading", "waiting"], bar: true });
    const texts = await items.allTextContents();
    expected.forEach((row, i) => {
      expect(texts[i]).toContain(
        `Overall ${levelLabel(BUILTIN_PACK, row.overall!.level, "en-US")} · ${row.overall!.score.toFixed(2)}`,
      );
    });
    expect(texts[1]).toContain(`Scored, ${expected[1]!.warnings} finding(s)`);
    expect(texts[2]).toContain("broken.xlsx");
    expect(texts[2]).toContain("Unreadable");
    expect(texts[2]).toContain("not an .xlsx workbook (it is not a zip archive)");
    expect(await panel.getByTestId("checked").textContent()).toContain(
      "3 file(s) checked: 2 sheet(s) scored, 1 unreadable.",
    );
    await screenshot(page, "en-US-consolidate");

    const before = (await fakeView(page)).syncCount;
    await panel.getByTestId("write-summary").click();
    await panel.getByTestId("written").waitFor();
    expect(await panel.getByTestId("written").textContent()).toContain(
      "Written: Returns summary, Findings.",
    );
    const view = await fakeView(page);
    expect(view.sheets).toEqual(expect.arrayContaining(["Returns summary", "Findings"]));
    // One sync to look for sheets to replace, one to list them again, one to write.
    expect(view.syncCount - before).toBe(3);

    // File, status, overall level and score of each row; one row per file.
    const summary = await cellValues(
      page,
      "Returns summary",
      [1, 2, 3].flatMap((r) => [0, 3, 7, 8].map((c) => [r, c] as const)),
    );
    expect(summary).toEqual([
      "Heping.xlsx",
      "OK",
      expected[0]!.overall!.level,
      expected[0]!.overall!.score,
      "Hexi.xlsx",
      "OK",
      expected[1]!.overall!.level,
      expected[1]!.overall!.score,
      "broken.xlsx",
      "Unreadable",
      "N/A",
      "N/A",
    ]);
    expect(await usedRows(page, "Returns summary")).toBe(4);
    expect(await usedRows(page, "Findings")).toBe(1 + expected[1]!.warnings);

    // Writing again would replace both sheets: the pane asks, and Cancel leaves them as they are.
    const written = await sheetCells(page, "Returns summary");
    await panel.getByTestId("write-summary").click();
    await page.getByTestId("confirm").waitFor();
    expect(await page.getByTestId("confirm").textContent()).toContain("Returns summary, Findings");
    await page.getByTestId("cancel").click();
    await page.getByTestId("confirm").waitFor({ state: "detached" });
    expect(await sheetCells(page, "Returns summary")).toBe(written);
    await panel.getByTestId("write-summary").click();
    await page.getByTestId("replace").click();
    await panel.getByTestId("written").waitFor();
    expect((await fakeView(page)).sheets.filter((s) => s === "Returns summary")).toHaveLength(1);
    expect(await sheetCells(page, "Returns summary")).toBe(written);

    expect(errors).toEqual([]);
    expect(session.external).toEqual([]);
    await page.close();
  }, 90_000);

  it("builds the review sheets: district sheets with a reviewed block, and the live overview", async () => {
    const { page, errors } = await openPane(session, { lang: "en-US" });
    await page.getByTestId("generate").waitFor();
    const heping = filledReturn("Heping", "en-US", 4, true);
    const hexi = filledReturn("Hexi", "en-US", 2, true);
    const panel = await chooseReturns(page, [heping, hexi, brokenReturn()]);
    await panel.getByTestId("write-review").click();
    await panel.getByTestId("written").waitFor();
    const view = await fakeView(page);
    expect(view.sheets).toEqual(
      expect.arrayContaining(["Review summary", "Item spread", "Review changes", "Heping", "Hexi"]),
    );
    // The overview's formulas read the district sheets' names, so they follow every edit.
    const detail = await page.evaluate(() => {
      const fake = (
        window as unknown as {
          fakeExcel: {
            sheet(n: string): {
              cells: Map<string, { value: unknown; formula?: string }>;
              names: { name: string; formula: string }[];
            };
          };
        }
      ).fakeExcel;
      const summary = fake.sheet("Review summary");
      const district = fake.sheet("Heping");
      const name = (n: string) => district.names.find((x) => x.name === n)?.formula ?? null;
      return {
        formulas: [...summary.cells.values()].map((c) => c.formula ?? "").filter(Boolean),
        texts: [...summary.cells.values()].map((c) => String(c.value ?? "")),
        reviewed: name("CTMM_ReviewedRatings"),
        self: name("CTMM_Ratings"),
        cells: Object.fromEntries(district.cells),
      };
    });
    expect(detail.formulas).toContain("='Heping'!CTMM_ReviewedOverallLevel");
    expect(detail.formulas).toContain("=INDEX('Hexi'!CTMM_ReviewedDomainLevels,1)");
    expect(detail.texts).toContain("broken.xlsx");
    // The reviewed block starts as the district's own ratings, cell for cell.
    const block = (formula: string | null) => {
      const match = /!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$/.exec(formula ?? "");
      expect(match).not.toBeNull();
      return match!;
    };
    const self = block(detail.self);
    const reviewed = block(detail.reviewed);
    expect([self[2], self[4]]).toEqual([reviewed[2], reviewed[4]]);
    const column = (letters: string) => letters.charCodeAt(0) - 65;
    const row = Number(self[2]) - 1;
    const values = (left: string) =>
      [0, 1, 2, 3, 4].map((i) => detail.cells[`${row},${column(left) + i}`]?.value ?? null);
    expect(values(reviewed[1]!)).toEqual(values(self[1]!));
    expect(values(self[1]!)).toEqual([1, 1, 1, 1, 0.8]);
    // Building again asks first, and says what a rebuild keeps.
    await panel.getByTestId("write-review").click();
    await page.getByTestId("confirm").waitFor();
    expect(await page.getByTestId("confirm").textContent()).toContain(
      "the reviewed ratings the meeting changed and every reason are kept",
    );
    await page.getByTestId("replace").click();
    await page.getByTestId("confirm").waitFor({ state: "detached" });
    await panel.getByTestId("written").waitFor();
    expect((await fakeView(page)).sheets.filter((s) => s === "Heping")).toHaveLength(1);

    // In the meeting: domains 1 and 2's level-4 ratings are reviewed down to "Not met"; Results
    // shows the self-assessed and the reviewed levels side by side, as the engine computes them.
    const items = listItems(BUILTIN_PACK);
    const reviewedDomains = BUILTIN_PACK.domains.slice(0, 2).map((d) => d.id);
    const edited = items.filter((p) => reviewedDomains.includes(p.domain.id));
    await typeCells(
      page,
      "Heping",
      edited.map((_, i) => [address(row + i, column(reviewed[1]!) + 3), "Not met"] as const),
    );
    await page.evaluate(() => {
      const fake = (
        window as unknown as { fakeExcel: { active: unknown; sheet(n: string): unknown } }
      ).fakeExcel;
      fake.active = fake.sheet("Heping");
    });
    await tab(page, "results");
    await page.getByTestId("refresh").click();
    await page.getByTestId("radar").waitFor();
    const selfRatings = new Map(
      items.map((p, i) => [
        p.item.id as string,
        [0, 1, 2, 3, 4].map((l) => (l < 4 ? 1 : l === 4 ? [0.8, 0.5, 0][i % 3]! : 0)),
      ]),
    );
    const reviewedRatings = new Map(
      [...selfRatings].map(([id, r]) => [
        id,
        edited.some((p) => p.item.id === id) ? r.map((v, l) => (l === 3 ? 0 : v)) : r,
      ]),
    );
    const engine = (ratings: Map<string, number[]>) =>
      assess(BUILTIN_PACK, { mode: "full", ratings }).overall.result!;
    const [before, after] = [engine(selfRatings), engine(reviewedRatings)];
    expect(after.level).toBeLessThan(before.level);
    expect(await page.getByTestId("overall-score").textContent()).toBe(before.score.toFixed(2));
    expect(await page.getByTestId("reviewed-score").textContent()).toBe(after.score.toFixed(2));
    expect(await page.getByTestId("reviewed-level").textContent()).toBe(
      levelLabel(BUILTIN_PACK, after.level, "en-US"),
    );
    expect(await page.getByTestId("radar-series").count()).toBe(2);
    await screenshot(page, "en-US-results-review");
    expect(errors).toEqual([]);
    expect(session.external).toEqual([]);
    await page.close();
  }, 90_000);

  it("speaks Chinese, from the reasons for an unreadable file to the sheets it writes", async () => {
    const { page, errors } = await openPane(session, { lang: "zh-CN" });
    await page.getByTestId("generate").waitFor();
    expect(await page.getByTestId("tab-consolidate").innerText()).toBe("汇总");
    const files = [filledReturn("和平区", "zh-CN", 2, true), brokenReturn()];
    const expected = expectedRow(files[0]!);
    const panel = await chooseReturns(page, files);
    const texts = await panel.getByTestId("return").allTextContents();
    expect(texts[0]).toContain(
      `总体 ${levelLabel(BUILTIN_PACK, expected.overall!.level, "zh-CN")}`,
    );
    expect(texts[1]).toContain("无法读取");
    expect(texts[1]).toContain("不是 .xlsx 工作簿");
    await screenshot(page, "zh-CN-consolidate");
    await panel.getByTestId("write-summary").click();
    await panel.getByTestId("written").waitFor();
    expect(await panel.getByTestId("written").textContent()).toContain(
      "已写入：回收汇总、问题清单。",
    );
    expect(
      await cellValues(page, "回收汇总", [
        [1, 7],
        [2, 3],
      ]),
    ).toEqual([expected.overall!.level, "无法读取"]);
    expect(errors).toEqual([]);
    expect(session.external).toEqual([]);
    await page.close();
  }, 90_000);
});
