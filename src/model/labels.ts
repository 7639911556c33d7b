import type { Language, Level, ModelPack } from "./types";

/**
 * The display name of a level, 0 included.
 *
 * @example
 * levelLabel(BUILTIN_PACK, 3, "zh-CN"); // "三级（协同级）"
 * levelLabel(BUILTIN_PACK, 0, "en-US"); // "Below Level 1"
 */
export function levelLabel(pack: ModelPack, level: Level, language: Language): string {
  return level === 0 ? pack.belowLevel1[language] : pack.levels[level - 1]!.name[language];
}

/** "<id> <version>", the way a pack is named in workbooks, CLI output and `CTMM.VERSION()`. */
export function describePack(pack: Pick<ModelPack, "id" | "version">): string {
  return `${pack.id} ${pack.version}`;
}
