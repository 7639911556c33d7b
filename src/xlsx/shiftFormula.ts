import { columnIndex, columnLetters } from "../sheet/a1";

const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;

// One token per match: a string literal, a quoted sheet name, a bracketed part (external or
// structured reference), a cell reference, a column range, a row range, any other identifier
// (function or defined name) or a number. Cell references are shifted; the rest is copied.
const TOKEN =
  /"(?:[^"]|"")*"|'(?:[^']|'')*'|\[[^\]]*\]|(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})(?![A-Za-z0-9_(.])|(\$?)([A-Za-z]{1,3}):(\$?)([A-Za-z]{1,3})(?![A-Za-z0-9_(.])|(\$?)([0-9]{1,7}):(\$?)([0-9]{1,7})(?![0-9.])|[A-Za-z_\\][A-Za-z0-9_.\\]*|[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?/g;

/**
 * The formula of a cell that shares the formula of another cell `rows` below and `columns` to the
 * right of it (SpreadsheetML shared formulas, ECMA-376 Part 1, 18.3.1.40): relative references
 * move by the offset, absolute ones stay. A reference pushed off the grid becomes #REF!.
 *
 * @example
 * shiftFormula("SUM(A1:B1)*$C$1", 2, 1); // "SUM(B3:C3)*$C$1"
 */
export function shiftFormula(formula: string, rows: number, columns: number): string {
  if (rows === 0 && columns === 0) return formula;
  const shiftRow = (absolute: string, row: string) => {
    const n = absolute ? Number(row) : Number(row) + rows;
    return n >= 1 && n <= MAX_ROW ? `${absolute}${n}` : null;
  };
  const shiftColumn = (absolute: string, letters: string) => {
    const n = absolute ? columnIndex(letters) : columnIndex(letters) + columns;
    return n >= 0 && n < MAX_COLUMN ? `${absolute}${columnLetters(n)}` : null;
  };
  return formula.replace(
    TOKEN,
    (
      token: string,
      c1?: string,
      col?: string,
      r1?: string,
      row?: string,
      ca?: string,
      colA?: string,
      cb?: string,
      colB?: string,
      ra?: string,
      rowA?: string,
      rb?: string,
      rowB?: string,
    ) => {
      if (col !== undefined && row !== undefined) {
        if (columnIndex(col) >= MAX_COLUMN) return token; // a name such as "ABCD1" is not a cell
        const c = shiftColumn(c1!, col);
        const r = shiftRow(r1!, row);
        return c && r ? c + r : "#REF!";
      }
      if (colA !== undefined && colB !== undefined) {
        const a = shiftColumn(ca!, colA);
        const b = shiftColumn(cb!, colB);
        return a && b ? `${a}:${b}` : "#REF!";
      }
      if (rowA !== undefined && rowB !== undefined) {
        const a = shiftRow(ra!, rowA);
        const b = shiftRow(rb!, rowB);
        return a && b ? `${a}:${b}` : "#REF!";
      }
      return token;
    },
  );
}
