import type { ItemVector, RatingCell } from "../../src/model";
import { BUILTIN_PACK, createRatingParser, toItemVector } from "../../src/model";

const fullParser = createRatingParser(BUILTIN_PACK, "full");
const quickParser = createRatingParser(BUILTIN_PACK, "quick");

/** A full-mode item vector from five raw cells, e.g. `full(1, 1, 0.8, "部分满足", null)`. */
export function full(...cells: unknown[]): ItemVector {
  return toItemVector(cells.map(fullParser.parse), "full");
}

/** A quick-mode item vector from one raw cell, e.g. `quick(3)` or `quick("N/A")`. */
export function quick(cell: unknown): ItemVector {
  return toItemVector([quickParser.parse(cell)], "quick");
}

export const rated = (value: number): RatingCell => ({ kind: "rated", value });
