import type { CellPlan, ColumnPlan, RangePlan, RowPlan, SheetPlan } from "./plan";

/** Points per line of wrapped 11-point text, as Excel fits a row of Calibri 11 (15 for one line). */
const LINE_POINTS = 15;

/**
 * The sheet with its fitted row heights estimated again from the cells it now holds, e.g. once
 * evidence has been filled in: a file written from it prints the evidence whole, where a
 * spreadsheet would have grown the rows as the evidence was typed. Fixed heights stay.
 *
 * @example
 * const filled = fillPlan(plan, sheet, entries);
 * const printable = { ...filled, sheets: filled.sheets.map(refitRowHeights) };
 */
export function refitRowHeights(sheet: SheetPlan): SheetPlan {
  const kept = sheet.rows.filter((r) => !r.fitted);
  const fixed = new Set(kept.filter((r) => r.height !== undefined).map((r) => r.index));
  const fitted = fitRowHeights(sheet.cells, sheet.merges, sheet.columns, fixed);
  const hidden = new Set(kept.filter((r) => r.hidden).map((r) => r.index));
  const rows = [
    ...kept.filter((r) => !fitted.some((f) => f.index === r.index)),
    ...fitted.map((r) => (hidden.has(r.index) ? { ...r, hidden: true } : r)),
  ].sort((a, b) => a.index - b.index);
  return { ...sheet, rows };
}

/**
 * Heights for the rows whose wrapped text needs more than one line, for every row not in `fixed`:
 * each wrapped text cell needs its lines (`wrappedLines`) across the width of its columns (all of
 * a horizontal merge); a vertical merge's text is shared out over its rows when they are too
 * short together. Formula results are not known here and count as one line. Rows come out
 * `fitted`: spreadsheets may refit them and grow them as evidence is typed.
 */
export function fitRowHeights(
  cells: readonly CellPlan[],
  merges: readonly RangePlan[],
  columns: readonly ColumnPlan[],
  fixed: ReadonlySet<number>,
): RowPlan[] {
  const widths = new Map(columns.map((c) => [c.index, c.hidden ? 0 : (c.width ?? 8.43)]));
  const width = (left: number, right: number) => {
    let total = 0;
    for (let column = left; column <= right; column++) total += widths.get(column) ?? 8.43;
    return total;
  };
  const mergeAt = new Map(merges.map((m) => [`${m.top},${m.left}`, m]));
  const heights = new Map<number, number>();
  const blocks: { top: number; bottom: number; points: number }[] = [];
  for (const cell of cells) {
    if (!cell.style?.wrap || typeof cell.value !== "string" || cell.value === "") continue;
    const merge = mergeAt.get(`${cell.row},${cell.column}`);
    const right = merge?.right ?? cell.column;
    const lines = wrappedLines(cell.value, width(cell.column, right), cell.style.bold === true);
    const points = lines * LINE_POINTS * ((cell.style.fontSize ?? 11) / 11);
    if (merge && merge.bottom > merge.top) blocks.push({ ...merge, points });
    else heights.set(cell.row, Math.max(heights.get(cell.row) ?? LINE_POINTS, points));
  }
  for (const block of blocks) {
    let total = 0;
    for (let row = block.top; row <= block.bottom; row++) total += heights.get(row) ?? LINE_POINTS;
    if (total >= block.points) continue;
    const extra = (block.points - total) / (block.bottom - block.top + 1);
    for (let row = block.top; row <= block.bottom; row++)
      heights.set(row, (heights.get(row) ?? LINE_POINTS) + extra);
  }
  return [...heights]
    .filter(([row, points]) => !fixed.has(row) && points > LINE_POINTS)
    .map(([index, points]) => ({ index, height: Math.min(409, Math.ceil(points)), fitted: true }))
    .sort((a, b) => a.index - b.index);
}

/**
 * How many lines a text takes when wrapped in a column `width` characters wide (in the default
 * font's digit widths), as a spreadsheet wraps it: at spaces and between CJK characters, a word
 * longer than a line broken anywhere, each line break starting a new line. A CJK (or full-width)
 * character counts as two digit widths; bold text as a tenth wider. Errs on the side of a line more.
 *
 * @example
 * wrappedLines("Data circulation and utilisation facilities", 26); // 2
 * wrappedLines("数据流通利用设施", 14); // 2: eight characters need 16 widths of a 13-wide line
 */
export function wrappedLines(text: string, width: number, bold = false): number {
  // A cell's padding takes about one character of its width.
  const usable = Math.max(1, width - 1);
  const scale = bold ? 1.1 : 1;
  let lines = 0;
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    lines++;
    let used = 0;
    for (const token of paragraph.match(TOKENS) ?? []) {
      const word = token.trimEnd();
      const size = textWidth(word) * scale;
      const spaces = (token.length - word.length) * scale;
      if (used > 0 && used + size > usable) {
        lines++;
        used = 0;
      }
      if (size > usable) {
        // A word longer than a line: broken across as many lines as it fills.
        lines += Math.ceil(size / usable) - 1;
        used = size - (Math.ceil(size / usable) - 1) * usable;
      } else used += size;
      used += spaces;
    }
  }
  return Math.max(1, lines);
}

/** A text's width in digit widths: CJK and full-width characters count two, others one. */
function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

// CJK, Hangul and full-width forms: about two digit widths each in any spreadsheet's fonts.
const WIDE_CHARACTERS =
  "\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6";
const WIDE = new RegExp(`[${WIDE_CHARACTERS}]`);
/** Words with their trailing spaces, each wide character on its own, and leading spaces. */
const TOKENS = new RegExp(`[${WIDE_CHARACTERS}]|[^\\s${WIDE_CHARACTERS}]+\\s*|\\s+`, "g");
