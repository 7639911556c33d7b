/**
 * The task pane's composition root: finds out where it runs, picks the language and renders.
 */
import { createRoot } from "react-dom/client";
import { BUILTIN_PACK } from "../model";
import { App } from "./App";
import { createOfficeWorkbookService } from "./officeWorkbookService";
import { MESSAGES, pickUiLanguage } from "./i18n";

interface HostInfo {
  readonly inExcel: boolean;
  readonly displayLanguage?: string;
}

/**
 * Waits for office.js. Outside Office (a plain browser, or office.js could not be loaded) the pane
 * still renders, in the browser's language.
 */
async function detectHost(): Promise<HostInfo> {
  if (typeof Office === "undefined") return { inExcel: false };
  const info = await Office.onReady();
  if (info.host !== Office.HostType.Excel) return { inExcel: false };
  return { inExcel: true, displayLanguage: Office.context.displayLanguage };
}

async function main(): Promise<void> {
  const host = await detectHost();
  const language = pickUiLanguage(host.displayLanguage, navigator.language);
  document.documentElement.lang = language;
  document.title = MESSAGES[language].title;
  const container = document.getElementById("root");
  if (container === null) throw new Error("taskpane.html has no #root element");
  createRoot(container).render(
    <App
      language={language}
      model={BUILTIN_PACK}
      inExcel={host.inExcel}
      {...(host.inExcel
        ? { workbook: { service: createOfficeWorkbookService(BUILTIN_PACK), pack: BUILTIN_PACK } }
        : {})}
    />,
  );
}

void main();
