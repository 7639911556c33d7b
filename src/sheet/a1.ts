import type { RangePlan } from "./plan";

/** An A1-style reference such as "E7" or "$E$7:$I$43". */
export type A1 = string & { readonly __brand: "A1" };

/** Column letters of a 0-based column index: 0 → "A", 26 → "AA". */
export function columnLetters(column: number): string {
  let letters = "";
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** The 0-based column index of column letters: "A" → 0, "AA" → 26. */
export function columnIndex(letters: string): number {
  let index = 0;
  for (const char of letters.toUpperCase()) index = index * 26 + (char.charCodeAt(0) - 64);
  return index - 1;
}

/**
 * The A1 address of a 0-based cell, relative or absolute.
 *
 * @example
 * address(6, 4); // "E7"
 * address(6, 4, true); // "$E$7"
 */
export function address(row: number, column: number, absolute = false): A1 {
  const dollar = absolute ? "$" : "";
  return `${dollar}${columnLetters(column)}${dollar}${row + 1}` as A1;
}

/** The A1 reference of a range: "E7:I43", or "E7" for a single cell. */
export function rangeAddress(range: RangePlan, absolute = false): A1 {
  const start = address(range.top, range.left, absolute);
  if (range.top === range.bottom && range.left === range.right) return start;
  return `${start}:${address(range.bottom, range.right, absolute)}` as A1;
}

/** Parses "E7", "$E$7" or "E7:I43" into a 0-based range; null if it is not one. */
export function parseRange(reference: string): RangePlan | null {
  const match = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?$/.exec(
    reference.trim(),
  );
  if (!match) return null;
  const top = Number(match[2]) - 1;
  const left = columnIndex(match[1]!);
  const bottom = match[4] ? Number(match[4]) - 1 : top;
  const right = match[3] ? columnIndex(match[3]) : left;
  return {
    top: Math.min(top, bottom),
    left: Math.min(left, right),
    bottom: Math.max(top, bottom),
    right: Math.max(left, right),
  };
}

/**
 * A sheet name quoted for use in a reference: 'My sheet'!A1. Quoting always is valid, and avoids
 * guessing which names (such as "A1" or "R1C1") would otherwise read as references.
 */
export function quoteSheetName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/**
 * A text literal in a formula: quoted, quotes doubled.
 *
 * @example formulaText('say "hi"'); // "\"say \"\"hi\"\"\""
 */
export function formulaText(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}
