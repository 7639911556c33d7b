/** The rules Excel applies to a defined name before it accepts it. */
import { columnIndex } from "../../src/sheet/a1";
import { MAX_COLUMNS, MAX_ROWS } from "./workbook";

/**
 * Why Excel would refuse this defined name, or null when it is valid: at most 255 characters;
 * a letter, "_" or "\" first, then letters, digits, "_", "." or "\"; not a cell reference of the
 * grid (A1 … XFD1048576, in either case), not R1C1-like ("R", "C", "R1", "C3", "R2C3", "RC"),
 * not TRUE or FALSE. "CTMM1" is valid: CTMM is past the last column, XFD.
 *
 * @example
 * definedNameError("CTMM_Ratings"); // null
 * definedNameError("ctm1"); // 'the name "ctm1" is a cell reference'
 */
export function definedNameError(name: string): string | null {
  if (name.length === 0) return "the name is empty";
  if (name.length > 255) return `the name is ${name.length} characters; Excel allows 255`;
  if (!/^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u.test(name))
    return `the name "${name}" has a character Excel does not allow in names`;
  const cell = /^([A-Za-z]{1,3})(\d+)$/.exec(name);
  if (cell && columnIndex(cell[1]!) < MAX_COLUMNS && +cell[2]! >= 1 && +cell[2]! <= MAX_ROWS)
    return `the name "${name}" is a cell reference`;
  if (/^[RC]$|^[RC]\d+$|^R\d*C\d*$/i.test(name)) return `the name "${name}" is an R1C1 reference`;
  if (/^(TRUE|FALSE)$/i.test(name)) return `the name "${name}" is a boolean`;
  return null;
}
