import fc from "fast-check";
import * as ctmm from "../../src/functions/functions";
import { BUILTIN_PACK, createRatingParser, scoreRows, toItemVector } from "../../src/model";
import { FakeCustomFunctionsError, installCustomFunctions } from "../helpers/customFunctions";
import { seededRandom } from "../helpers/fill";

beforeAll(installCustomFunctions);

const CALLS = 100_000;

/** Anything Excel (or a confused caller) might hand a function. */
function randomValue(random: () => number, depth = 0): unknown {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const kind = random();
  if (kind < 0.25 && depth === 0) return randomMatrix(random);
  if (kind < 0.45)
    return pick([
      1,
      0.8,
      0.5,
      0,
      2,
      3,
      5,
      6,
      -1,
      0.7,
      2.5,
      NaN,
      Infinity,
      -Infinity,
      -0,
      1e308,
      5e-324,
    ]);
  if (kind < 0.65) {
    return pick([
      "",
      " ",
      "N/A",
      "n/a",
      "不适用",
      "全部满足",
      "Fully met",
      "Largely MET",
      "部分满足",
      "不满足",
      "三级（协同级）",
      "Level 2 (Developing)",
      "zh-CN",
      "en-US",
      "zh",
      "fr",
      "2",
      "城市数字底座",
      "=1+1",
      "+1",
      "-1",
      "@A1",
      "0.8",
      "1e3",
      "\u0000",
      "\ud800",
      "x".repeat(300),
      "Infinity",
      "NaN",
    ]);
  }
  if (kind < 0.75) return pick([null, undefined]);
  if (kind < 0.82) return pick([true, false]);
  if (kind < 0.9)
    return new FakeCustomFunctionsError(
      pick(["#N/A", "#DIV/0!", "#REF!", "#VALUE!"]),
      "from a cell",
    );
  if (kind < 0.95) return pick([{}, { code: 1 }, [], [[]], [1, 2], Symbol.iterator.description]);
  return depth === 0 ? randomMatrix(random) : "";
}

function randomMatrix(random: () => number): unknown[][] {
  const shape = random();
  const rows =
    shape < 0.002
      ? 2000 + Math.floor(random() * 3000)
      : shape < 0.1
        ? 0
        : 1 + Math.floor(random() * 40);
  const columns = random() < 0.5 ? 5 : random() < 0.6 ? 1 : Math.floor(random() * 8);
  const clean = random() < 0.5;
  const scale = [1, 0.8, 0.5, 0];
  return Array.from({ length: rows }, () => {
    const width = random() < 0.03 ? Math.floor(random() * 7) : columns;
    return Array.from({ length: width }, () =>
      clean
        ? columns === 1
          ? Math.floor(random() * 6)
          : scale[Math.floor(random() * 4)]
        : randomValue(random, 1),
    );
  });
}

const FUNCTIONS: [string, number, (...args: unknown[]) => unknown][] = [
  ["LEVEL", 3, ctmm.level as (...args: unknown[]) => unknown],
  ["SCORE", 3, ctmm.score as (...args: unknown[]) => unknown],
  ["LEVELSCORES", 2, ctmm.levelScores as (...args: unknown[]) => unknown],
  ["LABEL", 2, ctmm.label as (...args: unknown[]) => unknown],
  ["TRAIT", 3, ctmm.trait as (...args: unknown[]) => unknown],
  ["GAP", 4, ctmm.gap as (...args: unknown[]) => unknown],
  ["ITEMS", 2, ctmm.items as (...args: unknown[]) => unknown],
  ["VERSION", 0, ctmm.version as (...args: unknown[]) => unknown],
];

/** What a successful call may return: a finite number, a text, or a non-empty matrix of those. */
function isExcelValue(value: unknown): boolean {
  const scalar = (v: unknown) =>
    (typeof v === "number" && Number.isFinite(v)) || typeof v === "string";
  if (scalar(value)) return true;
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (row) =>
        Array.isArray(row) && row.length > 0 && row.length === value[0].length && row.every(scalar),
    )
  );
}

describe("every CTMM function under fuzzed arguments", () => {
  it(`returns a value or an Excel error with a message, over ${CALLS.toLocaleString("en-US")} calls`, () => {
    const random = seededRandom(20261125);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < CALLS; i++) {
      const [name, arity, fn] = FUNCTIONS[i % FUNCTIONS.length]!;
      const count = Math.floor(random() * (arity + 2));
      const args = Array.from({ length: count }, () => randomValue(random));
      let outcome: string;
      try {
        const value = fn(...args);
        if (!isExcelValue(value))
          throw new Error(`${name}(${show(args)}) returned ${show([value])}`);
        outcome = "value";
      } catch (error) {
        if (!(error instanceof FakeCustomFunctionsError)) {
          throw new Error(`${name}(${show(args)}) threw ${String(error)}`, { cause: error });
        }
        // Either our own error with a message, or an error value passed through from the arguments.
        const passedThrough = args.some(
          (a) =>
            a === error ||
            (Array.isArray(a) && a.some((r) => Array.isArray(r) && r.includes(error))),
        );
        if (!passedThrough) expect(error.message && error.message.length > 0).toBe(true);
        outcome = passedThrough ? "passed-through" : error.code;
      }
      outcomes.set(`${name} ${outcome}`, (outcomes.get(`${name} ${outcome}`) ?? 0) + 1);
    }
    // The fuzzing reached values and both error kinds for the aggregate functions.
    for (const name of ["LEVEL", "SCORE", "LEVELSCORES"]) {
      expect(outcomes.get(`${name} value`)).toBeGreaterThan(100);
      expect(outcomes.get(`${name} #VALUE!`)).toBeGreaterThan(100);
      expect(outcomes.get(`${name} #N/A`) ?? 0).toBeGreaterThan(0);
    }
  }, 120_000);
});

function show(values: unknown[]): string {
  return values
    .map((v) =>
      Array.isArray(v)
        ? `[${v.length}×${Array.isArray(v[0]) ? v[0].length : "?"}]`
        : typeof v === "symbol"
          ? "symbol"
          : JSON.stringify(v),
    )
    .join(", ");
}

describe("the functions agree with the engine on random matrices", () => {
  const parser = createRatingParser(BUILTIN_PACK, "full");
  const labels = new Map(BUILTIN_PACK.ratingScale.map((o) => [o.value, o.label]));
  const rows = fc.array(fc.array(fc.constantFrom(1, 0.8, 0.5, 0), { minLength: 5, maxLength: 5 }), {
    minLength: 1,
    maxLength: 60,
  });

  it("unweighted numbers (the fast path) and the same as labels (the general path)", () => {
    fc.assert(
      fc.property(rows, fc.boolean(), (matrix, zh) => {
        const engine = scoreRows(
          matrix.map((r) => toItemVector(r.map(parser.parse), "full")),
          matrix.map(() => 1),
          0.8,
        )!;
        const asLabels = matrix.map((r) => r.map((v) => labels.get(v)![zh ? "zh-CN" : "en-US"]));
        for (const input of [matrix, asLabels]) {
          expect(ctmm.level(input)).toBe(engine.level);
          expect(ctmm.score(input)).toBe(engine.score);
          expect(ctmm.levelScores(input)).toEqual([engine.levelScores]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("hands every number off the scale to the general path, with its result or error", () => {
    // Near the scale (floating-point neighbours), off it, and not a rating at all.
    const odd = [
      0.75,
      0.3,
      2,
      -1,
      -0,
      1e-300,
      NaN,
      Infinity,
      1000,
      0.8000000000000002,
      0.7999999999999999,
      0.5000000000000001,
      1.0000000000000002,
      0.9999999999999999,
    ];
    const outcome = (run: () => unknown) => {
      try {
        return run();
      } catch (error) {
        return String((error as { code?: string }).code ?? error);
      }
    };
    const ones = Array.from({ length: 37 }, () => [1]);
    for (const value of odd)
      for (const column of [0, 2, 4]) {
        const matrix = Array.from({ length: 37 }, (_, r) =>
          [1, 1, 0.8, 0.5, 0].map((v, c) => (r === 5 && c === column ? value : v)),
        );
        // Explicit weights always take the general path: the fast one must agree with it.
        expect([value, column, outcome(() => ctmm.level(matrix))]).toEqual([
          value,
          column,
          outcome(() => ctmm.level(matrix, ones)),
        ]);
        expect([value, column, outcome(() => ctmm.score(matrix))]).toEqual([
          value,
          column,
          outcome(() => ctmm.score(matrix, ones)),
        ]);
      }
  });

  it("with weights, thresholds, blanks and N/A", () => {
    const cell = fc.constantFrom<unknown>(1, 0.8, 0.5, 0, null, "", "N/A");
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.array(cell, { minLength: 5, maxLength: 5 }),
            fc.double({ min: 0, max: 10, noNaN: true }),
          ),
          { minLength: 1, maxLength: 40 },
        ),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (pairs, theta) => {
          const matrix = pairs.map(([r]) => r);
          const weights = pairs.map(([, w]) => [w]);
          const engine = scoreRows(
            matrix.map((r) =>
              toItemVector(
                r.map((v) => parser.parse(v === "" ? null : v)),
                "full",
              ),
            ),
            weights.map(([w]) => w!),
            theta,
          );
          if (engine === null) {
            expect(() => ctmm.level(matrix, weights, theta)).toThrow(FakeCustomFunctionsError);
            return;
          }
          expect(ctmm.level(matrix, weights, theta)).toBe(engine.level);
          expect(ctmm.score(matrix, weights, theta)).toBe(engine.score);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("in quick mode", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 60 }),
        (levels) => {
          const engine = scoreRows(
            levels.map((k) => toItemVector([{ kind: "rated", value: k }], "quick")),
            levels.map(() => 1),
            0.8,
          )!;
          expect(ctmm.level(levels.map((k) => [k]))).toBe(engine.level);
          expect(ctmm.score(levels.map((k) => [k]))).toBe(engine.score);
          // A level stored as text is what the sheet counts as 0: an error here (SPEC §3.1).
          expect(() => ctmm.level(levels.map((k) => [String(k)]))).toThrow(/is stored as text/);
        },
      ),
      { numRuns: 500 },
    );
  });
});
