/**
 * The task pane in headless Chromium (SPEC §9), driving the real App, workbook service and Office
 * JS adapter against the in-memory Excel of test/helpers/fakeExcel.ts.
 */
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import webpack from "webpack";
import { BUILTIN_PACK } from "../../src/model";
import { address } from "../../src/sheet/a1";
import { planWorkbook } from "../../src/sheet/planWorkbook";

const ROOT = join(__dirname, "..", "..");
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS webpack config
  const config = require(join(ROOT, "webpack.ui-test.config.js")) as webpack.Configuration;
  await new Promise<void>((resolve, reject) =>
    webpack(config, (error, stats) =>
      error || stats?.hasErrors()
        ? reject(error ?? new Error(stats!.toString("errors-only")))
        : resolve(),
    ),
  );
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

async function open(lang: "en-US" | "zh-CN"): Promise<Page> {
  const p = await browser.newPage();
  const errors: string[] = [];
  p.on("pageerror", (e) => errors.push(e.message));
  p.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await p.goto(`${pathToFileURL(join(ROOT, ".tmp/ui/harness.html")).href}?lang=${lang}`);
  await p.getByTestId("generate").waitFor();
  expect(errors).toEqual([]);
  return p;
}

const syncs = () =>
  page.evaluate(
    () => (window as unknown as { fakeExcel: { syncCount: number } }).fakeExcel.syncCount,
  );

describe("the task pane in Chromium", () => {
  beforeAll(async () => {
    page = await open("en-US");
  }, 60_000);

  it("generates one sheet per district in at most 3 syncs", async () => {
    await page.getByRole("textbox").fill("Heping\nHexi\n=SUM(1)");
    const before = await syncs();
    await page.getByTestId("generate").click();
    await page.getByText("Generated: Heping, Hexi, =SUM(1).").waitFor();
    // One sync to look for sheets to replace, then the apply itself.
    expect((await syncs()) - before).toBeLessThanOrEqual(1 + 3);
    const sheets = await page.evaluate(() =>
      (window as unknown as { fakeExcel: { sheets: { name: string }[] } }).fakeExcel.sheets.map(
        (s) => s.name,
      ),
    );
    expect(sheets).toEqual(expect.arrayContaining(["Heping", "Hexi", "=SUM(1)", "CTMM_Meta"]));
  }, 60_000);

  it("lists findings by severity, and a click selects the cell", async () => {
    await page.getByTestId("tab-validate").click();
    await page.getByTestId("check").click();
    await page.getByRole("heading", { name: /Warnings \(\d+\)/ }).waitFor();
    const first = page.getByTestId("findings").getByRole("link").first();
    const text = await first.textContent();
    expect(text).toMatch(/^Heping!E\d+$/);
    await first.click();
    await page.waitForFunction((cell) => {
      const fake = (
        window as unknown as { fakeExcel: { active: { name: string; selection?: string } | null } }
      ).fakeExcel;
      return fake.active?.name === "Heping" && (fake.active.selection ?? "") === cell;
    }, text!.split("!")[1]);
  }, 60_000);

  it("shows results after ratings are entered, and keeps entries when regenerating", async () => {
    const { sheets } = planWorkbook(BUILTIN_PACK, {
      language: "en-US",
      mode: "full",
      formulaStyle: "portable",
      districts: ["Heping"],
    });
    const { firstItemRow, lastItemRow, ratingColumns } = sheets[0]!.layout;
    const cells: string[] = [];
    for (let row = firstItemRow; row <= lastItemRow; row++) {
      ratingColumns.forEach((column) => cells.push(address(row, column)));
    }
    await page.evaluate((list) => {
      const fake = (
        window as unknown as { fakeExcel: { type: (s: string, a: string, v: unknown) => void } }
      ).fakeExcel;
      list.forEach((cell, i) =>
        fake.type(
          "Heping",
          cell,
          ["Fully met", "Fully met", "Largely met", "Partially met", "Not met"][i % 5],
        ),
      );
    }, cells);

    await page.getByTestId("tab-results").click();
    await page.getByTestId("refresh").click();
    await page.getByTestId("radar").first().waitFor();
    expect(await page.getByTestId("overall").first().textContent()).toBe("3 (3.63)");

    await page.getByTestId("tab-improve").click();
    await page.getByTestId("improve").click();
    await page.getByTestId("path").first().waitFor();
    expect(await page.getByTestId("path").first().textContent()).toContain(
      "Already at the target.",
    );

    await page.getByTestId("tab-generate").click();
    await page.getByRole("textbox").fill("Heping");
    await page.getByTestId("generate").click();
    await page.getByTestId("replace").click();
    await page.getByText("Generated: Heping.").waitFor();
    await page.getByTestId("tab-results").click();
    await page.getByTestId("refresh").click();
    await page.getByTestId("radar").first().waitFor();
    expect(await page.getByTestId("overall").first().textContent()).toBe("3 (3.63)");
  }, 60_000);

  it("speaks Chinese", async () => {
    const zh = await open("zh-CN");
    expect(await zh.getByTestId("tab-validate").textContent()).toBe("校验");
    expect(await zh.getByTestId("generate").textContent()).toBe("生成工作表");
    await zh.close();
  }, 60_000);
});
