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
    const keys = Object.keys(MESSAGES["en-US"]).sort();
    for (const language of UI_LANGUAGES) {
      expect(Object.keys(MESSAGES[language]).sort()).toEqual(keys);
      expect(Object.values(MESSAGES[language]).filter((text) => text.trim() === "")).toEqual([]);
    }
  });

  test("names the pane as the manifest does", () => {
    expect(MESSAGES["en-US"].title).toBe("CTMM for Excel");
    expect(MESSAGES["zh-CN"].title).toBe("CTMM 成熟度评估");
  });
});
