import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { XMLParser } from "fast-xml-parser";
import type { CellPlan, SheetPlan } from "../../src/sheet/plan";
import type { GridCell, SheetGrid, WorkbookGrid } from "../../src/sheet/grid";
import { cellKey } from "../../src/sheet/grid";
import { parseRange } from "../../src/sheet/a1";

/** A sheet plan with nothing in it but what the test says. */
export function sheetPlan(overrides: Partial<SheetPlan> & { name: string }): SheetPlan {
  return {
    cells: [],
    columns: [],
    rows: [],
    merges: [],
    validations: [],
    conditionalFormats: [],
    names: [],
    protect: false,
    ...overrides,
  };
}

/** A 0-based range from an A1 reference, e.g. range("E7:I43"). */
export function range(a1: string) {
  const parsed = parseRange(a1);
  if (!parsed) throw new Error(`not a range: ${a1}`);
  return parsed;
}

/** A cell plan at an A1 address. */
export function cell(a1: string, content: Omit<CellPlan, "row" | "column">): CellPlan {
  const { top, left } = range(a1);
  return { row: top, column: left, ...content };
}

/** The grid cell at an A1 address of a sheet. */
export function at(sheet: SheetGrid, a1: string): GridCell | undefined {
  const { top, left } = range(a1);
  return sheet.cells.get(cellKey(top, left));
}

export function sheetNamed(grid: WorkbookGrid, name: string): SheetGrid {
  const sheet = grid.sheets.find((s) => s.name === name);
  if (!sheet) throw new Error(`no sheet "${name}" in ${grid.sheets.map((s) => s.name).join(", ")}`);
  return sheet;
}

/** The parts of an .xlsx file as text, by name. */
export function unzipText(bytes: Uint8Array): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const [name, data] of Object.entries(unzipSync(bytes))) parts[name] = strFromU8(data);
  return parts;
}

/** A zip of text parts, for hand-written fixtures. */
export function zipText(parts: Record<string, string>): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(parts)) files[name] = strToU8(text);
  return zipSync(files);
}

const orderParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  removeNSPrefix: true,
});

/** The names of the child elements of an XML document's root, in document order. */
export function childOrder(xml: string): string[] {
  const doc = orderParser.parse(xml) as Record<string, unknown>[];
  const root = doc.find((node) => !Object.keys(node)[0]!.startsWith("?"))!;
  const children = Object.values(root)[0] as Record<string, unknown>[];
  return children.map((child) => Object.keys(child)[0]!).filter((name) => name !== "#text");
}

/** True when `names` appear in the order `sequence` gives (each at most where it may). */
export function followsSequence(names: readonly string[], sequence: readonly string[]): boolean {
  let position = 0;
  for (const name of names) {
    const index = sequence.indexOf(name, position);
    if (index < 0) return false;
    position = index;
  }
  return true;
}
