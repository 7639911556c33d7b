import { loadPack, PackError } from "../../src/model";
import type { PackJson } from "../helpers/packs";
import { builtinPackJson } from "../helpers/packs";

/** Loads a crafted pack and returns the refusal, failing the test if it was accepted. */
function refusal(edit: (pack: PackJson) => void): PackError {
  const pack = builtinPackJson();
  edit(pack);
  try {
    loadPack(pack);
  } catch (error) {
    expect(error).toBeInstanceOf(PackError);
    return error as PackError;
  }
  throw new Error("the pack was accepted");
}

describe("loadPack", () => {
  it("accepts the built-in pack as JSON and does not mutate its input", () => {
    const json = builtinPackJson();
    const before = JSON.stringify(json);
    expect(loadPack(json).domains).toHaveLength(6);
    expect(JSON.stringify(json)).toBe(before);
  });

  it("fills in defaults: equal weights, threshold 0.8, the standard scale", () => {
    const json = builtinPackJson();
    delete json.threshold;
    delete json.ratingScale;
    delete json.domains[0]!.weight;
    const pack = loadPack(json);
    expect(pack.threshold).toBe(0.8);
    expect(pack.ratingScale.map((o) => o.value)).toEqual([1, 0.8, 0.5, 0]);
    expect(pack.domains[0]!.weight).toBe(1);
  });

  // Each kind of bad pack is refused with a message naming the node at fault.
  const cases: [string, (pack: PackJson) => void, RegExp][] = [
    [
      "a duplicate item id",
      (p) => (p.domains[1]!.subdomains[0]!.items[1]!.id = "2.1.1"),
      /domain "2" › sub-domain "2\.1" › item "2\.1\.1": duplicate id \(already used by domain "2" › sub-domain "2\.1" › item "2\.1\.1"\)/,
    ],
    [
      "a sub-domain id reused by a domain",
      (p) => (p.domains[5]!.id = "1.1"),
      /domain "1\.1": duplicate id \(already used by domain "1" › sub-domain "1\.1"\)/,
    ],
    [
      "a missing English name",
      (p) => delete p.domains[1]!.subdomains[0]!.items[2]!.name["en-US"],
      /domain "2" › sub-domain "2\.1" › item "2\.1\.3": name has no en-US text/,
    ],
    [
      "a blank Chinese name",
      (p) => (p.domains[3]!.name["zh-CN"] = "  "),
      /domain "4": name has no zh-CN text/,
    ],
    [
      "a missing trait translation",
      (p) => ((p.domains[4]!.traits[2] as Record<string, string>)["en-US"] = ""),
      /domain "5": trait at level 3 has no en-US text/,
    ],
    [
      "a missing level name translation",
      (p) => delete (p.levels[3]!.name as Record<string, string>)["zh-CN"],
      /level 4: name has no zh-CN text/,
    ],
    [
      "a negative weight",
      (p) => (p.domains[2]!.subdomains[1]!.weight = -1),
      /domain "3" › sub-domain "3\.2": weight must be a finite number ≥ 0, got -1/,
    ],
    [
      "a weight that is not a number",
      (p) => ((p.domains[0]!.subdomains[0]!.items[0] as { weight?: unknown }).weight = "2"),
      /item "1\.1\.1": weight must be a finite number ≥ 0, got "2"/,
    ],
    [
      "all-zero weights among sibling items",
      (p) => p.domains[0]!.subdomains[1]!.items.forEach((item) => (item.weight = 0)),
      /domain "1" › sub-domain "1\.2": the weights of its items sum to 0/,
    ],
    [
      "all-zero weights among domains",
      (p) => p.domains.forEach((domain) => (domain.weight = 0)),
      /pack "ctmm-gb-20213294-T-469": the weights of its domains sum to 0/,
    ],
    [
      "four levels",
      (p) => p.levels.pop(),
      /pack "ctmm-gb-20213294-T-469": levels must hold exactly 5 levels, found 4/,
    ],
    [
      "six levels",
      (p) => p.levels.push({ ...p.levels[4]!, level: 6 }),
      /levels must hold exactly 5 levels, found 6/,
    ],
    ["levels out of order", (p) => p.levels.reverse(), /level 1: "level" must be 1/],
    [
      "four traits for a domain",
      (p) => p.domains[5]!.traits.pop(),
      /domain "6": traits must list the domain's characteristic at each of the 5 levels/,
    ],
    [
      "a sub-domain without items",
      (p) => (p.domains[4]!.subdomains[0]!.items = []),
      /domain "5" › sub-domain "5\.1": items must be a non-empty list/,
    ],
    [
      "an id with a space",
      (p) => (p.domains[0]!.subdomains[0]!.items[0]!.id = "1.1 1"),
      /item "1\.1 1": id must be/,
    ],
    ["a threshold above 1", (p) => (p.threshold = 1.5), /threshold must be a number in \(0, 1\]/],
    ["a threshold of 0", (p) => (p.threshold = 0), /threshold must be a number in \(0, 1\]/],
    ["no version", (p) => delete (p as { version?: string }).version, /version must be/],
    [
      "a scale without 0",
      (p) => (p.ratingScale = [{ value: 1, label: { "zh-CN": "是", "en-US": "Yes" } }]),
      /ratingScale must include the values 1 \(fully met\) and 0 \(not met\)/,
    ],
  ];

  it.each(cases)("refuses %s, naming the node", (_, edit, message) => {
    const error = refusal(edit);
    expect(error.code).toBe("PACK_INVALID");
    expect(error.problems.some((problem) => message.test(problem))).toBe(true);
    expect(error.message).toMatch(message);
  });

  it("lists every problem at once", () => {
    const error = refusal((p) => {
      p.levels.pop();
      delete p.domains[0]!.name["en-US"];
      p.domains[1]!.weight = -2;
    });
    expect(error.problems).toHaveLength(3);
  });

  it("refuses things that are not packs", () => {
    for (const raw of [null, 42, "pack", [], { id: "x" }]) {
      expect(() => loadPack(raw)).toThrow(PackError);
    }
  });
});
