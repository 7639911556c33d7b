import type { SheetPlan } from "./plan";
import { rangeAddress } from "./a1";

/**
 * A fingerprint of a sheet's structure: every formula, every locked constant (ids, names,
 * labels) and every defined name, but none of the inputs. A returned workbook whose fingerprint
 * differs had its formulas or locked cells changed, or rows inserted or deleted.
 * Not a security measure: it catches accidents and casual edits, not a determined forger.
 */
export function fingerprintSheet(plan: SheetPlan, inputs: ReadonlySet<string>): string {
  const parts: string[] = [];
  const cells = [...plan.cells].sort((a, b) => a.row - b.row || a.column - b.column);
  for (const cell of cells) {
    const key = `${cell.row},${cell.column}`;
    if (inputs.has(key)) continue;
    if (cell.formula !== undefined) parts.push(`${key}=${cell.formula}`);
    else if (cell.value !== null && cell.value !== undefined)
      parts.push(`${key}:${String(cell.value)}`);
  }
  for (const name of [...plan.names].sort((a, b) => a.name.localeCompare(b.name))) {
    parts.push(`${name.name}>${rangeAddress(name.range)}`);
  }
  return hash(parts.join("\n"));
}

/** cyrb53: a fast 53-bit string hash, as 14 hex digits. */
export function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
}
