/**
 * The task pane's composition root: finds out where it runs, checks that Excel is new enough,
 * wires the Office services and the shared pack store, and renders.
 */
import { createRoot } from "react-dom/client";
import { activePack } from "../functions/activePack";
import type { PaneStatus } from "./App";
import { App } from "./App";
import { MESSAGES, pickUiLanguage } from "./i18n";
import { createDocumentSettingsStore, createOfficeWorkbookHost } from "./officeHost";
import { activePackOf, parseSettings } from "./settings";

/** The Excel JavaScript API the adapters need (RangeAreas, getCellProperties). */
export const REQUIRED_EXCEL_API = "1.9";

/**
 * Waits for office.js. Outside Office (a plain browser, or office.js could not be loaded) the pane
 * still renders, in the browser's language, and says how to open it in Excel.
 */
async function detect(): Promise<{ status: PaneStatus; displayLanguage?: string }> {
  if (typeof Office === "undefined") return { status: { kind: "outside" } };
  const info = await Office.onReady();
  if (info.host !== Office.HostType.Excel) return { status: { kind: "outside" } };
  const displayLanguage = Office.context.displayLanguage;
  if (!Office.context.requirements.isSetSupported("ExcelApi", REQUIRED_EXCEL_API))
    return { status: { kind: "tooOld" }, displayLanguage };
  const settings = createDocumentSettingsStore();
  // The functions compute with the workbook's model from the start, before the pane is used.
  activePack.set(activePackOf(parseSettings(settings.read())).pack);
  return {
    status: { kind: "ready", host: createOfficeWorkbookHost(), settings },
    displayLanguage,
  };
}

async function main(): Promise<void> {
  const { status, displayLanguage } = await detect();
  const language = pickUiLanguage(displayLanguage, navigator.language);
  document.documentElement.lang = language;
  document.title = MESSAGES[language].title;
  const container = document.getElementById("root");
  if (container === null) throw new Error("taskpane.html has no #root element");
  createRoot(container).render(
    <App
      displayLanguage={language}
      status={status}
      onPackChange={(pack) => activePack.set(pack)}
    />,
  );
}

void main();
