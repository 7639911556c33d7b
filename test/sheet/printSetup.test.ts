import type { AssessmentMode, Language } from "../../src/model";
import { BUILTIN_PACK, listItems } from "../../src/model";
import { fillPlan } from "../../src/sheet/fillPlan";
import type { SheetPlan } from "../../src/sheet/plan";
import { fitRowHeights, refitRowHeights, wrappedLines } from "../../src/sheet/rowHeights";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { SHEET_TEXT } from "../../src/sheet/sheetText";

const TEMPLATES: [Language, AssessmentMode][] = [
  ["zh-CN", "full"],
  ["zh-CN", "quick"],
  ["en-US", "full"],
  ["en-US", "quick"],
];

const planned = (language: Language, mode: AssessmentMode) =>
  planWorkbook(BUILTIN_PACK, { language, mode, formulaStyle: "portable", districts: ["和平区"] })
    .sheets[0]!;

/** Every wrapped text cell's lines, at 15 points a line, within its row (or merged rows). */
function unfitTexts(plan: SheetPlan): string[] {
  const widths = new Map(plan.columns.map((c) => [c.index, c.width ?? 8.43]));
  const heights = new Map(plan.rows.map((r) => [r.index, r.height ?? 15]));
  const problems: string[] = [];
  for (const cell of plan.cells) {
    if (!cell.style?.wrap || typeof cell.value !== "string") continue;
    const merge = plan.merges.find((m) => m.top === cell.row && m.left === cell.column);
    const [bottom, right] = [merge?.bottom ?? cell.row, merge?.right ?? cell.column];
    let width = 0;
    for (let c = cell.column; c <= right; c++) width += widths.get(c) ?? 8.43;
    let height = 0;
    for (let r = cell.row; r <= bottom; r++) height += heights.get(r) ?? 15;
    const needed = wrappedLines(cell.value, width, cell.style.bold === true) * 15;
    if (needed > height) problems.push(`${cell.row},${cell.column} ${cell.value}: ${height}`);
  }
  return problems;
}

describe.each(TEMPLATES)("the %s %s sheet's print setup", (language, mode) => {
  const sheet = planned(language, mode);
  const { plan, layout } = sheet;
  const print = plan.print!;

  it("is A4 landscape, one page wide and as many tall as needed, with narrow margins", () => {
    expect(print).toMatchObject({
      orientation: "landscape",
      paper: "A4",
      fitToWidth: 1,
      fitToHeight: 0,
      centerHorizontally: true,
    });
    expect(print.margins).toEqual({
      left: 0.25,
      right: 0.25,
      top: 0.75,
      bottom: 0.75,
      header: 0.3,
      footer: 0.3,
    });
  });

  it("repeats the item table's header row on every page", () => {
    const headerRow = layout.firstItemRow - 1;
    expect(print.titleRows).toEqual({ top: headerRow, bottom: headerRow });
    const header = plan.cells.filter((c) => c.row === headerRow).map((c) => c.value);
    expect(header).toEqual(
      expect.arrayContaining([SHEET_TEXT[language].item, SHEET_TEXT[language].evidence]),
    );
  });

  it("prints the header, results, items and the radar chart below them, and no hidden column", () => {
    const area = print.area!;
    expect(area.top).toBe(0);
    // The items, then the chart of the domain levels below them, and nothing further.
    const chart = plan.charts![0]!.anchor;
    expect(chart.top).toBeGreaterThan(layout.lastItemRow);
    expect(area.bottom).toBe(chart.bottom);
    expect(chart.left).toBeGreaterThanOrEqual(area.left);
    expect(chart.right).toBeLessThanOrEqual(area.right);
    const hidden = new Set(plan.columns.filter((c) => c.hidden).map((c) => c.index));
    for (let column = area.left; column <= area.right; column++)
      expect([column, hidden.has(column)]).toEqual([column, false]);
    // Every visible cell with something in it is inside the area.
    for (const cell of plan.cells) {
      if (hidden.has(cell.column) || (cell.value == null && cell.formula === undefined)) continue;
      expect([cell.row, cell.column, cell.column <= area.right]).toEqual([
        cell.row,
        cell.column,
        true,
      ]);
    }
    expect(area.right).toBe(Math.max(layout.labelColumn, layout.subdomainScoreColumn));
  });

  it("gives every wrapped item, heading and trait text the lines it needs", () => {
    expect(unfitTexts(plan)).toEqual([]);
    // The rows are estimates a spreadsheet may refit; the title row keeps its fixed height.
    expect(plan.rows.find((r) => r.index === 0)).toEqual({ index: 0, height: 26 });
    expect(plan.rows.filter((r) => r.index > 0).every((r) => r.fitted === true)).toBe(true);
    for (const row of layout.domainRows.values())
      expect(plan.rows.find((r) => r.index === row)?.height).toBeGreaterThanOrEqual(30);
  });

  it("grows the item rows for evidence once filled, without changing the plan it was given", () => {
    const ids = listItems(BUILTIN_PACK).map((p) => p.item.id as string);
    const note =
      language === "zh-CN"
        ? "已印发《城市数字化转型实施方案（2024—2026年）》，年度考核已纳入，见附件"
        : "Implementation plan 2024-2026 issued by the city government; annual review included";
    const workbook = { sheets: [plan] };
    const blank = JSON.stringify(plan);
    // Evidence written into the blank template's rows does not fit them…
    const stale = {
      ...plan,
      cells: plan.cells.map((cell) => {
        const evidence = sheet.layout.evidenceColumn;
        const row = cell.row - layout.firstItemRow;
        return cell.column === evidence && row >= 0 && row < ids.length
          ? { ...cell, value: note }
          : cell;
      }),
    };
    expect(unfitTexts(stale).length).toBeGreaterThan(0);
    // …and fillPlan, which carries entries, refits the rows so that it does.
    const filled = fillPlan(workbook, sheet, {
      ratings: new Map(),
      evidence: new Map(ids.map((id) => [id, note])),
    }).sheets[0]!;
    expect(JSON.stringify(plan)).toBe(blank);
    const before = JSON.stringify(filled);
    const refitted = refitRowHeights(filled);
    expect(JSON.stringify(filled)).toBe(before);
    expect(unfitTexts(filled)).toEqual([]);
    expect(refitted.rows).toEqual(filled.rows);
    const evidenceRow = filled.rows.find((r) => r.index === layout.firstItemRow)!;
    expect(evidenceRow.height).toBeGreaterThanOrEqual(30);
    expect(filled.rows.find((r) => r.index === 0)).toEqual({ index: 0, height: 26 });
    // Refitting an unfilled plan changes nothing.
    expect(refitRowHeights(plan).rows).toEqual(plan.rows);
  });
});

describe("wrappedLines", () => {
  it.each([
    ["Strategy formulation", 26, 1],
    ["Data circulation and utilisation facilities", 26, 2],
    ["数据流通利用设施", 26, 1],
    ["数据流通利用设施", 14, 2], // 16 widths in a 13-wide line
    ["条线主导，可申报", 14, 2],
    ["a\nb\n\nc", 30, 4],
    ["", 10, 1],
    ["Supercalifragilisticexpialidocious", 10, 4], // a long word breaks anywhere
  ])("%j in %d characters: %d line(s)", (text, width, lines) => {
    expect(wrappedLines(text, width)).toBe(lines);
  });

  it("counts a CJK character as two widths and bold text a little wider", () => {
    expect(wrappedLines("一二三四五六七八九十", 21)).toBe(1);
    expect(wrappedLines("一二三四五六七八九十", 20)).toBe(2);
    expect(wrappedLines("abcdefghij", 11)).toBe(1);
    expect(wrappedLines("abcdefghij", 11, true)).toBe(2);
  });
});

describe("fitRowHeights", () => {
  const wrap = { wrap: true } as const;
  it("shares a merged heading's lines over its rows and keeps fixed rows", () => {
    const rows = fitRowHeights(
      [
        { row: 0, column: 0, value: "one two three four five six", style: wrap },
        { row: 0, column: 1, value: "short", style: wrap },
        { row: 2, column: 1, value: "x".repeat(30), style: wrap },
      ],
      [{ top: 0, left: 0, bottom: 1, right: 0 }],
      [
        { index: 0, width: 6 },
        { index: 1, width: 11 },
      ],
      new Set([2]),
    );
    // Six lines (90 points) over two rows of 15 each: 30 more points for each.
    expect(rows).toEqual([
      { index: 0, height: 45, fitted: true },
      { index: 1, height: 45, fitted: true },
    ]);
  });
});
