/**
 * office.js for the browser tests: the page loads this in place of Microsoft's script (the test
 * routes the office.js address here), so the built task pane runs unchanged against the
 * in-memory Excel of test/host/. Query parameters set the scene:
 *
 * - `lang`: Office's display language (default en-US);
 * - `api`: the highest ExcelApi version the "Excel" supports (default 1.17);
 * - `settings`: JSON of the document settings the workbook carries.
 *
 * The test reaches the fake through `window.fakeExcel` and `window.fakeSettings`.
 */
import { FakeExcel } from "../host/fakeExcel";

const params = new URLSearchParams(location.search);
const fake = new FakeExcel(["Sheet1"]);
const settings = new Map<string, unknown>(
  Object.entries(JSON.parse(params.get("settings") ?? "{}") as Record<string, unknown>),
);
/** What `saveAsync` stored: the workbook's settings as a saved file would carry them. */
const saved: Record<string, unknown> = Object.fromEntries(settings);

const [major, minor] = (params.get("api") ?? "1.17").split(".").map(Number) as [number, number];
const supports = (version: string) => {
  const [wantMajor, wantMinor] = version.split(".").map(Number) as [number, number];
  return major > wantMajor || (major === wantMajor && minor >= (wantMinor ?? 0));
};

const office = {
  HostType: { Excel: "Excel" },
  PlatformType: { OfficeOnline: "OfficeOnline" },
  AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
  onReady: () => Promise.resolve({ host: "Excel", platform: "OfficeOnline" }),
  context: {
    displayLanguage: params.get("lang") ?? "en-US",
    requirements: {
      isSetSupported: (name: string, version = "1.1") => name === "ExcelApi" && supports(version),
    },
    document: {
      settings: {
        get: (key: string) => (settings.has(key) ? settings.get(key) : null),
        set: (key: string, value: unknown) => void settings.set(key, structuredClone(value)),
        remove: (key: string) => void settings.delete(key),
        saveAsync: (callback?: (result: { status: string }) => void) => {
          for (const [key, value] of settings) saved[key] = structuredClone(value);
          setTimeout(() => callback?.({ status: "succeeded" }), 0);
        },
      },
    },
  },
};

const excel = {
  /** One batch against the fake's context, as Excel.run gives each batch its own. */
  run: <T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> => batch(fake.context),
};

/** The custom functions the add-in registers, by id, so a test can call them as Excel would. */
const functions = new Map<string, (...args: unknown[]) => unknown>();
class CustomFunctionError extends Error {
  constructor(
    readonly code: string,
    message?: string,
  ) {
    super(message ?? code);
  }
}
const customFunctions = {
  associate: (id: string, fn: (...args: unknown[]) => unknown) => void functions.set(id, fn),
  Error: CustomFunctionError,
  ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A" },
};

Object.assign(window, {
  Office: office,
  Excel: excel,
  CustomFunctions: customFunctions,
  fakeExcel: fake,
  fakeSettings: saved,
  fakeFunctions: functions,
});
