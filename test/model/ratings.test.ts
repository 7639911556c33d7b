import fc from "fast-check";
import { BUILTIN_PACK, createRatingParser, CtmmError, roundExcel } from "../../src/model";
import { full, quick } from "../helpers/ratings";

const fullParser = createRatingParser(BUILTIN_PACK, "full");
const quickParser = createRatingParser(BUILTIN_PACK, "quick");

describe("rating cells (SPEC §3.1-3.3)", () => {
  it.each([
    [1, 1],
    [0.8, 0.8],
    [0.5, 0.5],
    [0, 0],
    ["0.8", 0.8],
    [" 1 ", 1],
    [0.8000000000001, 0.8],
    ["全部满足", 1],
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

  it.each(["N/A", "n/a", "不适用", " N/A "])("reads %j as not applicable", (raw) => {
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
    ["5", 5],
    ["三级（协同级）", 3],
    ["三级(协同级)", 3],
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
      expect((error as Error).message).toBe('"maybe" is not a rating on the scale');
    }
  });

  it("refuses rows of the wrong width", () => {
    expect(() => full(1, 1, 1)).toThrow(/needs 5 rating cells, got 3/);
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
