import { BUILTIN_PACK, levelLabel, listItems } from "../../src/model";
import type { Level } from "../../src/model";
import { readSpecTable } from "../helpers/spec";

describe("the built-in pack", () => {
  it("holds exactly the ids and names of SPEC §2.2, in document order", () => {
    const expected = readSpecTable("### 2.2");
    const actual = BUILTIN_PACK.domains.flatMap((domain) => [
      [domain.id, domain.name["zh-CN"], domain.name["en-US"]],
      ...domain.subdomains.flatMap((subdomain) => [
        [subdomain.id, subdomain.name["zh-CN"], subdomain.name["en-US"]],
        ...subdomain.items.map((item) => [item.id, item.name["zh-CN"], item.name["en-US"]]),
      ]),
    ]);
    expect(expected).toHaveLength(60);
    expect(actual).toEqual(expected);
  });

  it("has 6 domains, 17 sub-domains and 37 items with D.S.I ids", () => {
    expect(BUILTIN_PACK.domains).toHaveLength(6);
    expect(BUILTIN_PACK.domains.flatMap((d) => d.subdomains)).toHaveLength(17);
    const items = listItems(BUILTIN_PACK);
    expect(items).toHaveLength(37);
    for (const { item, subdomain, domain } of items) {
      expect(subdomain.id.startsWith(`${domain.id}.`)).toBe(true);
      expect(item.id).toMatch(new RegExp(`^${subdomain.id.replace(".", "\\.")}\\.\\d+$`));
    }
  });

  it("carries table 2.3's traits for every domain and level", () => {
    const expected = readSpecTable("### 2.3");
    expect(expected).toHaveLength(6);
    for (const [id, ...traits] of expected) {
      const domain = BUILTIN_PACK.domains.find((d) => d.id === id)!;
      expect(domain.traits.map((t) => t["zh-CN"])).toEqual(traits);
      for (const trait of domain.traits) expect(trait["en-US"]).toMatch(/^[A-Z][a-z]/);
    }
  });

  it("names the five levels as SPEC §2.1, with summaries and descriptions in both languages", () => {
    const expected = readSpecTable("### 2.1");
    expect(expected).toHaveLength(5);
    for (const [level, zh, en, summary] of expected) {
      const definition = BUILTIN_PACK.levels[Number(level) - 1]!;
      expect(definition.name).toEqual({ "zh-CN": zh, "en-US": en });
      expect(definition.summary["zh-CN"]).toBe(summary);
      expect(definition.summary["en-US"]).not.toBe("");
      expect(definition.description["zh-CN"].length).toBeGreaterThan(40);
      expect(definition.description["en-US"].length).toBeGreaterThan(80);
    }
  });

  it("labels level 0 as below level 1", () => {
    expect(levelLabel(BUILTIN_PACK, 0, "zh-CN")).toBe("未达一级");
    expect(levelLabel(BUILTIN_PACK, 0, "en-US")).toBe("Below Level 1");
    expect(levelLabel(BUILTIN_PACK, 3 as Level, "zh-CN")).toBe("三级（协同级）");
  });

  it("uses the rating scale and threshold of SPEC §3", () => {
    expect(BUILTIN_PACK.threshold).toBe(0.8);
    expect(
      BUILTIN_PACK.ratingScale.map((o) => [o.value, o.label["zh-CN"], o.label["en-US"]]),
    ).toEqual([
      [1, "全部满足", "Fully met"],
      [0.8, "大部分满足", "Largely met"],
      [0.5, "部分满足", "Partially met"],
      [0, "不满足", "Not met"],
    ]);
  });
});
