import type { Language, ModelPack } from "../model";
import type { SheetMetadata } from "./contract";

/** A model pack as a sheet's metadata names it. */
export interface PackRef {
  readonly id: string;
  readonly version: string;
}

/**
 * Why a sheet does not match a pack: made for an older version of the same pack (upgrade it),
 * a newer one (load that pack), or another pack altogether (load that pack).
 */
export type PackMismatchReason = "older" | "newer" | "otherPack";

/**
 * Whether an assessment sheet was made for a model pack. `unrecorded`: the sheet carries no
 * metadata, so its model cannot be confirmed — validation reports it, while scoring reads such a
 * sheet as it is (a user's own sheet with the CTMM names).
 */
export type PackMatch =
  | { readonly status: "match" }
  | { readonly status: "unrecorded" }
  | {
      readonly status: "mismatch";
      readonly reason: PackMismatchReason;
      readonly sheet: PackRef;
      readonly pack: PackRef;
    };

/**
 * Compares a sheet's recorded model pack (id and version) with a pack. The one place that decides
 * "does this sheet match the pack", for validation, scoring and consolidation alike.
 *
 * @example
 * matchPack(readSheetAssessment(grid, "和平区").metadata, BUILTIN_PACK); // { status: "match" }
 * matchPack(null, BUILTIN_PACK).status; // "unrecorded"
 * matchPack({ packId: BUILTIN_PACK.id, packVersion: "1.0.0" }, BUILTIN_PACK); // 1.0.0-draft
 * // { status: "mismatch", reason: "newer", … }: a release is newer than its draft
 */
export function matchPack(
  metadata: Pick<SheetMetadata, "packId" | "packVersion"> | null | undefined,
  pack: Pick<ModelPack, "id" | "version">,
): PackMatch {
  if (!metadata) return { status: "unrecorded" };
  if (metadata.packId === pack.id && metadata.packVersion === pack.version) {
    return { status: "match" };
  }
  const sheet = { id: metadata.packId, version: metadata.packVersion };
  const reason: PackMismatchReason =
    metadata.packId !== pack.id
      ? "otherPack"
      : // Same version written differently ("1.0" and "1.0.0"): upgrading rewrites it exactly.
        compareVersions(metadata.packVersion, pack.version) > 0
        ? "newer"
        : "older";
  return { status: "mismatch", reason, sheet, pack: { id: pack.id, version: pack.version } };
}

/**
 * Orders two version strings the way semantic versioning does, leniently: dot-separated parts
 * compare as numbers when both are numeric (so 1.10 > 1.9), missing parts count as 0, and a
 * pre-release tag sorts before its release (1.0.0-draft < 1.0.0 < 1.0.1-draft). Build metadata
 * (+…) is ignored. Negative, zero or positive, as for `Array.prototype.sort`.
 *
 * @example
 * compareVersions("1.0.0-draft", "1.0.0"); // < 0
 * compareVersions("1.10", "1.9"); // > 0
 * compareVersions("2", "2.0.0"); // 0
 */
export function compareVersions(a: string, b: string): number {
  const split = (version: string) => {
    const [core = "", ...pre] = version.trim().replace(/^v/i, "").split("+")[0]!.split("-");
    return { core: core.split("."), pre: pre.join("-") };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < Math.max(x.core.length, y.core.length); i++) {
    const order = compareIdentifiers(x.core[i] ?? "0", y.core[i] ?? "0");
    if (order !== 0) return order;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === "") return 1;
  if (y.pre === "") return -1;
  const xs = x.pre.split(".");
  const ys = y.pre.split(".");
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const order = compareIdentifiers(xs[i]!, ys[i]!);
    if (order !== 0) return order;
  }
  return xs.length - ys.length;
}

/** Numbers numerically and before words (as semver orders pre-release identifiers), else text. */
function compareIdentifiers(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return Number(a) - Number(b);
  if (numeric.test(a)) return -1;
  if (numeric.test(b)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * What is wrong, in the user's language, for a sheet that does not match, and what to do about
 * it (validation findings, CLI lines, the task pane).
 *
 * @example
 * const pack = { id: "ctmm", version: "1.0.0-draft" };
 * packMatchMessage(matchPack({ packId: "ctmm", packVersion: "0.9" }, pack), "en-US");
 * // "This sheet was made for model ctmm 0.9, not ctmm 1.0.0-draft: an older version of the
 * //  model; upgrade it with ctmm upgrade"
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
  const zh = language === "zh-CN";
  const use = zh
    ? "（ctmm --model 模型包.json，或在任务窗格的“设置”中加载）"
    : " (ctmm --model PACK.json, or load it in the task pane's Settings)";
  switch (match.reason) {
    case "older":
      return zh
        ? `此表按模型 ${sheet} 生成，当前模型为 ${pack}，此表的模型版本较旧；请用 ctmm upgrade 升级`
        : `This sheet was made for model ${sheet}, not ${pack}: an older version of the model; upgrade it with ctmm upgrade`;
    case "newer":
      return zh
        ? `此表按模型 ${sheet} 生成，当前模型为 ${pack}，此表的模型版本较新；请使用较新的模型包${use}`
        : `This sheet was made for model ${sheet}, not ${pack}: a newer version of the model; use the newer model pack${use}`;
    case "otherPack":
      return zh
        ? `此表按模型 ${sheet} 生成，当前模型为 ${pack}，不是同一模型；请使用该模型的模型包${use}`
        : `This sheet was made for model ${sheet}, not ${pack}: another model; use that model's pack${use}`;
  }
}
