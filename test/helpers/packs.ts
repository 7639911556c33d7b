import { BUILTIN_PACK, loadPack } from "../../src/model";
import type { ModelPack } from "../../src/model";

/** A deep, mutable copy of the built-in pack as plain JSON, for crafting other packs. */
export function builtinPackJson(): PackJson {
  return JSON.parse(JSON.stringify(BUILTIN_PACK)) as PackJson;
}

export interface PackJson {
  id: string;
  version: string;
  threshold?: number;
  levels: Record<string, unknown>[];
  domains: DomainJson[];
  [key: string]: unknown;
}
export interface DomainJson {
  id: string;
  name: Record<string, string>;
  weight?: number;
  traits: unknown[];
  subdomains: SubdomainJson[];
}
export interface SubdomainJson {
  id: string;
  name: Record<string, string>;
  weight?: number;
  items: ItemJson[];
}
export interface ItemJson {
  id: string;
  name: Record<string, string>;
  weight?: number;
}

const name = (id: string) => ({ "zh-CN": `项 ${id}`, "en-US": `Item ${id}` });
const traits = [1, 2, 3, 4, 5].map((l) => ({ "zh-CN": `特征 ${l}`, "en-US": `Trait ${l}` }));

/**
 * A pack with the given shape: `shape[d][s]` is the item count of sub-domain s of domain d; weights
 * optional in the same shape (domain, sub-domain, item).
 */
export function packOfShape(
  shape: readonly (readonly number[])[],
  weights?: {
    domains?: readonly number[];
    subdomains?: readonly (readonly number[])[];
    items?: readonly (readonly (readonly number[])[])[];
  },
): ModelPack {
  const json = builtinPackJson();
  json.id = "test-pack";
  json.domains = shape.map((subdomains, d) => ({
    id: `${d + 1}`,
    name: name(`${d + 1}`),
    weight: weights?.domains?.[d] ?? 1,
    traits,
    subdomains: subdomains.map((count, s) => ({
      id: `${d + 1}.${s + 1}`,
      name: name(`${d + 1}.${s + 1}`),
      weight: weights?.subdomains?.[d]?.[s] ?? 1,
      items: Array.from({ length: count }, (_, i) => ({
        id: `${d + 1}.${s + 1}.${i + 1}`,
        name: name(`${d + 1}.${s + 1}.${i + 1}`),
        weight: weights?.items?.[d]?.[s]?.[i] ?? 1,
      })),
    })),
  }));
  return loadPack(json);
}
