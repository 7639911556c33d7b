/**
 * `npm run bench`: CTMM.LEVEL on a 37×5 range against a bare loop doing the same arithmetic on the
 * same input, in the same run (SPEC §9: within 2×). Prints the figures and the ratio; exits 1 if
 * the ratio is above the bar.
 */
import { level } from "../src/functions/functions";

const ROWS = 37;
const SCALE = [1, 0.8, 0.5, 0];
const THETA = 0.8;

/**
 * The same seeded 37×5 ratings for both contenders: numbers, as Excel passes a filled range, rated
 * as assessors do (high up to some level, lower above), so that levels 0-5 all occur.
 */
function makeRatings(seed: number): number[][] {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const target = seed % 6;
  return Array.from({ length: ROWS }, () =>
    Array.from({ length: 5 }, (_, l) =>
      l < target ? [1, 1, 1, 0.8][Math.floor(random() * 4)]! : SCALE[Math.floor(random() * 4)]!,
    ),
  );
}

/** The arithmetic of SPEC §3 and nothing else: weighted level scores, rounding, the level. */
function bareLevel(ratings: number[][]): number {
  const sums = [0, 0, 0, 0, 0];
  let weightSum = 0;
  for (let r = 0; r < ratings.length; r++) {
    const row = ratings[r]!;
    weightSum += 1;
    for (let l = 0; l < 5; l++) sums[l]! += row[l]!;
  }
  let result = 0;
  for (let l = 0; l < 5; l++) {
    const s = Math.round((sums[l]! / weightSum) * 1e6) / 1e6;
    if (s < THETA) break;
    result++;
  }
  return result;
}

function time(
  label: string,
  fn: (input: number[][]) => number,
  inputs: number[][][],
  rounds: number,
): number {
  let sink = 0;
  // Warm up so both run optimised code.
  for (let i = 0; i < 2000; i++) sink += fn(inputs[i % inputs.length]!);
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) sink += fn(inputs[i % inputs.length]!);
  const nanos = Number(process.hrtime.bigint() - start) / rounds;
  console.log(
    `${label.padEnd(28)} ${(nanos / 1000).toFixed(2).padStart(8)} µs per call  (checksum ${sink})`,
  );
  return nanos;
}

const inputs = Array.from({ length: 64 }, (_, i) => makeRatings(i + 1));
for (const input of inputs) {
  if (level(input) !== bareLevel(input)) throw new Error("CTMM.LEVEL and the bare loop disagree");
}
const rounds = 200_000;
const results: number[] = [];
for (let trial = 0; trial < 3; trial++) {
  const bare = time("bare loop (37×5)", bareLevel, inputs, rounds);
  const ctmm = time("CTMM.LEVEL (37×5)", (input) => level(input), inputs, rounds);
  results.push(ctmm / bare);
}
const ratio = Math.min(...results);
console.log(
  `CTMM.LEVEL / bare loop: ${ratio.toFixed(2)}× (best of ${results.length} trials; bar ≤ 2×)`,
);
process.exitCode = ratio <= 2 ? 0 : 1;
