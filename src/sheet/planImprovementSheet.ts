import type { ImprovementOutcome, ImprovementPaths, Language, ModelPack } from "../model";
import { levelLabel, listItems } from "../model";
import type { CellPlan, SheetPlan } from "./plan";
import { sheetPlan } from "./plan";

const TEXT = {
  "zh-CN": {
    title: (district: string, target: string) => `${district}：达到${target}的提升路径`,
    method:
      "按加权收益从大到小依次提升（将该项 1 至目标等级均评为“全部满足”），直至各级得分达到阈值。",
    scope: "范围",
    step: "顺序",
    id: "编号",
    item: "能力项",
    level: "当前等级",
    overall: "总体",
    reached: "已达到目标等级",
    noItem: "无适用项",
    unreachable: "仅提升这些项无法达到目标等级",
    na: "不适用",
  },
  "en-US": {
    title: (district: string, target: string) => `${district}: the way to ${target}`,
    method:
      "Items are raised in order of weighted gain (rated fully met at levels 1 to the target) until every level score reaches the threshold.",
    scope: "Scope",
    step: "Step",
    id: "Id",
    item: "Item",
    level: "Current level",
    overall: "Overall",
    reached: "Already at the target",
    noItem: "No applicable item",
    unreachable: "The target cannot be reached by raising these items",
    na: "N/A",
  },
} as const;

/**
 * A sheet listing an assessment's improvement paths (SPEC §6): per scope (overall, then each
 * domain) the items to raise in order, with their names and current levels. Values only: a
 * record of the decision, not a live view. Text is written as text.
 *
 * @example
 * planImprovementSheet(pack, findImprovementPaths(pack, input, 3), new Map(), {
 *   district: "和平区", language: "zh-CN", name: "提升路径" });
 */
export function planImprovementSheet(
  pack: ModelPack,
  paths: ImprovementPaths,
  itemLevels: ReadonlyMap<string, number | null>,
  options: { readonly district: string; readonly language: Language; readonly name: string },
): SheetPlan {
  const t = TEXT[options.language];
  const names = new Map(listItems(pack).map((p) => [p.item.id as string, p.item.name]));
  const header = { bold: true, fill: "D9E1F2", border: "thin" } as const;
  const cells: CellPlan[] = [
    {
      row: 0,
      column: 0,
      value: t.title(options.district, levelLabel(pack, paths.target, options.language)),
      style: { bold: true, fontSize: 13 },
    },
    { row: 1, column: 0, value: t.method, style: { italic: true, fontColor: "595959" } },
    ...[t.scope, t.step, t.id, t.item, t.level].map((value, column): CellPlan => ({
      row: 3,
      column,
      value,
      style: header,
    })),
  ];
  let row = 4;
  const scopes: [string, ImprovementOutcome][] = [
    [t.overall, paths.overall],
    ...paths.domains.map((d): [string, ImprovementOutcome] => [
      `${d.id} ${pack.domains.find((x) => x.id === d.id)!.name[options.language]}`,
      d,
    ]),
  ];
  for (const [scope, outcome] of scopes) {
    cells.push({ row, column: 0, value: scope, style: { bold: true } });
    if (outcome.status !== "path" || outcome.items.length === 0) {
      const note =
        outcome.status === "noApplicableItem"
          ? t.noItem
          : outcome.status === "unreachable"
            ? t.unreachable
            : t.reached;
      cells.push({ row, column: 3, value: note, style: { italic: true } });
      row++;
    } else {
      outcome.items.forEach((id, index) => {
        const level = itemLevels.get(id);
        cells.push(
          { row, column: 1, value: index + 1 },
          { row, column: 2, value: id },
          { row, column: 3, value: names.get(id)?.[options.language] ?? id },
          { row, column: 4, value: level === undefined || level === null ? t.na : level },
        );
        row++;
      });
    }
  }
  return sheetPlan(options.name, {
    cells,
    columns: [
      { index: 0, width: 24 },
      { index: 1, width: 6 },
      { index: 2, width: 8 },
      { index: 3, width: 36 },
      { index: 4, width: 12 },
    ],
    freeze: { rows: 4, columns: 0 },
  });
}
