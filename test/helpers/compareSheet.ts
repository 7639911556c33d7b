import type { AggregateResult, Assessment, ModelPack } from "../../src/model";
import { cellKey } from "../../src/sheet/grid";
import type { GridCell, SheetGrid, WorkbookGrid } from "../../src/sheet/grid";
import { findName } from "../../src/sheet/readAssessment";

const WHY_COLUMN = 9;

/** The engine's blocker, as the sheet words it: "L3: 0.76 / 0.80" (rounded down). */
export function expectedWhy(aggregate: AggregateResult, na: string, topLevel: string): string {
  if (aggregate.result === null) return na;
  if (aggregate.blocker === null) return topLevel;
  const down = Math.floor(Number((aggregate.blocker.levelScore * 100).toPrecision(15))) / 100;
  return `L${aggregate.blocker.level}: ${down.toFixed(2)} / ${aggregate.blocker.threshold.toFixed(2)}`;
}

/** Compares every named result and item level of one sheet with the engine; returns the count. */
export function compareSheet(
  grid: WorkbookGrid,
  sheet: SheetGrid,
  engine: Assessment,
  na: string,
  pack: ModelPack,
  topLevel: string,
): number {
  const named = (name: string): GridCell[] => {
    const target = findName(grid, sheet.name, name)!.target!;
    const cells: GridCell[] = [];
    for (let row = target.top; row <= target.bottom; row++)
      cells.push(sheet.cells.get(cellKey(row, target.left))!);
    return cells;
  };
  let count = 0;
  const expectLevel = (
    cell: GridCell,
    aggregate: Pick<AggregateResult, "result">,
    where: string,
  ) => {
    expect([where, cell.value]).toEqual([where, aggregate.result ? aggregate.result.level : na]);
    count++;
  };
  const expectScore = (
    cell: GridCell,
    aggregate: Pick<AggregateResult, "result">,
    where: string,
  ) => {
    if (aggregate.result === null) expect([where, cell.value]).toEqual([where, na]);
    else {
      expect(typeof cell.value).toBe("number");
      expect([where, Math.abs((cell.value as number) - aggregate.result.score) < 1e-6]).toEqual([
        where,
        true,
      ]);
    }
    count++;
  };
  const ids = named("CTMM_DomainIds").map((c) => String(c.value));
  expect(ids).toEqual(pack.domains.map((d) => d.id));
  named("CTMM_DomainLevels").forEach((cell, i) =>
    expectLevel(cell, engine.domains[i]!, `${sheet.name} domain ${ids[i]} level`),
  );
  named("CTMM_DomainScores").forEach((cell, i) =>
    expectScore(cell, engine.domains[i]!, `${sheet.name} domain ${ids[i]} score`),
  );
  expectLevel(named("CTMM_OverallLevel")[0]!, engine.overall, `${sheet.name} overall level`);
  expectScore(named("CTMM_OverallScore")[0]!, engine.overall, `${sheet.name} overall score`);

  // "Why this level", beside every domain and the overall: the next level and its shortfall.
  const levels = findName(grid, sheet.name, "CTMM_DomainLevels")!.target!;
  [...engine.domains, engine.overall].forEach((aggregate, i) => {
    const why = sheet.cells.get(cellKey(levels.top + i, WHY_COLUMN))!.value;
    expect([aggregate.id, why]).toEqual([aggregate.id, expectedWhy(aggregate, na, topLevel)]);
    count++;
  });

  // Item levels: the column headed by the item-level label, on the item rows.
  const itemIds = findName(grid, sheet.name, "CTMM_ItemIds")!.target!;
  const ratings = findName(grid, sheet.name, "CTMM_Ratings")!.target!;
  const evidence = findName(grid, sheet.name, "CTMM_Evidence")!.target!;
  const itemLevelColumn = evidence.left + 1;
  expect(ratings.top).toBe(itemIds.top);
  engine.items.forEach((item, i) => {
    const cell = sheet.cells.get(cellKey(itemIds.top + i, itemLevelColumn))!;
    expectLevel(cell, item, `${sheet.name} item ${item.id} level`);
  });
  return count;
}
