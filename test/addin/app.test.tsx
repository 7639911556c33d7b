/** The task pane renders in both languages and shows the active model (server-side, no DOM). */
import { renderToStaticMarkup } from "react-dom/server";
import { App } from "../../src/taskpane/App";
import { MESSAGES, UI_LANGUAGES } from "../../src/taskpane/i18n";

const MODEL = { id: "ctmm-test-pack", version: "9.9.9" };

describe("App", () => {
  test.each(UI_LANGUAGES)("speaks %s and shows the model's id and version", (language) => {
    const html = renderToStaticMarkup(<App language={language} model={MODEL} inExcel />);
    expect(html).toContain(MESSAGES[language].title);
    expect(html).toContain(MESSAGES[language].activeModel);
    expect(html).toContain(MODEL.id);
    expect(html).toContain(MODEL.version);
    expect(html).toContain(`lang="${language}"`);
    expect(html).not.toContain("manifest.xml");
  });

  test("explains how to open the pane in Excel when Office is absent", () => {
    const html = renderToStaticMarkup(<App language="en-US" model={MODEL} inExcel={false} />);
    expect(html).toContain("manifest.xml");
    expect(html).toContain("Upload My Add-in");
  });
});
