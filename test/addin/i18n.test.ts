/** The task pane's languages: how one is chosen, and that both say everything. */
import { MESSAGES, UI_LANGUAGES, pickUiLanguage } from "../../src/taskpane/i18n";

describe("pickUiLanguage", () => {
  test.each([
    ["zh-CN", undefined, "zh-CN"],
    ["zh-TW", undefined, "zh-CN"],
    ["ZH-cn", undefined, "zh-CN"],
    ["zh", undefined, "zh-CN"],
    ["en-US", "zh-CN", "en-US"],
    ["en-GB", undefined, "en-US"],
    ["de-DE", undefined, "en-US"],
    ["zhx", undefined, "en-US"],
    [undefined, "zh-Hans-CN", "zh-CN"],
    ["", "zh-CN", "zh-CN"],
    [undefined, "fr-FR", "en-US"],
    [undefined, undefined, "en-US"],
  ])("Office %p, browser %p → %s", (office, browser, expected) => {
    expect(pickUiLanguage(office, browser)).toBe(expected);
  });
});

describe("MESSAGES", () => {
  test("has the same non-empty keys in every language", () => {
    // Every leaf as "path: text"; message functions are called with sample arguments.
    const leaves = (value: unknown, path: string): [string, string][] => {
      if (typeof value === "string") return [[path, value]];
      if (typeof value === "function")
        return [[path, String(value(...Array.from({ length: value.length }, () => ["A", "B"])))]];
      return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
        leaves(v, `${path}.${k}`),
      );
    };
    const keys = leaves(MESSAGES["en-US"], "")
      .map(([path]) => path)
      .sort();
    for (const language of UI_LANGUAGES) {
      const texts = leaves(MESSAGES[language], "");
      expect(texts.map(([path]) => path).sort()).toEqual(keys);
      expect(texts.filter(([, text]) => text.trim() === "" || text.includes("undefined"))).toEqual(
        [],
      );
    }
  });

  test("names the pane as the manifest does", () => {
    expect(MESSAGES["en-US"].title).toBe("CTMM for Excel");
    expect(MESSAGES["zh-CN"].title).toBe("CTMM 成熟度评估");
  });
});
