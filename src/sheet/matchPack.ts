import type { Language, ModelPack } from "../model";
import type { SheetMetadata } from "./planWorkbook";

/** A model pack as a sheet's metadata names it. */
export interface PackRef {
  readonly id: string;
  readonly version: string;
}

/**
 * Whether an assessment sheet was made for a model pack. `unrecorded`: the sheet carries no
 * metadata, so its model cannot be confirmed — validation reports it, while scoring reads such a
 * sheet as it is (a user's own sheet with the CTMM names).
 */
export type PackMatch =
  | { readonly status: "match" }
  | { readonly status: "unrecorded" }
  | { readonly status: "mismatch"; readonly sheet: PackRef; readonly pack: PackRef };

/**
 * Compares a sheet's recorded model pack (id and version) with a pack. The one place that decides
 * "does this sheet match the pack", for validation, scoring and consolidation alike.
 *
 * @example
 * matchPack(readSheetAssessment(grid, "和平区").metadata, BUILTIN_PACK); // { status: "match" }
 * matchPack(null, BUILTIN_PACK).status; // "unrecorded"
 */
export function matchPack(
  metadata: Pick<SheetMetadata, "packId" | "packVersion"> | null | undefined,
  pack: Pick<ModelPack, "id" | "version">,
): PackMatch {
  if (!metadata) return { status: "unrecorded" };
  if (metadata.packId === pack.id && metadata.packVersion === pack.version) {
    return { status: "match" };
  }
  return {
    status: "mismatch",
    sheet: { id: metadata.packId, version: metadata.packVersion },
    pack: { id: pack.id, version: pack.version },
  };
}

/**
 * What is wrong, in the user's language, for a sheet that does not match (validation findings,
 * CLI lines, the task pane).
 *
 * @example
 * packMatchMessage(matchPack({ packId: "ctmm", packVersion: "0.9" }, BUILTIN_PACK), "en-US");
 * // "This sheet was made for model ctmm 0.9, not ctmm-gb-20213294-T-469 1.0.0-draft; upgrade it
 * //  with ctmm upgrade"
 */
export function packMatchMessage(
  match: Exclude<PackMatch, { readonly status: "match" }>,
  language: Language,
): string {
  if (match.status === "unrecorded") {
    return language === "zh-CN"
      ? "找不到此表的模型版本信息（CTMM_Meta），无法确认它按哪个模型生成"
      : "No model version is recorded for this sheet (CTMM_Meta), so its model cannot be confirmed";
  }
  const sheet = `${match.sheet.id} ${match.sheet.version}`;
  const pack = `${match.pack.id} ${match.pack.version}`;
  return language === "zh-CN"
    ? `此表按模型 ${sheet} 生成，当前模型为 ${pack}；请用 ctmm upgrade 升级`
    : `This sheet was made for model ${sheet}, not ${pack}; upgrade it with ctmm upgrade`;
}
