import type { ItemVector } from "../../src/model";
import {
  BUILTIN_PACK,
  CtmmError,
  findImprovementPath,
  findImprovementPaths,
  listItems,
} from "../../src/model";
import { packOfShape } from "../helpers/packs";
import { full, quick } from "../helpers/ratings";

// SPEC §3 worked example: level 2, blocked at S3 = 0.766667.
const a = [1, 1, 0.8, 0.5, 0];
const b = [1, 0.8, 0.5, 0, 0];
const c = [1, 1, 1, 0.8, 0.5];
const EXAMPLE = [full(...a), full(...b), full(...c)];
const EQUAL = [1, 1, 1];

/** The CtmmError a call throws. */
function errorOf(fn: () => unknown): CtmmError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CtmmError) return error;
    throw error;
  }
  throw new Error("expected a CtmmError");
}

describe("findImprovementPath (README, CTMM.GAP)", () => {
  it("follows README's worked example: b for level 3; b then a for level 4", () => {
    expect(findImprovementPath(EXAMPLE, EQUAL, 3, 0.8)).toEqual([1]);
    // After b, S3 = 0.93 is reached and only S4 is short: a gains 0.5, c 0.2.
    expect(findImprovementPath(EXAMPLE, EQUAL, 4, 0.8)).toEqual([1, 0]);
    // A heavy item is worth more.
    expect(findImprovementPath(EXAMPLE, [5, 1, 1], 4, 0.8)).toEqual([0]);
  });

  it("is empty when the target is already reached", () => {
    expect(findImprovementPath(EXAMPLE, EQUAL, 2, 0.8)).toEqual([]);
    expect(findImprovementPath(EXAMPLE, EQUAL, 0, 0.8)).toEqual([]);
  });

  it("raises quick-mode items to the target level", () => {
    // S = (1, 1, 0.67, 0.33, 0): for level 3 only b (level 2) gains.
    expect(findImprovementPath([quick(3), quick(2), quick(4)], EQUAL, 3, 0.8)).toEqual([1]);
  });

  it("breaks ties by the earlier row, and never proposes an N/A row", () => {
    const zero = full(0, 0, 0, 0, 0);
    expect(findImprovementPath([zero, zero], [1, 1], 1, 0.8)).toEqual([0, 1]);
    const withNa = [full(...a), full("N/A", null, null, null, null), full(...b), full(...c)];
    expect(findImprovementPath(withNa, [1, 1, 1, 1], 3, 0.8)).toEqual([2]);
    expect(findImprovementPath(withNa, [1, 1, 1, 1], 4, 0.8)).toEqual([2, 0]);
  });

  it("honours another threshold", () => {
    // θ = 0.7: S3 = 0.77 already counts, level 3; level 4 needs S4 ≥ 0.7 from 0.43.
    expect(findImprovementPath(EXAMPLE, EQUAL, 3, 0.7)).toEqual([]);
    expect(findImprovementPath(EXAMPLE, EQUAL, 4, 0.7)).toEqual([1]);
  });

  it("leaves its inputs as they were", () => {
    const vectors: ItemVector[] = [full(...a), full(...b), full(...c)];
    const weights = [1, 2, 3];
    const before = JSON.stringify([vectors, weights]);
    findImprovementPath(vectors, weights, 5, 0.8);
    expect(JSON.stringify([vectors, weights])).toBe(before);
  });

  it("throws NO_APPLICABLE_ITEM when nothing applies, whatever the target", () => {
    const na = full("N/A", null, null, null, null);
    for (const target of [0, 3] as const) {
      expect(errorOf(() => findImprovementPath([na, na], [1, 1], target, 0.8))).toMatchObject({
        code: "NO_APPLICABLE_ITEM",
        message: expect.stringMatching(/no applicable item/),
      });
    }
    // Applicable items that weigh nothing leave nothing to average either.
    expect(errorOf(() => findImprovementPath(EXAMPLE, [0, 0, 0], 3, 0.8)).code).toBe(
      "NO_APPLICABLE_ITEM",
    );
  });

  it("throws TARGET_UNREACHABLE, with the target, when no item has anything to gain", () => {
    // A weight so small that its gain underflows to 0: raising the item would not count.
    const error = errorOf(() =>
      findImprovementPath([full(0.5, 0.5, 0.5, 0.5, 0.5)], [5e-324], 1, 0.8),
    );
    expect(error).toMatchObject({ code: "TARGET_UNREACHABLE", params: { target: 1 } });
    expect(error.message).toMatch(/level 1 cannot be reached by raising these items/);
  });

  it("refuses a target outside 0..5, a bad threshold and weights that do not match", () => {
    expect(errorOf(() => findImprovementPath(EXAMPLE, EQUAL, 6 as never, 0.8)).code).toBe(
      "LEVEL_INVALID",
    );
    expect(errorOf(() => findImprovementPath(EXAMPLE, EQUAL, 2.5 as never, 0.8)).code).toBe(
      "LEVEL_INVALID",
    );
    expect(errorOf(() => findImprovementPath(EXAMPLE, EQUAL, 3, 0)).code).toBe("THRESHOLD_INVALID");
    expect(errorOf(() => findImprovementPath(EXAMPLE, [1, 1], 3, 0.8)).code).toBe("SHAPE_MISMATCH");
    expect(errorOf(() => findImprovementPath(EXAMPLE, [1, -1, 1], 3, 0.8)).code).toBe(
      "WEIGHTS_INVALID",
    );
  });
});

describe("findImprovementPaths (the task pane's Improvement path)", () => {
  const ids = ["1.1.1", "1.1.2", "1.1.3"];

  it("gives the overall and each domain's path as item ids", () => {
    const pack = packOfShape([[3]]);
    const input = {
      mode: "full" as const,
      ratings: new Map(ids.map((id, i) => [id, [a, b, c][i]!])),
    };
    expect(findImprovementPaths(pack, input, 4)).toEqual({
      target: 4,
      threshold: 0.8,
      overall: { status: "path", items: ["1.1.2", "1.1.1"] },
      domains: [{ id: "1", status: "path", items: ["1.1.2", "1.1.1"] }],
    });
    expect(findImprovementPaths(pack, input, 2).overall).toEqual({ status: "path", items: [] });
    expect(findImprovementPaths(pack, input, 4, { threshold: 0.7 }).overall.items).toEqual([
      "1.1.2",
    ]);
  });

  it("tells a domain with no applicable item from one that is already there", () => {
    const pack = packOfShape([[2], [1, 1]]);
    const input = {
      mode: "quick" as const,
      ratings: new Map<string, unknown[]>([
        ["1.1.1", [1]],
        ["1.1.2", [3]],
        ["2.1.1", ["N/A"]],
        ["2.2.1", ["不适用"]],
      ]),
    };
    const paths = findImprovementPaths(pack, input, 2);
    expect(paths.domains).toEqual([
      { id: "1", status: "path", items: ["1.1.1"] },
      { id: "2", status: "noApplicableItem", items: null },
    ]);
    expect(paths.overall).toEqual({ status: "path", items: ["1.1.1"] });
    const nothing = findImprovementPaths(pack, { mode: "quick", ratings: new Map() }, 0);
    expect(nothing.overall).toEqual({ status: "path", items: [] });
    const allNa = new Map(listItems(pack).map((p) => [p.item.id as string, ["N/A"]]));
    expect(findImprovementPaths(pack, { mode: "quick", ratings: allNa }, 1).overall).toEqual({
      status: "noApplicableItem",
      items: null,
    });
  });

  it("reports a domain whose items cannot gain anything as unreachable", () => {
    // Domain 2 weighs 5e-324 of the whole: its item's gains underflow to nothing.
    const pack = packOfShape([[1], [1]], { domains: [1, 5e-324] });
    const input = {
      mode: "full" as const,
      ratings: new Map<string, unknown[]>([
        ["1.1.1", [0, 0, 0, 0, 0]],
        ["2.1.1", [0.5, 0.5, 0.5, 0.5, 0.5]],
      ]),
    };
    const paths = findImprovementPaths(pack, input, 1);
    expect(paths.domains[1]).toEqual({ id: "2", status: "unreachable", items: null });
    expect(paths.overall).toEqual({ status: "path", items: ["1.1.1"] });
  });

  it("refuses input it cannot score, as assess does", () => {
    const unknown = { mode: "quick" as const, ratings: new Map([["9.9.9", [1]]]) };
    expect(errorOf(() => findImprovementPaths(BUILTIN_PACK, unknown, 3))).toMatchObject({
      code: "UNKNOWN_NODE",
    });
    const invalid = { mode: "quick" as const, ratings: new Map([["1.1.1", ["great"]]]) };
    expect(errorOf(() => findImprovementPaths(BUILTIN_PACK, invalid, 3))).toMatchObject({
      code: "RATING_INVALID",
      location: { nodeId: "1.1.1" },
    });
    const empty = { mode: "quick" as const, ratings: new Map() };
    expect(errorOf(() => findImprovementPaths(BUILTIN_PACK, empty, 7 as never)).code).toBe(
      "LEVEL_INVALID",
    );
  });
});
