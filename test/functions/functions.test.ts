import * as ctmm from "../../src/functions/functions";
import { BUILTIN_PACK, describePack, listItems } from "../../src/model";
import {
  excelErrorOf,
  FakeCustomFunctionsError,
  installCustomFunctions,
} from "../helpers/customFunctions";

beforeAll(installCustomFunctions);

// SPEC §3 worked example.
const a = [1, 1, 0.8, 0.5, 0];
const b = [1, 0.8, 0.5, 0, 0];
const c = [1, 1, 1, 0.8, 0.5];
const EXAMPLE = [a, b, c];

const expectError = (fn: () => unknown, code: string, message: RegExp) => {
  const error = excelErrorOf(fn);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
};

describe("CTMM.LEVEL, CTMM.SCORE, CTMM.LEVELSCORES", () => {
  it("compute SPEC §3's worked example, full and quick", () => {
    expect(ctmm.level(EXAMPLE)).toBe(2);
    expect(ctmm.score(EXAMPLE)).toBeCloseTo(2.95833375, 12);
    expect(ctmm.levelScores(EXAMPLE)).toEqual([[1, 0.933333, 0.766667, 0.433333, 0.166667]]);
    expect(ctmm.level([[3], [2], [4]])).toBe(2);
    expect(ctmm.score([[3], [2], [4]])).toBeCloseTo(2.83333375, 12);
    expect(ctmm.levelScores([[3], [2], [4]])).toEqual([[1, 1, 0.666667, 0.333333, 0]]);
  });

  it("read labels of either language, blanks and N/A as the engine does", () => {
    const labelled = [
      ["全部满足", "Fully met", "大部分满足", "Partially met", ""],
      ["Fully met", "largely met", "部分满足", "不满足", null],
      [1, 1, 1, 0.8, 0.5],
      ["N/A", null, null, null, null],
      ["", "", "", "", ""],
    ];
    // The N/A row drops out; the blank row counts as all zeros.
    expect(ctmm.levelScores(labelled)).toEqual([[0.75, 0.7, 0.575, 0.325, 0.125]]);
    expect(ctmm.level(labelled)).toBe(0);
    expect(ctmm.level([["三级（协同级）"], ["Level 4 (Integrated)"], ["不适用"]])).toBe(3);
  });

  it("honour weights and a threshold", () => {
    expect(ctmm.level(EXAMPLE, [[0], [0], [1]])).toBe(4);
    expect(ctmm.level(EXAMPLE, [[1, 1, 1]])).toBe(2);
    expect(ctmm.level(EXAMPLE, undefined, 0.7)).toBe(3);
    expect(ctmm.score(EXAMPLE, [[0], [0], [1]])).toBeCloseTo(4 + 0.5 / 0.8, 12);
  });

  it.each([
    ["ratings of 3 columns", () => ctmm.level([[1, 1, 1]]), /5 columns .* or 1 .*, not 3/],
    [
      "a rating off the scale",
      () => ctmm.level([[1, 0.7, 0, 0, 0]]),
      /ratings row 1, column 2: ‘0.7’ is not on the scale: the sheet counts it as 0/,
    ],
    [
      "an unknown label",
      () =>
        ctmm.score([
          [1, 1, 1, 1, 1],
          [1, "Good", 0, 0, 0],
        ]),
      /ratings row 2, column 2: ‘Good’ is not a rating on the scale/,
    ],
    [
      "a level stored as text, which the sheet counts as 0",
      () => ctmm.level([[3], ["3"]]),
      /ratings row 2: ‘3’ is stored as text: the sheet counts it as 0; retype 3 or choose from the list/,
    ],
    [
      "N/A with a non-breaking space, which the sheet does not read as N/A",
      () =>
        ctmm.level([
          [1, 1, 1, 1, 1],
          ["N/A\u00a0", null, null, null, null],
        ]),
      /ratings row 2, column 1: ‘N\/A\u00a0’ has a non-breaking or ideographic space: the sheet counts it as 0; retype N\/A/,
    ],
    [
      "a quick level of 6",
      () => ctmm.level([[3], [6]]),
      /ratings row 2: ‘6’ is not on the scale: the sheet counts it as 0; enter a whole level 0–5/,
    ],
    [
      "weights that do not match",
      () => ctmm.level(EXAMPLE, [[1], [1]]),
      /weights has 2 entries but ratings has 3 rows/,
    ],
    [
      "a negative weight",
      () => ctmm.level(EXAMPLE, [[1], [-1], [1]]),
      /weights row 2: -1 is not a number ≥ 0/,
    ],
    [
      "a 2-D weights block",
      () =>
        ctmm.level(EXAMPLE, [
          [1, 1],
          [1, 1],
          [1, 1],
        ]),
      /weights must be a single column/,
    ],
    [
      "a threshold of 0",
      () => ctmm.level(EXAMPLE, undefined, 0),
      /threshold must be a number greater than 0 and at most 1/,
    ],
    [
      "a threshold above 1",
      () => ctmm.score(EXAMPLE, undefined, 1.5),
      /threshold must be a number greater than 0 and at most 1, not 1.5/,
    ],
    ["an empty range", () => ctmm.level([]), /ratings is empty/],
    [
      "a ragged range",
      () => ctmm.level([[1, 1, 1, 1, 1], [1]]),
      /not a rectangular range \(row 2\)/,
    ],
  ])("give #VALUE! for %s", (_, call, message) => {
    expectError(call, "#VALUE!", message);
  });

  it("give #N/A when no item applies", () => {
    expectError(
      () =>
        ctmm.level([
          ["N/A", 1, 1, 1, 1],
          ["不适用", "", "", "", ""],
        ]),
      "#N/A",
      /no applicable item/,
    );
    expectError(() => ctmm.score([[3]], [[0]]), "#N/A", /no applicable item/);
    expectError(() => ctmm.levelScores([["N/A"]]), "#N/A", /no applicable item/);
  });

  it("pass an error value in the range through", () => {
    const na = new FakeCustomFunctionsError("#N/A", "from a cell");
    expect(excelErrorOf(() => ctmm.level([[1, 1, na, 1, 1]]))).toBe(na);
    expect(excelErrorOf(() => ctmm.level(EXAMPLE, [[1], [na as never], [1]]))).toBe(na);
  });
});

describe("CTMM.LABEL and CTMM.TRAIT", () => {
  it("name levels in both languages, 0 included", () => {
    expect(ctmm.label(3, "zh-CN")).toBe("三级（协同级）");
    expect(ctmm.label(3, "en-US")).toBe("Level 3 (Collaborative)");
    expect(ctmm.label(0, "zh")).toBe("未达一级");
    expect(ctmm.label("5", "EN")).toBe("Level 5 (Leading)");
    // Without a language: Excel's display language, English outside Office.
    expect(ctmm.label(1)).toBe("Level 1 (Foundational)");
  });

  it("give the domain's trait by id or name", () => {
    expect(ctmm.trait(2, 3, "zh-CN")).toBe("集约部署，共建共用");
    expect(ctmm.trait("2", 3, "zh-CN")).toBe("集约部署，共建共用");
    expect(ctmm.trait("城市数字底座", 3, "zh-CN")).toBe("集约部署，共建共用");
    expect(ctmm.trait("urban digital foundation", 3, "en-US")).toBe(
      "Intensive deployment, co-built and shared",
    );
  });

  it.each([
    [() => ctmm.label(6), /level must be a whole number from 0 to 5, not 6/],
    [() => ctmm.label(""), /level must be a whole number from 0 to 5, not ""/],
    [() => ctmm.label(null), /level must be a whole number from 0 to 5, not ""/],
    [() => ctmm.trait(2, ""), /level must be a whole number from 1 to 5, not ""/],
    [() => ctmm.trait("", 2), /domain "" is not in the model/],
    [() => ctmm.label(2.5), /level must be a whole number/],
    [() => ctmm.label(3, "fr-FR"), /language must be "zh-CN" or "en-US", not "fr-FR"/],
    [() => ctmm.trait(7, 1), /domain 7 is not in the model/],
    [() => ctmm.trait(1, 0), /level must be a whole number from 1 to 5, not 0/],
  ])("give #VALUE! for bad arguments (%#)", (call, message) => {
    expectError(call, "#VALUE!", message);
  });
});

describe("CTMM.ITEMS and CTMM.VERSION", () => {
  it("list the model's items, or one domain's", () => {
    const all = ctmm.items(undefined, "zh-CN");
    expect(all).toHaveLength(37);
    expect(all[0]).toEqual(["1.1.1", "战略制定"]);
    expect(ctmm.items(5, "en-US")).toEqual([
      ["5.1.1", "Data- and AI-enabled industrial upgrading"],
      ["5.1.2", "New industries and business forms"],
    ]);
    expect(ctmm.items("Urban digital renewal")).toHaveLength(4);
    expectError(() => ctmm.items("9"), "#VALUE!", /domain "9" is not in the model/);
  });

  it("name the active pack", () => {
    expect(ctmm.version()).toBe(describePack(BUILTIN_PACK));
  });
});

describe("CTMM.GAP", () => {
  const ids = listItems(BUILTIN_PACK)
    .slice(0, 3)
    .map((p) => [p.item.id]);

  it("is empty when the target is reached", () => {
    expect(ctmm.gap(EXAMPLE, 2)).toEqual([[""]]);
    expect(ctmm.gap(EXAMPLE, 0)).toEqual([[""]]);
  });

  it("raises the item with the largest weighted gain first (README's worked example)", () => {
    // Level 3 needs S3 ≥ 0.8: raising b (0.5 at level 3) gains most; then S3 = 0.933333.
    expect(ctmm.gap(EXAMPLE, 3)).toEqual([[2]]);
    expect(ctmm.gap(EXAMPLE, 3, undefined, ids)).toEqual([["1.1.2"]]);
    // Level 4 is short at S3 and S4: b gains 0.5 + 1, a gains 0.2 + 0.5, c 0 + 0.2.
    expect(ctmm.gap(EXAMPLE, 4)).toEqual([[2], [1]]);
    // A heavy item is worth more.
    expect(ctmm.gap(EXAMPLE, 4, [[5], [1], [1]])).toEqual([[1]]);
  });

  it("reads labels, blanks and N/A rows like the other functions", () => {
    const labelled = [
      ["全部满足", "全部满足", "大部分满足", "部分满足", "不满足"],
      ["N/A", "", "", "", ""],
      ["Fully met", "Largely met", "Partially met", "", ""],
      ["Fully met", "Fully met", "Fully met", "Largely met", "Partially met"],
    ];
    // Without the N/A row this is SPEC §3's example; the N/A row is never proposed.
    expect(ctmm.gap(labelled, 3)).toEqual([[3]]);
    expect(ctmm.gap(labelled, 4)).toEqual([[3], [1]]);
  });

  it("reaches the target after the listed items are raised", () => {
    const raised = EXAMPLE.map((row) => [...row]);
    for (const [rowNumber] of ctmm.gap(EXAMPLE, 5) as number[][]) {
      for (let l = 0; l < 5; l++) raised[rowNumber! - 1]![l] = 1;
    }
    expect(ctmm.level(raised)).toBe(5);
  });

  it("gives #VALUE! for a bad target or names, #N/A when nothing applies", () => {
    expectError(() => ctmm.gap(EXAMPLE, 6), "#VALUE!", /target must be a whole number from 0 to 5/);
    expectError(
      () => ctmm.gap(EXAMPLE, 3, undefined, [["a"], ["b"]]),
      "#VALUE!",
      /names must be one column with one entry per ratings row \(3\)/,
    );
    expectError(() => ctmm.gap([["N/A"]], 3), "#N/A", /no applicable item/);
  });
});
