import type { AssessmentMode, Language } from "../../src/model";
import { BUILTIN_PACK, listItems, loadPack } from "../../src/model";
import { carryEntries, readSheetEntries } from "../../src/sheet/entries";
import type { SheetEntries } from "../../src/sheet/entries";
import { fillPlan } from "../../src/sheet/fillPlan";
import type { GridCell, WorkbookGrid } from "../../src/sheet/grid";
import { cellKey } from "../../src/sheet/grid";
import { SHEET_NAMES } from "../../src/sheet/contract";
import { planWorkbook } from "../../src/sheet/planWorkbook";
import { readAssessments, readSheetAssessment } from "../../src/sheet/readAssessment";
import { readXlsx, writeXlsx } from "../../src/xlsx";
import { randomRow, seededRandom } from "../helpers/fill";
import { builtinPackJson } from "../helpers/packs";

const ITEM_IDS = listItems(BUILTIN_PACK).map((p) => p.item.id as string);

const plan = (districts: string[], mode: AssessmentMode = "full", language: Language = "zh-CN") =>
  planWorkbook(BUILTIN_PACK, { language, mode, formulaStyle: "portable", districts });

/** Entries as an assessor leaves them: random ratings of every kind, notes, header fields. */
function someEntries(seed: number, mode: AssessmentMode = "full"): SheetEntries {
  const random = seededRandom(seed);
  return {
    ratings: new Map(ITEM_IDS.map((id) => [id, randomRow(random, mode, "zh-CN")])),
    evidence: new Map(ITEM_IDS.filter((_, i) => i % 3 === 0).map((id) => [id, `=证明 ${id}`])),
    header: { district: "和平区（复核）", date: "2024/05/01", assessor: "+张三" },
  };
}

/** A workbook as a file gives it back: the plan filled with `entries`, written and read. */
function returned(entries: SheetEntries, districts = ["和平区"], mode: AssessmentMode = "full") {
  const planned = plan(districts, mode);
  return readXlsx(writeXlsx(fillPlan(planned.plan, planned.sheets[0]!, entries)));
}

/** A copy of the grid with one sheet's cells edited. */
function editCells(
  grid: WorkbookGrid,
  sheet: string,
  edit: (cells: Map<string, GridCell>) => void,
): WorkbookGrid {
  return {
    ...grid,
    sheets: grid.sheets.map((s) => {
      if (s.name !== sheet) return s;
      const cells = new Map(s.cells);
      edit(cells);
      return { ...s, cells };
    }),
  };
}

const nameTarget = (grid: WorkbookGrid, sheet: string, name: string) =>
  grid.names.find((n) => n.scope === sheet && n.name === name)!.target!;

describe("readSheetEntries", () => {
  it("reads back every rating, evidence note and header field a sheet was filled with", () => {
    for (const mode of ["full", "quick"] as const) {
      const entries = someEntries(mode === "full" ? 1 : 2, mode);
      const grid = returned(entries, ["和平区"], mode);
      const read = readSheetEntries(grid, "和平区")!;
      expect(read.ratings).toEqual(entries.ratings);
      expect(read.ratings).toEqual(readSheetAssessment(grid, "和平区").input.ratings);
      expect(read.evidence).toEqual(entries.evidence);
      expect(read.header).toEqual(entries.header);
      // Formula-like text came back as text.
      expect(read.evidence!.get("1.1.1")).toBe("=证明 1.1.1");
    }
  });

  it("reads the date as the text in CTMM_Date's cell, wherever that name points", () => {
    // A live workbook's adapter puts the displayed text of a typed date there, e.g. "2024/5/1".
    let grid = returned({ ratings: new Map() });
    const date = nameTarget(grid, "和平区", SHEET_NAMES.date);
    grid = editCells(grid, "和平区", (cells) =>
      cells.set(cellKey(date.top, date.left), { value: " 2024/5/1 ", locked: false }),
    );
    expect(readSheetEntries(grid, "和平区")!.header).toEqual({
      district: "和平区",
      date: "2024/5/1",
    });
    // The name, not a fixed address: point CTMM_Date at another cell and the reader follows.
    const moved: WorkbookGrid = {
      ...editCells(grid, "和平区", (cells) =>
        cells.set(cellKey(200, 3), { value: "2025-01-02", locked: false }),
      ),
      names: grid.names.map((n) =>
        n.scope === "和平区" && n.name === SHEET_NAMES.date
          ? { ...n, target: { ...n.target!, top: 200, bottom: 200, left: 3, right: 3 } }
          : n,
      ),
    };
    expect(readSheetEntries(moved, "和平区")!.header!.date).toBe("2025-01-02");
  });

  it("leaves out empty header fields, so that carrying never blanks a pre-filled one", () => {
    const grid = returned({ ratings: new Map() }, [""]);
    const [sheet] = readAssessments(grid);
    expect(readSheetEntries(grid, sheet!.sheet)!.header).toEqual({});
  });

  it("is null for a sheet that is not there or cannot be read as an assessment", () => {
    const grid = returned(someEntries(3));
    expect(readSheetEntries(grid, "河西区")).toBeNull();
    const broken: WorkbookGrid = {
      ...grid,
      names: grid.names.filter((n) => n.name !== SHEET_NAMES.itemIds),
    };
    expect(readSheetEntries(broken, "和平区")).toBeNull();
    const plain: WorkbookGrid = { ...grid, names: [] };
    expect(readSheetEntries(plain, "和平区")).toBeNull();
  });
});

describe("carryEntries", () => {
  it("carries every entry into a fresh plan by item id, leaving its inputs untouched", () => {
    const sources = new Map([
      ["和平区", someEntries(4)],
      ["河西区", someEntries(5)],
    ]);
    const planned = plan(["和平区", "河西区", "南开区"]);
    const before = JSON.stringify(planned.plan);
    const sourcesBefore = JSON.stringify([...sources].map(([k, v]) => [k, [...v.ratings]]));
    const carried = carryEntries(planned, sources, BUILTIN_PACK);
    expect(carried.kept).toEqual(["和平区", "河西区"]);
    expect(carried.dropped).toEqual([]);
    expect(JSON.stringify(planned.plan)).toBe(before);
    expect(JSON.stringify([...sources].map(([k, v]) => [k, [...v.ratings]]))).toBe(sourcesBefore);

    const grid = readXlsx(writeXlsx(carried.plan));
    for (const [name, entries] of sources) {
      const read = readSheetEntries(grid, name)!;
      expect(read.ratings).toEqual(entries.ratings);
      expect(read.evidence).toEqual(entries.evidence);
      expect(read.header).toEqual(entries.header);
    }
    // A planned sheet without a source stays as planned.
    expect(readSheetEntries(grid, "南开区")!.header).toEqual({ district: "南开区" });
  });

  it("round-trips: what readSheetEntries reads, carryEntries writes back the same", () => {
    const grid = returned(someEntries(6));
    const entries = readSheetEntries(grid, "和平区")!;
    const carried = carryEntries(plan(["和平区"]), new Map([["和平区", entries]]), BUILTIN_PACK);
    const again = readSheetEntries(readXlsx(writeXlsx(carried.plan)), "和平区")!;
    expect(again).toEqual(entries);
  });

  it("keeps what the plan pre-filled where the source has no header field", () => {
    const carried = carryEntries(
      plan(["和平区"]),
      new Map([["和平区", { ratings: new Map([["1.1.1", [1, 1, 1, 1, 1]]]) }]]),
      BUILTIN_PACK,
    );
    const [read] = readAssessments(readXlsx(writeXlsx(carried.plan)));
    expect(read!.district).toBe("和平区");
    expect(read!.input.ratings.get("1.1.1")).toEqual([1, 1, 1, 1, 1]);
  });

  it("maps items by id into another pack and reports entered items that no longer exist", () => {
    const json = builtinPackJson();
    json.version = "2.0.0";
    json.domains[5]!.subdomains[1]!.items.pop(); // 6.2.2 is gone
    const other = loadPack(json);
    const entries: SheetEntries = {
      ratings: new Map<string, unknown[]>([
        ["1.1.1", [1, 1, 0.8, 0.5, 0]],
        ["6.2.2", [1, 1, 1, null, null]],
        ["9.9.9", [null, "", null, null, null]], // nothing entered: not worth a message
      ]),
      evidence: new Map([["9.9.8", "a note for an item that is gone"]]),
    };
    const planned = planWorkbook(other, {
      language: "zh-CN",
      mode: "full",
      formulaStyle: "portable",
      districts: ["和平区", "河西区"],
    });
    const carried = carryEntries(
      planned,
      new Map([
        ["和平区", entries],
        ["河西区", entries],
      ]),
      other,
    );
    expect(carried.dropped).toEqual([
      { sheet: "和平区", itemId: "6.2.2" },
      { sheet: "和平区", itemId: "9.9.8" },
      { sheet: "河西区", itemId: "6.2.2" },
      { sheet: "河西区", itemId: "9.9.8" },
    ]);
    const [read] = readAssessments(readXlsx(writeXlsx(carried.plan)));
    expect(read!.items).toHaveLength(36);
    expect(read!.input.ratings.get("1.1.1")).toEqual([1, 1, 0.8, 0.5, 0]);
    expect(read!.input.ratings.has("6.2.2")).toBe(false);
  });

  it("ignores a source for a sheet that is not planned", () => {
    const carried = carryEntries(
      plan(["和平区"]),
      new Map([["河西区", someEntries(7)]]),
      BUILTIN_PACK,
    );
    expect(carried).toMatchObject({ kept: [], dropped: [] });
    expect(carried.plan).toEqual(plan(["和平区"]).plan);
  });
});
