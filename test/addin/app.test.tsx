/** The task pane renders in every state and both languages (server-side, no DOM, no Excel). */
import { renderToStaticMarkup } from "react-dom/server";
import { BUILTIN_PACK, describePack } from "../../src/model";
import { App } from "../../src/taskpane/App";
import type { WorkbookHost } from "../../src/taskpane/host";
import { MESSAGES, UI_LANGUAGES } from "../../src/taskpane/i18n";

/** A host that must not be called while rendering: rendering reads nothing from Excel. */
const host = new Proxy({} as WorkbookHost, {
  get: (_, name) => () => Promise.reject(new Error(`host.${String(name)} called while rendering`)),
});

describe("App", () => {
  test.each(UI_LANGUAGES)("speaks %s and shows every tab and the active model", (language) => {
    const html = renderToStaticMarkup(
      <App
        displayLanguage={language}
        status={{ kind: "ready", host, settings: { read: () => null, write: async () => {} } }}
      />,
    );
    const t = MESSAGES[language];
    expect(html).toContain(t.title);
    for (const tab of Object.values(t.tabs)) expect(html).toContain(tab);
    expect(html).toContain(describePack(BUILTIN_PACK));
    expect(html).toContain(`lang="${language}"`);
    expect(html).not.toContain("manifest.xml");
  });

  test("follows the language saved in the workbook over Office's", () => {
    const html = renderToStaticMarkup(
      <App
        displayLanguage="en-US"
        status={{
          kind: "ready",
          host,
          settings: { read: () => ({ uiLanguage: "zh-CN" }), write: async () => {} },
        }}
      />,
    );
    expect(html).toContain(MESSAGES["zh-CN"].tabs.generate);
    expect(html).toContain('lang="zh-CN"');
  });

  test("shows the threshold saved in the workbook as the active one", () => {
    const html = renderToStaticMarkup(
      <App
        displayLanguage="en-US"
        status={{
          kind: "ready",
          host,
          settings: { read: () => ({ threshold: 0.7 }), write: async () => {} },
        }}
      />,
    );
    expect(html).toContain("Threshold 0.7");
  });

  test("explains how to open the pane in Excel when Office is absent", () => {
    const html = renderToStaticMarkup(<App displayLanguage="en-US" status={{ kind: "outside" }} />);
    expect(html).toContain("manifest.xml");
    expect(html).toContain("Upload My Add-in");
  });

  test.each(UI_LANGUAGES)("says plainly when Excel is too old (%s)", (language) => {
    const html = renderToStaticMarkup(
      <App displayLanguage={language} status={{ kind: "tooOld" }} />,
    );
    expect(html).toContain(MESSAGES[language].tooOld);
    expect(html).not.toContain('data-testid="tab-generate"');
  });
});
