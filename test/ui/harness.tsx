/**
 * The task pane in a plain page, against the in-memory Excel: the real App, the real Office JS
 * workbook service and adapter, only Excel itself stood in for. Built and driven by taskpane.test.ts.
 */
import { createRoot } from "react-dom/client";
import { BUILTIN_PACK } from "../../src/model";
import { App } from "../../src/taskpane/App";
import { createOfficeWorkbookService } from "../../src/taskpane/officeWorkbookService";
import { FakeExcel } from "../helpers/fakeExcel";

const fake = new FakeExcel(["Sheet1"]);
(window as unknown as { fakeExcel: FakeExcel }).fakeExcel = fake;
const excel = {
  run: <T,>(batch: (context: Excel.RequestContext) => Promise<T>) => batch(fake.context),
} as unknown as typeof Excel;
const language = new URLSearchParams(location.search).get("lang") === "zh-CN" ? "zh-CN" : "en-US";
createRoot(document.getElementById("root")!).render(
  <App
    language={language}
    model={BUILTIN_PACK}
    inExcel
    workbook={{ service: createOfficeWorkbookService(BUILTIN_PACK, excel), pack: BUILTIN_PACK }}
  />,
);
