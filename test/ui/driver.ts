/**
 * A driver for the task pane in headless Chromium: serves the production build (dist/) on
 * localhost, answers the office.js address with the test host (test/ui/fakeOffice.ts, bundled by
 * webpack.ui-test.config.js), refuses every other address (the pane must work offline), and
 * collects console errors.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import webpack from "webpack";

export const ROOT = join(__dirname, "..", "..");
const DIST = join(ROOT, "dist");
const OFFICE_JS = join(ROOT, ".tmp", "ui", "office.js");
/** Screenshots go here; `CTMM_SCREENSHOTS=docs` writes them where the README shows them. */
export const SCREENSHOTS =
  process.env.CTMM_SCREENSHOTS === "docs"
    ? join(ROOT, "docs", "screenshots")
    : join(ROOT, ".tmp", "screenshots");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".xml": "application/xml",
};

export interface PaneSession {
  readonly browser: Browser;
  readonly url: string;
  /** Requests to anything but localhost and office.js: must stay empty. */
  readonly external: string[];
  close(): Promise<void>;
}

/** Builds the office.js stand-in, starts the server and the browser. */
export async function startSession(): Promise<PaneSession> {
  if (!existsSync(join(DIST, "taskpane.html")))
    throw new Error("dist/taskpane.html is missing: run `npm run build` first (npm test does)");
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS webpack config
  const config = require(join(ROOT, "webpack.ui-test.config.js")) as webpack.Configuration;
  await new Promise<void>((resolve, reject) =>
    webpack(config, (error, stats) =>
      error || stats?.hasErrors()
        ? reject(error ?? new Error(stats!.toString("errors-only")))
        : resolve(),
    ),
  );
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url!, "http://x").pathname));
    const file = join(DIST, path);
    if (!file.startsWith(DIST) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const browser = await chromium.launch({
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
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    browser,
    url: `http://127.0.0.1:${port}/taskpane.html`,
    external: [],
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface OpenOptions {
  /** Office's display language. */
  readonly lang?: "en-US" | "zh-CN";
  /** The highest ExcelApi version "Excel" supports. */
  readonly api?: string;
  /** Document settings the workbook carries. */
  readonly settings?: Record<string, unknown>;
}

export interface PanePage {
  readonly page: Page;
  /** Console errors and uncaught exceptions: must stay empty. */
  readonly errors: string[];
}

/** Opens the pane in a new page the size of Excel's task pane. */
export async function openPane(session: PaneSession, options: OpenOptions = {}): Promise<PanePage> {
  const page = await session.browser.newPage({ viewport: { width: 380, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url === "https://appsforoffice.microsoft.com/lib/1/hosted/office.js")
      return route.fulfill({ path: OFFICE_JS, contentType: "text/javascript" });
    if (url.startsWith("http://127.0.0.1:")) return route.continue();
    session.external.push(url);
    return route.abort();
  });
  const query = new URLSearchParams({
    lang: options.lang ?? "en-US",
    ...(options.api ? { api: options.api } : {}),
    ...(options.settings ? { settings: JSON.stringify(options.settings) } : {}),
  });
  await page.goto(`${session.url}?${query}`);
  return { page, errors };
}

/** The fake workbook as the test sees it. */
export interface FakeView {
  readonly syncCount: number;
  readonly sheets: readonly string[];
  readonly active: string | null;
  readonly selection: string | null;
}

export function fakeView(page: Page): Promise<FakeView> {
  return page.evaluate(() => {
    const fake = (
      window as unknown as {
        fakeExcel: {
          syncCount: number;
          sheets: { name: string; deleted?: boolean }[];
          active: { name: string; selection?: string } | null;
        };
      }
    ).fakeExcel;
    return {
      syncCount: fake.syncCount,
      sheets: fake.sheets.filter((s) => !s.deleted).map((s) => s.name),
      active: fake.active?.name ?? null,
      selection: fake.active?.selection ?? null,
    };
  });
}

/** Types values into cells as a user would (Excel's parsing, protection respected). */
export function typeCells(
  page: Page,
  sheet: string,
  entries: readonly (readonly [string, unknown])[],
): Promise<void> {
  return page.evaluate(
    ({ sheet, entries }) => {
      const fake = (
        window as unknown as {
          fakeExcel: { type: (s: string, a: string, v: unknown) => void };
        }
      ).fakeExcel;
      for (const [cell, value] of entries) fake.type(sheet, cell, value);
    },
    { sheet, entries },
  );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
