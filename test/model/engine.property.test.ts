import fc from "fast-check";
import type { ItemVector, ModelPack } from "../../src/model";
import { assess, BUILTIN_PACK, listItems, loadPack, scoreRows } from "../../src/model";
import { builtinPackJson } from "../helpers/packs";
import { full, quick } from "../helpers/ratings";

const RUNS = { numRuns: 400 };
const SCALE = [0, 0.5, 0.8, 1] as const;

const fullCell = fc.constantFrom<unknown>(...SCALE, null);
const fullRow = fc.array(fullCell, { minLength: 5, maxLength: 5 });
const weight = fc.oneof(
  fc.constant(1),
  fc.integer({ min: 0, max: 9 }),
  fc.double({ min: 0, max: 100, noNaN: true, noDefaultInfinity: true }),
);
const threshold = fc.oneof(
  fc.constant(0.8),
  fc.double({ min: 0.05, max: 1, noNaN: true, noDefaultInfinity: true }),
);
/** Rated rows (some with blanks, some N/A) with a weight each. */
const weightedRows = fc.array(
  fc.record({
    cells: fullRow,
    na: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
    weight,
  }),
  { minLength: 1, maxLength: 40 },
);

const toVectors = (rows: { cells: unknown[]; na: boolean }[]): ItemVector[] =>
  rows.map((row) => (row.na ? full("N/A", ...row.cells.slice(1)) : full(...row.cells)));

/** Raw ratings for every item of the built-in pack, in full mode. */
const fullAssessment = fc.array(
  fc.oneof(fullRow, fc.constant<unknown[]>(["N/A", null, null, null, null])),
  {
    minLength: 37,
    maxLength: 37,
  },
);
const quickAssessment = fc.array(
  fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant<unknown>("N/A"), fc.constant<unknown>(null)),
  {
    minLength: 37,
    maxLength: 37,
  },
);
const ITEM_IDS = listItems(BUILTIN_PACK).map((p) => p.item.id as string);
const byItem = <T>(rows: readonly T[]) => new Map(ITEM_IDS.map((id, i) => [id, rows[i]!]));

/** Every level result of an assessment, keyed by aggregate id. */
function aggregates(pack: ModelPack, mode: "full" | "quick", ratings: Map<string, unknown[]>) {
  const result = assess(pack, { mode, ratings });
  return new Map(
    [result.overall, ...result.domains, ...result.subdomains].map((a) => [a.id, a.result] as const),
  );
}

describe("engine properties", () => {
  it("a level never drops, and a score never falls, when any rating rises", () => {
    fc.assert(
      fc.property(
        weightedRows,
        threshold,
        fc.nat(),
        fc.nat(4),
        fc.nat(3),
        (rows, theta, pick, column, step) => {
          const index = pick % rows.length;
          const before = scoreRows(
            toVectors(rows),
            rows.map((r) => r.weight),
            theta,
          );
          const current = rows[index]!.cells[column];
          const raised = SCALE.filter((v) => v > (typeof current === "number" ? current : -1));
          fc.pre(raised.length > 0);
          const cells = [...rows[index]!.cells];
          cells[column] = raised[step % raised.length];
          const after = scoreRows(
            toVectors(rows.map((r, i) => (i === index ? { ...r, cells } : r))),
            rows.map((r) => r.weight),
            theta,
          );
          if (before === null) return after === null;
          expect(after!.level).toBeGreaterThanOrEqual(before.level);
          expect(after!.score).toBeGreaterThanOrEqual(before.score);
          return true;
        },
      ),
      RUNS,
    );
  });

  it("a level never drops anywhere in the model when any item's rating rises (quick mode)", () => {
    fc.assert(
      fc.property(
        quickAssessment,
        fc.nat(36),
        fc.integer({ min: 1, max: 5 }),
        (levels, index, rise) => {
          const current = levels[index];
          const raisedLevels = [...levels];
          raisedLevels[index] = Math.min(5, (typeof current === "number" ? current : 0) + rise);
          fc.pre(current !== "N/A");
          const before = aggregates(BUILTIN_PACK, "quick", byItem(levels.map((l) => [l])));
          const after = aggregates(BUILTIN_PACK, "quick", byItem(raisedLevels.map((l) => [l])));
          for (const [id, result] of before) {
            if (result) expect(after.get(id)!.level).toBeGreaterThanOrEqual(result.level);
          }
        },
      ),
      RUNS,
    );
  });

  it("floor(score) equals the level, and scores lie in [0, 5]", () => {
    fc.assert(
      fc.property(weightedRows, threshold, (rows, theta) => {
        const result = scoreRows(
          toVectors(rows),
          rows.map((r) => r.weight),
          theta,
        );
        if (result === null) return;
        expect(Math.floor(result.score)).toBe(result.level);
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(5);
        for (const s of result.levelScores) {
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(1);
        }
      }),
      RUNS,
    );
  });

  it("floor(score) equals the level and scores lie in [0, 5] for every aggregate of a whole assessment", () => {
    fc.assert(
      fc.property(fullAssessment, threshold, (rows, theta) => {
        const result = assess(
          BUILTIN_PACK,
          { mode: "full", ratings: byItem(rows) },
          { threshold: theta },
        );
        for (const aggregate of [result.overall, ...result.domains, ...result.subdomains]) {
          if (aggregate.result === null) continue;
          expect(Math.floor(aggregate.result.score)).toBe(aggregate.result.level);
          expect(aggregate.result.score).toBeGreaterThanOrEqual(0);
          expect(aggregate.result.score).toBeLessThanOrEqual(5);
        }
      }),
      RUNS,
    );
  });

  it("quick mode equals its equivalent full matrix", () => {
    fc.assert(
      fc.property(quickAssessment, (levels) => {
        const asFull = levels.map((l): unknown[] =>
          l === "N/A"
            ? ["N/A", "N/A", "N/A", "N/A", "N/A"]
            : [1, 2, 3, 4, 5].map((k) => (k <= ((l as number | null) ?? 0) ? 1 : 0)),
        );
        const quickResult = assess(BUILTIN_PACK, {
          mode: "quick",
          ratings: byItem(levels.map((l) => [l])),
        });
        const fullResult = assess(BUILTIN_PACK, { mode: "full", ratings: byItem(asFull) });
        const strip = (r: typeof quickResult) =>
          [r.overall, ...r.domains, ...r.subdomains, ...r.items].map((a) => a.result);
        expect(strip(quickResult)).toEqual(strip(fullResult));
      }),
      RUNS,
    );
  });

  it("quick level k scores as the row of k ones", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ k: fc.integer({ min: 0, max: 5 }), weight }), {
          minLength: 1,
          maxLength: 40,
        }),
        threshold,
        (rows, theta) => {
          const weights = rows.map((r) => r.weight);
          const fromQuick = scoreRows(
            rows.map((r) => quick(r.k)),
            weights,
            theta,
          );
          const fromFull = scoreRows(
            rows.map((r) => full(...[1, 2, 3, 4, 5].map((l) => (l <= r.k ? 1 : 0)))),
            weights,
            theta,
          );
          expect(fromQuick).toEqual(fromFull);
        },
      ),
      RUNS,
    );
  });

  it("the order of the items does not change any aggregate", () => {
    fc.assert(
      fc.property(weightedRows, threshold, fc.integer(), (rows, theta, seed) => {
        const order = shuffle(
          rows.map((_, i) => i),
          seed,
        );
        const original = scoreRows(
          toVectors(rows),
          rows.map((r) => r.weight),
          theta,
        );
        const permuted = order.map((i) => rows[i]!);
        expect(
          scoreRows(
            toVectors(permuted),
            permuted.map((r) => r.weight),
            theta,
          ),
        ).toEqual(original);
      }),
      RUNS,
    );
  });

  it("reordering domains, sub-domains and items in the pack does not change any aggregate", () => {
    fc.assert(
      fc.property(fullAssessment, fc.integer(), (rows, seed) => {
        const json = builtinPackJson();
        json.domains = shuffle(json.domains, seed).map((d, i) => ({
          ...d,
          subdomains: shuffle(d.subdomains, seed + i).map((s, j) => ({
            ...s,
            items: shuffle(s.items, seed + i * 7 + j),
          })),
        }));
        const shuffled = loadPack(json);
        expect(aggregates(shuffled, "full", byItem(rows))).toEqual(
          aggregates(BUILTIN_PACK, "full", byItem(rows)),
        );
      }),
      RUNS,
    );
  });

  it("an N/A item is the same as a removed item", () => {
    fc.assert(
      fc.property(weightedRows, threshold, fc.nat(), (rows, theta, pick) => {
        const index = pick % rows.length;
        const withNa = rows.map((r, i) => (i === index ? { ...r, na: true } : r));
        const removed = rows.filter((_, i) => i !== index);
        expect(
          scoreRows(
            toVectors(withNa),
            withNa.map((r) => r.weight),
            theta,
          ),
        ).toEqual(
          scoreRows(
            toVectors(removed),
            removed.map((r) => r.weight),
            theta,
          ),
        );
      }),
      RUNS,
    );
  });

  it("an N/A item leaves every aggregate as if its rows were gone (whole assessment)", () => {
    fc.assert(
      fc.property(fullAssessment, fc.nat(36), (rows, index) => {
        const withNa = [...rows];
        withNa[index] = ["N/A", 1, 1, 1, 1];
        const result = assess(BUILTIN_PACK, { mode: "full", ratings: byItem(withNa) });
        const item = result.items[index]!;
        expect(item.applicable).toBe(false);
        // The domain of the N/A item, recomputed from its other items with their effective weights.
        const others = result.items.filter((i) => i.domainId === item.domainId && i.id !== item.id);
        const expected = scoreRows(
          others.map((o) => full(...(byItem(withNa).get(o.id) as unknown[]))),
          others.map((o) => o.effectiveWeight),
          0.8,
        );
        expect(result.domains.find((d) => d.id === item.domainId)!.result).toEqual(expected);
      }),
      RUNS,
    );
  });
});

/** A deterministic Fisher-Yates shuffle driven by a seed (mulberry32), so failures replay. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const result = [...items];
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}
