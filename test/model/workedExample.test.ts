import { assess, BUILTIN_PACK, scoreRows } from "../../src/model";
import { packOfShape } from "../helpers/packs";
import { full, quick } from "../helpers/ratings";

// SPEC §3, worked example: three items, equal weights.
const a = [1, 1, 0.8, 0.5, 0];
const b = [1, 0.8, 0.5, 0, 0];
const c = [1, 1, 1, 0.8, 0.5];

describe("SPEC §3 worked example", () => {
  it("full mode: item levels 3, 2, 4; S as given; level 2; score 2.95833375", () => {
    const rows = [full(...a), full(...b), full(...c)];
    expect(rows.map((row) => scoreRows([row], [1], 0.8)!.level)).toEqual([3, 2, 4]);
    const result = scoreRows(rows, [1, 1, 1], 0.8)!;
    expect(result.levelScores).toEqual([1, 0.933333, 0.766667, 0.433333, 0.166667]);
    expect(result.level).toBe(2);
    expect(result.score).toBeCloseTo(2.95833375, 12);
    expect(result.score.toFixed(2)).toBe("2.96");
  });

  it("quick mode with item levels 3, 2, 4: S as given; level 2; score 2.83333375", () => {
    const rows = [quick(3), quick(2), quick(4)];
    const result = scoreRows(rows, [1, 1, 1], 0.8)!;
    expect(result.levelScores).toEqual([1, 1, 0.666667, 0.333333, 0]);
    expect(result.level).toBe(2);
    expect(result.score).toBeCloseTo(2.83333375, 12);
    expect(result.score.toFixed(2)).toBe("2.83");
  });

  it("gives the same through a whole assessment of a three-item pack, in both modes", () => {
    const pack = packOfShape([[3]]);
    const ids = ["1.1.1", "1.1.2", "1.1.3"];
    const fullResult = assess(pack, {
      mode: "full",
      ratings: new Map(ids.map((id, i) => [id, [a, b, c][i]!])),
    });
    expect(fullResult.overall.result).toEqual(
      expect.objectContaining({
        level: 2,
        levelScores: [1, 0.933333, 0.766667, 0.433333, 0.166667],
      }),
    );
    expect(fullResult.overall.result!.score).toBeCloseTo(2.95833375, 12);
    expect(fullResult.overall.blocker).toEqual({ level: 3, levelScore: 0.766667, threshold: 0.8 });
    expect(fullResult.items.map((item) => item.result!.level)).toEqual([3, 2, 4]);

    const quickResult = assess(pack, {
      mode: "quick",
      ratings: new Map(ids.map((id, i) => [id, [[3], [2], [4]][i]!])),
    });
    expect(quickResult.overall.result!.level).toBe(2);
    expect(quickResult.overall.result!.score).toBeCloseTo(2.83333375, 12);
  });

  it("gives the same with the labels of either language", () => {
    const zh = ["全部满足", "全部满足", "大部分满足", "部分满足", "不满足"];
    const en = ["Fully met", "Fully met", "Largely met", "Partially met", "Not met"];
    expect(full(...zh)).toEqual(full(...a));
    expect(full(...en)).toEqual(full(...a));
    expect(BUILTIN_PACK.threshold).toBe(0.8);
  });
});
