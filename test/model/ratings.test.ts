import fc from "fast-check";
import {
  BUILTIN_PACK,
  createRatingParser,
  CtmmError,
  describeInvalidRating,
  ratingKey,
  roundExcel,
  roundLevelScore,
  trimSpaces,
} from "../../src/model";
import { full, quick } from "../helpers/ratings";

const fullParser = createRatingParser(BUILTIN_PACK, "full");
const quickParser = createRatingParser(BUILTIN_PACK, "quick");

describe("rating cells (SPEC §3.1-3.3)", () => {
  it.each([
    [1, 1],
    [0.8, 0.8],
    [0.5, 0.5],
    [0, 0],
    ["全部满足", 1],
    [" 全部满足  ", 1],
    ["大部分满足", 0.8],
    ["部分满足", 0.5],
    ["不满足", 0],
    ["Fully met", 1],
    ["largely MET", 0.8],
    ["  Partially   met ", 0.5],
    ["Not met", 0],
  ])("full mode reads %j as %d", (raw, value) => {
    expect(fullParser.parse(raw)).toEqual({ kind: "rated", value });
  });

  it.each([null, undefined, "", "   "])("full mode reads %j as blank", (raw) => {
    expect(fullParser.parse(raw)).toEqual({ kind: "blank" });
  });

  it.each(["N/A", "n/a", "不适用", " N/A ", "不适用 "])("reads %j as not applicable", (raw) => {
    expect(fullParser.parse(raw)).toEqual({ kind: "na" });
    expect(quickParser.parse(raw)).toEqual({ kind: "na" });
  });

  it.each([0.7, 2, -1, NaN, Infinity, "yes", "=1", true, {}, "0.8.1", "Level 3"])(
    "full mode refuses %j",
    (raw) => {
      expect(fullParser.parse(raw)).toMatchObject({ kind: "invalid" });
    },
  );

  it.each([
    [0, 0],
    [3, 3],
    [5, 5],
    ["三级（协同级）", 3],
    ["Level 4 (Integrated)", 4],
    ["未达一级", 0],
    ["Below level 1", 0],
  ])("quick mode reads %j as level %d", (raw, value) => {
    expect(quickParser.parse(raw)).toEqual({ kind: "rated", value });
  });

  it.each([6, -1, 2.5, "Fully met", "x"])("quick mode refuses %j", (raw) => {
    expect(quickParser.parse(raw)).toMatchObject({ kind: "invalid" });
  });

  it("counts blanks as 0 and reports them missing", () => {
    expect(full(1, null, 0.5, "", 0)).toEqual({
      applicable: true,
      ratings: [1, 0, 0.5, 0, 0],
      missing: [1, 3],
    });
    expect(quick(null)).toEqual({ applicable: true, ratings: [0, 0, 0, 0, 0], missing: [0] });
  });

  it("scores quick level k as 1 at levels 1..k and 0 above", () => {
    expect(quick(3)).toEqual({ applicable: true, ratings: [1, 1, 1, 0, 0], missing: [] });
    expect(quick(0)).toEqual(full(0, 0, 0, 0, 0));
    expect(quick(5)).toEqual(full(1, 1, 1, 1, 1));
  });

  it("excludes an item with N/A in any cell, even mixed with ratings", () => {
    expect(full(1, "N/A", null, null, null)).toEqual({ applicable: false });
    expect(quick("不适用")).toEqual({ applicable: false });
  });

  it("refuses a bad cell with its column", () => {
    expect(() => full(1, 1, "maybe", 0, 0)).toThrow(CtmmError);
    try {
      full(1, 1, "maybe", 0, 0);
    } catch (error) {
      expect(error).toMatchObject({ code: "RATING_INVALID", location: { column: 2 } });
      expect((error as Error).message).toBe(
        "‘maybe’ is not a rating on the scale: the sheet counts it as 0; enter a rating on the scale or choose from the list",
      );
    }
  });

  it("refuses rows of the wrong width", () => {
    expect(() => full(1, 1, 1)).toThrow(/needs 5 rating cells, got 3/);
  });
});

describe("the one rating rule (SPEC §3.1): what the sheet's formulas cannot read", () => {
  // Each is what a district pastes or types; the sheet counts it as 0, so it is never a rating.
  it.each([
    ["full", "0.8", "numberAsText", 0.8],
    ["full", " 1 ", "numberAsText", 1],
    ["quick", "3", "numberAsText", 3],
    ["quick", " 3 ", "numberAsText", 3],
    ["quick", "３", "wideCharacters", 3],
    ["quick", "3\u00a0", "spaces", 3],
    ["quick", "三级(协同级)", "unknown", "三级（协同级）"],
    ["full", "不适用\u3000", "spaces", "不适用"],
    ["full", "N/A\u00a0", "spaces", "N/A"],
    ["full", "Fully met\n", "lineBreak", "Fully met"],
    ["full", "Ｆｕｌｌｙ met", "wideCharacters", "Fully met"],
    ["full", "Fully\u00a0met", "spaces", "Fully met"],
  ] as const)("%s mode: %j is %s, meaning %j", (mode, raw, problem, suggestion) => {
    const parser = mode === "full" ? fullParser : quickParser;
    expect(parser.parse(raw)).toEqual({ kind: "invalid", text: raw, problem, suggestion });
  });

  it.each([
    [true, "boolean"],
    [false, "boolean"],
    ["#N/A", "errorValue"],
    ["#DIV/0!", "errorValue"],
    [0.7, "offScale"],
    [0.8000000000001, "offScale"],
    ["*", "unknown"],
    ["全部满?", "unknown"],
  ] as const)("refuses %j (%s) with nothing to suggest", (raw, problem) => {
    const cell = fullParser.parse(raw);
    expect(cell).toMatchObject({ kind: "invalid", problem });
    expect(cell).not.toHaveProperty("suggestion");
  });

  it("says what a district sees and what to type instead", () => {
    const cell = quickParser.parse("3");
    if (cell.kind !== "invalid") throw new Error("expected an invalid cell");
    expect(describeInvalidRating(cell, "quick")).toEqual({
      "zh-CN": "“3”是以文本存储的数字：表格按 0 计；请重新输入 3 或从下拉列表选择",
      "en-US": "‘3’ is stored as text: the sheet counts it as 0; retype 3 or choose from the list",
    });
    const padded = fullParser.parse("Fully met\n");
    if (padded.kind !== "invalid") throw new Error("expected an invalid cell");
    expect(describeInvalidRating(padded, "full")["en-US"]).toBe(
      "‘Fully met⏎’ has a line break: the sheet counts it as 0; retype Fully met or choose from the list",
    );
  });

  it("keys texts as UPPER(TRIM(…)) does: ASCII spaces only", () => {
    expect(ratingKey("  fully   met ")).toBe("FULLY MET");
    expect(ratingKey("\u00a0fully met")).toBe("\u00a0FULLY MET");
    expect(trimSpaces(" a \t b ")).toBe("a \t b");
  });
});

describe("roundExcel", () => {
  it.each([
    [2.675, 2, 2.68],
    [0.0015625, 6, 0.001563],
    [-0.0015625, 6, -0.001563],
    [0.7666666666, 6, 0.766667],
    [14 / 15, 6, 0.933333],
    [0.8, 6, 0.8],
    [0, 6, 0],
    [1, 6, 1],
  ])("ROUND(%d, %d) = %d", (value, digits, expected) => {
    expect(roundExcel(value, digits)).toBe(expected);
  });
});

describe("roundLevelScore (SPEC §3.5, as the sheets compute it)", () => {
  it("rounds the quotient's noise away first, so a tie one unit below rounds as the tie", () => {
    // Gnumeric's SUMPRODUCT quotient on a real fill, where LibreOffice has 0.0390625 exactly.
    const below = 0.0390625 - 2 ** -57;
    expect(below).toBeLessThan(0.0390625);
    expect(roundLevelScore(below)).toBe(0.039063);
    expect(roundLevelScore(0.0390625)).toBe(0.039063);
    expect(roundLevelScore(14 / 15)).toBe(0.933333);
    expect(roundLevelScore(0.7666666666666667)).toBe(0.766667);
  });

  it("equals ROUND(q, 6) of the exact fraction, for fractions of small denominators", () => {
    for (let q = 1; q <= 400; q++)
      for (let p = 0; p <= q; p++) {
        // The exact p/q rounded half away from zero at 6 places, in integers.
        const exact = Math.floor((p * 1e6 * 2 + q) / (2 * q)) / 1e6;
        expect([p, q, roundLevelScore(p / q)]).toEqual([p, q, exact]);
      }
  });
});

describe("roundExcel's shortcut", () => {
  // The reference: always snap to 15 significant digits, then round half away from zero.
  const reference = (value: number, digits: number) => {
    if (!Number.isFinite(value) || value === 0) return value;
    const factor = 10 ** digits;
    const scaled = Number((Math.abs(value) * factor).toPrecision(15));
    return (Math.sign(value) * Math.floor(scaled + 0.5)) / factor;
  };

  it("equals always snapping, on random values and on ties", () => {
    const tie = fc
      .tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 1, max: 7 }))
      .map(([n, d]) => (n + 0.5) / 10 ** d);
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), tie),
        fc.integer({ min: 0, max: 8 }),
        (value, digits) => {
          expect(roundExcel(value, digits)).toBe(reference(value, digits));
        },
      ),
      { numRuns: 5000 },
    );
  });
});
