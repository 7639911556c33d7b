import fc from "fast-check";
import { gapOf } from "../../src/functions/library";
import type { AssessmentInput, AssessmentMode, ImprovementOutcome, Level } from "../../src/model";
import {
  assess,
  BUILTIN_PACK,
  computeEffectiveWeights,
  findImprovementPath,
  findImprovementPaths,
  listItems,
  readItemRows,
} from "../../src/model";
import type { ModelPack } from "../../src/model";
import { packOfShape } from "../helpers/packs";

// The improvement path has three entry points — the engine's (vectors and weights), the task
// pane's (a pack and a sheet's input) and CTMM.GAP (raw Excel ranges) — and one promise: raise
// the listed items and the aggregate reaches the target, per the engine's `assess`.

const RUNS = { numRuns: 150 };

const fullCell = fc.constantFrom<unknown>(0, 0.5, 0.8, 1, 1, null, "Fully met", "部分满足");
const quickCell = fc.constantFrom<unknown>(0, 1, 2, 3, 4, 5, null, "三级（协同级）");
const naRow = (mode: AssessmentMode): unknown[] =>
  mode === "full" ? ["N/A", null, null, null, null] : ["不适用"];
const row = (mode: AssessmentMode) =>
  fc.oneof(
    {
      weight: 9,
      arbitrary: fc.array(
        mode === "full" ? fullCell : quickCell,
        mode === "full" ? { minLength: 5, maxLength: 5 } : { minLength: 1, maxLength: 1 },
      ),
    },
    { weight: 1, arbitrary: fc.constant(naRow(mode)) },
  );

/** A pack of 1-4 domains, 1-3 sub-domains each, 1-4 items each, with uneven weights. */
const pack: fc.Arbitrary<ModelPack> = fc
  .array(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }), {
    minLength: 1,
    maxLength: 4,
  })
  .chain((shape) =>
    fc
      .record({
        domains: fc.array(fc.constantFrom(0.5, 1, 2, 3), {
          minLength: shape.length,
          maxLength: shape.length,
        }),
        items: fc.array(fc.constantFrom(0, 1, 1, 2, 5), {
          minLength: shape.flat().reduce((n, m) => n + m, 0),
          maxLength: shape.flat().reduce((n, m) => n + m, 0),
        }),
      })
      .map(({ domains, items }) => {
        let next = 0;
        const itemWeights = shape.map((subdomains) =>
          subdomains.map((count) => {
            const weights = items.slice(next, (next += count));
            // Siblings need a positive sum; a weight of 0 elsewhere is allowed.
            return weights.every((w) => w === 0) ? [1, ...weights.slice(1)] : weights;
          }),
        );
        return packOfShape(shape, { domains, items: itemWeights });
      }),
  );

const mode = fc.constantFrom<AssessmentMode>("full", "quick");
const target = fc.integer({ min: 0, max: 5 }).map((l) => l as Level);

/**
 * A pack, a mode and an input over every item of the pack; sometimes a whole domain, or
 * everything, is N/A, so that aggregates with no applicable item come up too.
 */
const assessmentCase = fc
  .oneof({ weight: 3, arbitrary: pack }, { weight: 1, arbitrary: fc.constant(BUILTIN_PACK) })
  .chain((p) =>
    fc
      .tuple(mode, fc.constantFrom("none", "none", "none", "domain", "all"), fc.nat())
      .chain(([m, na, pick]) =>
        fc
          .array(row(m), { minLength: listItems(p).length, maxLength: listItems(p).length })
          .map((rows) => {
            const naDomain = p.domains[pick % p.domains.length]!;
            const ratings = new Map(
              listItems(p).map((placement, i): [string, unknown[]] => [
                placement.item.id,
                na === "all" || (na === "domain" && placement.domain === naDomain)
                  ? naRow(m)
                  : rows[i]!,
              ]),
            );
            return { pack: p, input: { mode: m, ratings } as AssessmentInput };
          }),
      ),
  );

/** The input with the given items raised to the target: fully met at 1..target, or level target. */
function raise(input: AssessmentInput, items: readonly string[], level: Level): AssessmentInput {
  const ratings = new Map(input.ratings);
  for (const id of items) {
    const old = ratings.get(id)!;
    ratings.set(id, input.mode === "quick" ? [level] : old.map((v, l) => (l < level ? 1 : v)));
  }
  return { mode: input.mode, ratings };
}

/** The level of the overall (domain null) or of one domain after `assess`. */
function levelOf(p: ModelPack, input: AssessmentInput, domain: string | null): number | null {
  const result = assess(p, input);
  const aggregate = domain === null ? result.overall : result.domains.find((d) => d.id === domain)!;
  return aggregate.result?.level ?? null;
}

describe("the improvement path, by every entry point", () => {
  it("raising the listed items reaches the target, and stopping one short does not", () => {
    fc.assert(
      fc.property(assessmentCase, target, ({ pack: p, input }, goal) => {
        const paths = findImprovementPaths(p, input, goal);
        const aggregates: [string | null, ImprovementOutcome][] = [
          [null, paths.overall],
          ...paths.domains.map((d): [string, ImprovementOutcome] => [d.id, d]),
        ];
        for (const [domain, outcome] of aggregates) {
          const before = levelOf(p, input, domain);
          if (outcome.status === "noApplicableItem") {
            expect(before).toBeNull();
            continue;
          }
          // Normalised pack weights leave every item something to gain.
          expect(outcome.status).toBe("path");
          const items = outcome.items!;
          expect(new Set(items).size).toBe(items.length);
          expect(levelOf(p, raise(input, items, goal), domain)).toBeGreaterThanOrEqual(goal);
          if (items.length === 0) expect(before).toBeGreaterThanOrEqual(goal);
          else
            expect(levelOf(p, raise(input, items.slice(0, -1), goal), domain)).toBeLessThan(goal);
          for (const id of items) {
            const placement = listItems(p).find((q) => q.item.id === id)!;
            expect(domain === null || placement.domain.id === domain).toBe(true);
            expect(input.ratings.get(id)!.some((v) => v === "N/A" || v === "不适用")).toBe(false);
          }
        }
      }),
      RUNS,
    );
  });

  it("the pane's paths, the engine's and CTMM.GAP's are the same items in the same order", () => {
    fc.assert(
      fc.property(assessmentCase, target, ({ pack: p, input }, goal) => {
        const paths = findImprovementPaths(p, input, goal);
        const rows = readItemRows(p, input);
        const weights = computeEffectiveWeights(p);
        const ctx = { pack: p, language: "en-US" as const };
        const aggregates: [string | null, ImprovementOutcome][] = [
          [null, paths.overall],
          ...paths.domains.map((d): [string, ImprovementOutcome] => [d.id, d]),
        ];
        for (const [domain, outcome] of aggregates) {
          const members = rows.filter((r) => domain === null || r.domain.id === domain);
          const ids = members.map((m) => m.item.id as string);
          // The engine, over the same vectors and effective weights.
          let engine: string[] | null;
          try {
            engine = findImprovementPath(
              members.map((m) => m.vector),
              members.map((m) => m.weight),
              goal,
              p.threshold,
            ).map((i) => ids[i]!);
          } catch {
            engine = null;
          }
          // CTMM.GAP, over the raw cells as Excel would pass the ranges.
          let gap: string[] | null;
          try {
            gap = gapOf(
              ctx,
              ids.map((id) => [...input.ratings.get(id)!]),
              goal,
              ids.map((id) => [weights.get(id as never)!]),
              ids.map((id) => [id]),
            )
              .map(([name]) => String(name))
              .filter((name) => name !== "");
          } catch {
            gap = null;
          }
          expect(engine).toEqual(outcome.items);
          expect(gap).toEqual(outcome.items);
        }
      }),
      RUNS,
    );
  });
});
