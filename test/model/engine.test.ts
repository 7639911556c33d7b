import {
  assess,
  BUILTIN_PACK,
  computeEffectiveWeights,
  CtmmError,
  scoreRows,
} from "../../src/model";
import { packOfShape } from "../helpers/packs";
import { full, quick } from "../helpers/ratings";

const allItems = (cells: unknown[]) =>
  new Map(
    BUILTIN_PACK.domains.flatMap((d) =>
      d.subdomains.flatMap((s) => s.items.map((i) => [i.id as string, cells])),
    ),
  );

describe("effective weights (SPEC §3.4)", () => {
  it("are the product of the factors normalised among siblings, and sum to 1", () => {
    const weights = computeEffectiveWeights(BUILTIN_PACK);
    expect(weights.size).toBe(37);
    // Domain 2 has four sub-domains; 2.1 has four items: 1/6 × 1/4 × 1/4.
    expect(weights.get("2.1.1" as never)).toBeCloseTo(1 / 96, 15);
    // Domain 5 has one sub-domain with two items: 1/6 × 1 × 1/2.
    expect(weights.get("5.1.2" as never)).toBeCloseTo(1 / 12, 15);
    expect([...weights.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("follow the pack's own weights", () => {
    const pack = packOfShape([[2], [1]], { domains: [3, 1], items: [[[1, 3]]] });
    const weights = computeEffectiveWeights(pack);
    expect(weights.get("1.1.1" as never)).toBeCloseTo(0.75 * 0.25, 15);
    expect(weights.get("1.1.2" as never)).toBeCloseTo(0.75 * 0.75, 15);
    expect(weights.get("2.1.1" as never)).toBeCloseTo(0.25, 15);
  });
});

describe("assess", () => {
  it("rates an all-'fully met' assessment level 5 everywhere", () => {
    const result = assess(BUILTIN_PACK, { mode: "full", ratings: allItems([1, 1, 1, 1, 1]) });
    expect(result.overall.result).toEqual({ level: 5, score: 5, levelScores: [1, 1, 1, 1, 1] });
    expect(result.overall.blocker).toBeNull();
    expect(result.domains).toHaveLength(6);
    expect(result.subdomains).toHaveLength(17);
    expect(result.items).toHaveLength(37);
    for (const aggregate of [...result.domains, ...result.subdomains]) {
      expect(aggregate.result!.level).toBe(5);
    }
  });

  it("counts absent items as blank: level 0, every cell missing", () => {
    const result = assess(BUILTIN_PACK, { mode: "full", ratings: new Map() });
    expect(result.overall.result).toEqual({ level: 0, score: 0, levelScores: [0, 0, 0, 0, 0] });
    expect(result.overall.blocker).toEqual({ level: 1, levelScore: 0, threshold: 0.8 });
    expect(result.items.every((item) => item.missing.length === 5)).toBe(true);
  });

  it("gives no level to an aggregate whose items are all N/A", () => {
    const ratings = allItems([1, 1, 0.8, 0, 0]);
    ratings.set("5.1.1", ["N/A", null, null, null, null]);
    ratings.set("5.1.2", ["不适用", "", "", "", ""]);
    const result = assess(BUILTIN_PACK, { mode: "full", ratings });
    const domain5 = result.domains.find((d) => d.id === "5")!;
    expect(domain5).toMatchObject({ applicableItems: 0, result: null, blocker: null });
    expect(result.items.find((i) => i.id === "5.1.1")).toMatchObject({
      applicable: false,
      result: null,
      missing: [],
    });
    expect(result.overall.applicableItems).toBe(35);
    expect(result.overall.result!.level).toBe(3);
  });

  it("gives no overall level when nothing applies", () => {
    const result = assess(BUILTIN_PACK, { mode: "quick", ratings: allItems(["N/A"]) });
    expect(result.overall.result).toBeNull();
  });

  it("honours a threshold override", () => {
    const ratings = allItems([1, 0.8, 0.5, 0.5, 0]);
    expect(assess(BUILTIN_PACK, { mode: "full", ratings }).overall.result!.level).toBe(2);
    expect(
      assess(BUILTIN_PACK, { mode: "full", ratings }, { threshold: 0.5 }).overall.result!.level,
    ).toBe(4);
    expect(() => assess(BUILTIN_PACK, { mode: "full", ratings }, { threshold: 0 })).toThrow(
      /threshold must be a number greater than 0 and at most 1/,
    );
  });

  it("names the item and column of a bad rating", () => {
    const ratings = allItems([1, 1, 1, 1, 1]);
    ratings.set("3.2.1", [1, 1, "excellent", 1, 1]);
    expect(() => assess(BUILTIN_PACK, { mode: "full", ratings })).toThrow(
      new CtmmError(
        "RATING_INVALID",
        "item 3.2.1: ‘excellent’ is not a rating on the scale: the sheet counts it as 0; enter a rating on the scale or choose from the list",
      ),
    );
    try {
      assess(BUILTIN_PACK, { mode: "full", ratings });
    } catch (error) {
      expect(error).toMatchObject({ location: { nodeId: "3.2.1", column: 2 } });
    }
  });

  it("refuses ratings of an item the model does not have", () => {
    expect(() =>
      assess(BUILTIN_PACK, { mode: "quick", ratings: new Map([["9.9.9", [3]]]) }),
    ).toThrow(/the model has no item "9.9.9"/);
  });

  it("does not mutate its input", () => {
    const row = [1, "N/A", null, 0.8, 0];
    const ratings = new Map([["1.1.1", row]]);
    assess(BUILTIN_PACK, { mode: "full", ratings });
    expect(row).toEqual([1, "N/A", null, 0.8, 0]);
    expect([...ratings.keys()]).toEqual(["1.1.1"]);
  });
});

describe("scoreRows", () => {
  it("refuses weights that do not match the rows, or are negative", () => {
    expect(() => scoreRows([quick(1), quick(2)], [1], 0.8)).toThrow(/2 rating rows but 1 weights/);
    expect(() => scoreRows([quick(1)], [-1], 0.8)).toThrow(
      expect.objectContaining({ code: "WEIGHTS_INVALID", location: { row: 0 } }),
    );
    expect(() => scoreRows([quick(1)], [NaN], 0.8)).toThrow(/not a number ≥ 0/);
  });

  it("gives no result when the applicable weights sum to 0", () => {
    expect(scoreRows([quick(3), full("N/A", 0, 0, 0, 0)], [0, 1], 0.8)).toBeNull();
    expect(scoreRows([], [], 0.8)).toBeNull();
  });

  it("keeps floor(score) at the level when S/θ rounds up to 1 in floating point", () => {
    // Found by the property test: S_5 = 0.05 just under θ = 0.05000000000000001.
    const rows = [
      full(0, 0, 0, 1, 0),
      full(0, 0, 0, 0, 0),
      full(0, 1, 0, 0, 0.5),
      full(1, 0, 0.8, 0, 0),
      full(0, 0, 0, 0, 0),
    ];
    const result = scoreRows(rows, [7, 1, 1, 1, 0], 0.05000000000000001)!;
    expect(result.levelScores).toEqual([0.1, 0.1, 0.08, 0.7, 0.05]);
    expect(result.level).toBe(4);
    expect(Math.floor(result.score)).toBe(4);
    expect(result.score).toBeCloseTo(5, 12);
  });

  it("reaches a level exactly at the threshold", () => {
    expect(scoreRows([full(0.8, 0.8, 0.8, 0.8, 0.8)], [1], 0.8)!.level).toBe(5);
    expect(scoreRows([full(0.8, 0.8, 0.5, 1, 1)], [1], 0.8)).toEqual({
      level: 2,
      score: 2 + 0.5 / 0.8,
      levelScores: [0.8, 0.8, 0.5, 1, 1],
    });
  });
});
